import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/** PostgreSQL counts a statement's bind parameters in 16 bits. */
const MAX_PARAMETERS = 65_535;

function parameter(column: ColumnMetadata, raw: unknown): unknown {
  // the column's own transformer (e.g. encryption at rest) applies as it would through TypeORM
  const value = column.transformer && !Array.isArray(column.transformer) ? column.transformer.to(raw) : raw;
  if (value instanceof Date) return value.toISOString();
  if (column.type === "jsonb" || column.type === "json") return JSON.stringify(value);
  return value;
}

export interface InsertOptions {
  /** Skip rows that collide with existing ones (reference data that may already be there). */
  skipExisting?: boolean;
}

/**
 * Multi-row parameterized INSERTs of entity-shaped rows (property names as in the entity), in
 * statements of at most MAX_PARAMETERS parameters. An undefined property takes the column default.
 * Returns the number of rows inserted.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  rows: readonly object[],
  options: InsertOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const metadata = manager.connection.getMetadata(target);
  const values = rows as readonly Record<string, unknown>[];
  const columns = metadata.columns.filter((column) => values.some((row) => row[column.propertyName] !== undefined));
  const head = `INSERT INTO "${metadata.tableName}" (${columns.map((column) => `"${column.databaseName}"`).join(", ")}) VALUES `;
  const tail = options.skipExisting ? " ON CONFLICT DO NOTHING RETURNING 1" : "";
  const rowsPerStatement = Math.floor(MAX_PARAMETERS / columns.length);
  let inserted = 0;
  for (let first = 0; first < values.length; first += rowsPerStatement) {
    const parameters: unknown[] = [];
    const tuples = values.slice(first, first + rowsPerStatement).map((row) => {
      const placeholders = columns.map((column) => {
        const value = row[column.propertyName];
        if (value === undefined) return "DEFAULT";
        parameters.push(parameter(column, value));
        return `$${parameters.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    const result: unknown[] = await manager.query(head + tuples.join(", ") + tail, parameters);
    inserted += options.skipExisting ? result.length : tuples.length;
  }
  return inserted;
}
