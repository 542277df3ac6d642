import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { groupByKey, hydrate } from "./hydrate";

type Order<T> = Partial<Record<keyof T & string, "ASC" | "DESC">>;

const statements = new WeakMap<object, Map<string, string>>();

/**
 * `SELECT * FROM <table> WHERE <column> = ANY($1) [ORDER BY …]` from the entity's metadata: one
 * array parameter whatever the number of keys (TypeORM's `In([...])` binds one parameter per key
 * and spends a noticeable share of a request building that SQL).
 */
function selectByKeys<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: keyof T & string, order: Order<T> = {}) {
  // loaders are made per request: the statement text is built once per entity, column and order
  const metadata = db.getMetadata(target);
  let byShape = statements.get(metadata);
  if (!byShape) statements.set(metadata, (byShape = new Map()));
  const shape = `${property}|${JSON.stringify(order)}`;
  let sql = byShape.get(shape);
  if (!sql) {
    const columnOf = (name: string) => {
      const column = metadata.findColumnWithPropertyName(name);
      if (!column) throw new Error(`${metadata.name}.${name} is not a column`);
      return `"${column.databaseName}"`;
    };
    const orderBy = Object.entries(order).map(([name, direction]) => `${columnOf(name)} ${direction === "DESC" ? "DESC" : "ASC"}`);
    sql = `SELECT * FROM "${metadata.tableName}" WHERE ${columnOf(property)} = ANY($1)${orderBy.length ? ` ORDER BY ${orderBy.join(", ")}` : ""}`;
    byShape.set(shape, sql);
  }
  const text = sql;
  return async (keys: readonly string[]): Promise<T[]> => hydrate(db, target, await db.query(text, [keys]));
}

/** Batch function: all rows whose `property` is one of the keys, grouped per key in key order. */
export function rowsByKey<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: keyof T & string, order: Order<T>) {
  const select = selectByKeys(db, target, property, order);
  return async (keys: readonly string[]): Promise<T[][]> => groupByKey(keys, await select(keys), (row) => String(row[property]));
}

/** Batch function: the row whose `property` equals each key, or null. */
export function rowByKey<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: keyof T & string) {
  const select = selectByKeys(db, target, property);
  return async (keys: readonly string[]): Promise<(T | null)[]> => {
    const byKey = new Map((await select(keys)).map((row) => [String(row[property]), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  };
}
