import { getMetadataStorage } from "type-graphql";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { DataSource } from "typeorm";
import { getterReads } from "../../db/getter-columns";
import { bigintToNumber } from "../../shared/transformers";

/** How a GraphQL field of an entity type is read from a row. */
export type EntityField =
  | { kind: "column"; property: string; column: ColumnMetadata }
  | { kind: "computed"; property: string; needs: string[] | "all" }
  | { kind: "resolver" };

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

const cache = new WeakMap<Function, WeakMap<Function, Map<string, EntityField>>>();

/**
 * The fields of a GraphQL object type whose rows are rows of an entity (usually the entity's own
 * class): straight from a column, computed by a getter of the entity from the columns it declares
 * with `@Reads`, or needing a resolver (left to the executor unless a declared relation answers it).
 */
export function entityFields(db: DataSource, entity: Function, objectClass: Function = entity): Map<string, EntityField> {
  let byClass = cache.get(entity);
  if (!byClass) cache.set(entity, (byClass = new WeakMap()));
  let fields = byClass.get(objectClass);
  if (fields) return fields;
  fields = new Map();
  const metadata = db.getMetadata(entity);
  const storage = getMetadataStorage();
  const resolved = new Set(
    storage.fieldResolvers
      // "internal" ones are the entity's own getters, registered as resolvers of their field
      .filter((resolver) => resolver.kind === "external" && resolver.getObjectType?.() === objectClass)
      .map((resolver) => resolver.schemaName),
  );
  for (const field of storage.fields.filter((candidate) => candidate.target === objectClass)) {
    if (resolved.has(field.schemaName)) {
      fields.set(field.schemaName, { kind: "resolver" });
      continue;
    }
    const column = metadata.findColumnWithPropertyName(field.name);
    if (column && !isRelationProperty(column)) {
      fields.set(field.schemaName, readableColumn(column) ? { kind: "column", property: field.name, column } : { kind: "resolver" });
      continue;
    }
    const getter = objectClass === entity ? Object.getOwnPropertyDescriptor(entity.prototype, field.name)?.get : undefined;
    const needs = getterReads(entity, field.name);
    for (const property of needs ?? []) {
      if (!metadata.findColumnWithPropertyName(property)) throw new Error(`${entity.name}.${field.name} declares it reads ${property}, which is not a column`);
    }
    fields.set(field.schemaName, getter ? { kind: "computed", property: field.name, needs: needs ?? "all" } : { kind: "resolver" });
  }
  for (const name of resolved) if (!fields.has(name)) fields.set(name, { kind: "resolver" });
  byClass.set(objectClass, fields);
  return fields;
}

/** The plain columns of an entity a compiled read may select (by property name). */
export function readableColumns(db: DataSource, target: Function): ColumnMetadata[] {
  return db.getMetadata(target).columns.filter((column) => !isRelationProperty(column) && readableColumn(column));
}
