import type { DataSource } from "typeorm";

/**
 * Active policies per product across the whole book: the ranking shown to customers who withdrew
 * profiling consent. An aggregate over every customer — no one's personal data, the same for every
 * viewer — and a scan of all policies (~40 ms at 100,000 customers), so it is shared across
 * requests and recounted at most every five minutes, like the catalogue.
 */
const TTL_MS = 5 * 60_000;
const cache = new WeakMap<DataSource, { at: number; popularity: Promise<Record<string, number>> }>();

export function productPopularity(db: DataSource): Promise<Record<string, number>> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.popularity;
  const popularity = db
    .query(`SELECT product_code, count(*)::int AS holders FROM policy WHERE status = 'ACTIVE' GROUP BY product_code`)
    .then((rows: { product_code: string; holders: number }[]) => Object.fromEntries(rows.map((row) => [row.product_code, Number(row.holders)])));
  cache.set(db, { at: Date.now(), popularity });
  popularity.catch(() => cache.delete(db));
  return popularity;
}
