import { In, type DataSource, type EntityTarget, type FindOptionsOrder, type ObjectLiteral } from "typeorm";
import { groupByKey } from "./hydrate";

/** Batch function: all rows whose `property` is one of the keys, grouped per key in key order. */
export function rowsByKey<T extends ObjectLiteral>(
  db: DataSource,
  target: EntityTarget<T>,
  property: keyof T & string,
  order: FindOptionsOrder<T>,
) {
  return async (keys: readonly string[]): Promise<T[][]> => {
    const rows = await db.getRepository(target).find({ where: { [property]: In([...keys]) } as never, order });
    return groupByKey(keys, rows, (row) => String(row[property]));
  };
}

/** Batch function: the row whose `property` equals each key, or null. */
export function rowByKey<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, property: keyof T & string) {
  return async (keys: readonly string[]): Promise<(T | null)[]> => {
    const rows = await db.getRepository(target).find({ where: { [property]: In([...keys]) } as never });
    const byKey = new Map(rows.map((row) => [String(row[property]), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  };
}
