import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { hydrate } from "./hydrate";

const statements = new WeakMap<object, Map<string, string>>();

/**
 * `SELECT * FROM <table> WHERE <column> = ANY($1)` from the entity's metadata: one array parameter
 * whatever the number of keys (TypeORM's `In([...])` binds one parameter per key and spends a
 * noticeable share of a request building that SQL). Relations use db/relations.ts instead.
 */
function selectByKeys<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: keyof T & string) {
  // loaders are made per request: the statement text is built once per entity and column
  const metadata = db.getMetadata(target);
  let byColumn = statements.get(metadata);
  if (!byColumn) statements.set(metadata, (byColumn = new Map()));
  let sql = byColumn.get(property);
  if (!sql) {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name}.${property} is not a column`);
    sql = `SELECT * FROM "${metadata.tableName}" WHERE "${column.databaseName}" = ANY($1)`;
    byColumn.set(property, sql);
  }
  const text = sql;
  return async (keys: readonly string[]): Promise<T[]> => hydrate(db, target, await db.query(text, [keys]));
}

/** Batch function: the row whose `property` equals each key, or null. */
export function rowByKey<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: keyof T & string) {
  const select = selectByKeys(db, target, property);
  return async (keys: readonly string[]): Promise<(T | null)[]> => {
    const byKey = new Map((await select(keys)).map((row) => [String(row[property]), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  };
}
