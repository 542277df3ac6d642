import type { DataSource } from "typeorm";

/**
 * A value that is the same for every viewer and holds no personal data (the product catalogue,
 * book-wide aggregates), shared across requests per database and re-read at most every `ttlMs`.
 * A failed read is not kept, nor a value that `keep` refuses (read again at the next call).
 */
export function sharedPerDatabase<T>(ttlMs: number, read: (db: DataSource) => Promise<T>, keep: (value: T) => boolean = () => true): (db: DataSource) => Promise<T> {
  const cache = new WeakMap<DataSource, { at: number; value: Promise<T> }>();
  return (db) => {
    const hit = cache.get(db);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = read(db);
    cache.set(db, { at: Date.now(), value });
    const forget = () => cache.get(db)?.value === value && cache.delete(db);
    value.then((found) => keep(found) || forget(), forget);
    return value;
  };
}
