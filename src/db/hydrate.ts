import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Turns raw rows (column names as in the database, or `<alias>_<column>` as a query builder's raw
 * rows name them) into entity instances, applying TypeORM's own hydration (dates, bigint
 * transformers), for the queries the query builder cannot express (window functions, DISTINCT ON)
 * and for pages where its general transformer (joins, relation ids, …) is most of the cost.
 */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, rows: Record<string, unknown>[], alias?: string): T[] {
  const metadata = db.getMetadata(target);
  const columns = metadata.columns.map((column) => ({ column, key: alias ? `${alias}_${column.databaseName}` : column.databaseName }));
  return rows.map((raw) => {
    const entity = metadata.create() as T;
    for (const { column, key } of columns) {
      if (key in raw) column.setEntityValue(entity, db.driver.prepareHydratedValue(raw[key], column));
    }
    return entity;
  });
}

/** Groups rows by a key, in the order of `keys` (DataLoader contract). */
export function groupByKey<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
