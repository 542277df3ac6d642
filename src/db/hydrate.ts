import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Turns raw rows (column names as in the database) into entity instances, applying TypeORM's own
 * hydration (dates, bigint transformers), for the few queries the query builder cannot express
 * (window functions, DISTINCT ON).
 */
export function hydrate<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, rows: Record<string, unknown>[]): T[] {
  const metadata = db.getMetadata(target);
  return rows.map((raw) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      if (column.databaseName in raw) {
        column.setEntityValue(entity, db.driver.prepareHydratedValue(raw[column.databaseName], column));
      }
    }
    return entity;
  });
}

/**
 * `hydrate` for rows a query builder returned raw under an alias (`c_full_name` for alias `c`):
 * the same entities as `getMany()` for a single-table query, without TypeORM's general
 * transformer (joins, relation ids, …), which is most of the cost of a 100-row page.
 */
export function hydrateAliased<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, alias: string, rows: Record<string, unknown>[]): T[] {
  const metadata = db.getMetadata(target);
  const columns = metadata.columns.map((column) => ({ column, key: `${alias}_${column.databaseName}` }));
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
