import { getMetadataStorage } from "type-graphql";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { DataSource, EntityMetadata } from "typeorm";
import { bigintToNumber } from "../../shared/transformers";

/** How a GraphQL field of an entity type is read from a row. */
export type EntityField =
  | { kind: "column"; property: string; column: ColumnMetadata }
  | { kind: "computed"; property: string; needs: string[] | "all" }
  | { kind: "resolver" };

/**
 * Columns that computed (getter) fields read; a getter not listed here makes the compiled read
 * fetch every plain column of its entity (always correct, only slower).
 */
const GETTER_COLUMNS: Record<string, string[]> = {
  "Policy.premium": ["premium", "currency"],
  "Policy.annualPremium": ["premium", "premiumFrequency", "currency"],
  "Policy.sumInsured": ["sumInsured", "currency"],
  "Coverage.limit": ["limitAmount", "currency"],
  "Coverage.deductible": ["deductible", "currency"],
};

/** Plain values JSON carries exactly as the driver returns them (after the bigint transformer). */
function readableColumn(column: ColumnMetadata): boolean {
  const transformer = column.transformer;
  if (transformer && transformer !== bigintToNumber) return false;
  const type = String(column.type);
  return !type.startsWith("simple-") && !["numeric", "decimal", "money", "bytea", "interval"].includes(type);
}

/** A join column known only under its relation's name (e.g. `customer`), not a plain property of its own. */
function isRelationProperty(column: ColumnMetadata): boolean {
  return column.relationMetadata !== undefined && column.propertyName === column.relationMetadata.propertyName;
}

const cache = new WeakMap<EntityMetadata, Map<string, EntityField>>();

/**
 * The fields of an entity's GraphQL type: straight from a column, computed by a getter of the
 * entity from its columns, or needing a resolver (left to the executor unless the compiled
 * relations know it).
 */
export function entityFields(db: DataSource, target: Function, typeName: string): Map<string, EntityField> {
  const metadata = db.getMetadata(target);
  let fields = cache.get(metadata);
  if (fields) return fields;
  fields = new Map();
  const storage = getMetadataStorage();
  const resolved = new Set(
    storage.fieldResolvers
      // "internal" ones are the entity's own getters, registered as resolvers of their field
      .filter((resolver) => resolver.kind === "external" && resolver.getObjectType?.() === target)
      .map((resolver) => resolver.schemaName),
  );
  for (const field of storage.fields.filter((candidate) => candidate.target === target)) {
    if (resolved.has(field.schemaName)) {
      fields.set(field.schemaName, { kind: "resolver" });
      continue;
    }
    const column = metadata.findColumnWithPropertyName(field.name);
    if (column && !isRelationProperty(column)) {
      fields.set(field.schemaName, readableColumn(column) ? { kind: "column", property: field.name, column } : { kind: "resolver" });
      continue;
    }
    const getter = Object.getOwnPropertyDescriptor(target.prototype, field.name)?.get;
    fields.set(
      field.schemaName,
      getter ? { kind: "computed", property: field.name, needs: GETTER_COLUMNS[`${typeName}.${field.schemaName}`] ?? "all" } : { kind: "resolver" },
    );
  }
  for (const name of resolved) if (!fields.has(name)) fields.set(name, { kind: "resolver" });
  cache.set(metadata, fields);
  return fields;
}

/** The plain columns of an entity a compiled read may select (by property name). */
export function readableColumns(db: DataSource, target: Function): ColumnMetadata[] {
  return db.getMetadata(target).columns.filter((column) => !isRelationProperty(column) && readableColumn(column));
}
