import type { DataSource } from "typeorm";

/**
 * A value that is the same for every viewer and holds no personal data (the product catalogue,
 * book-wide aggregates), shared across requests per database and re-read at most every `ttlMs`.
 * A failed read is not kept.
 */
export function sharedPerDatabase<T>(ttlMs: number, read: (db: DataSource) => Promise<T>): (db: DataSource) => Promise<T> {
  const cache = new WeakMap<DataSource, { at: number; value: Promise<T> }>();
  return (db) => {
    const hit = cache.get(db);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = read(db);
    cache.set(db, { at: Date.now(), value });
    value.catch(() => cache.delete(db));
    return value;
  };
}
