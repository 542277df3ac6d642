import { sharedPerDatabase } from "../../db/shared-cache";

/**
 * Active policies per product across the whole book: the ranking shown to customers who withdrew
 * profiling consent. An aggregate over every customer — no one's personal data, the same for every
 * viewer — and a scan of all policies (~40 ms at 100,000 customers), so it is shared across
 * requests and recounted at most every five minutes, like the catalogue.
 */
export const productPopularity = sharedPerDatabase(5 * 60_000, async (db) => {
  const rows: { product_code: string; holders: number }[] = await db.query(
    `SELECT product_code, count(*)::int AS holders FROM policy WHERE status = 'ACTIVE' GROUP BY product_code`,
  );
  return Object.fromEntries(rows.map((row) => [row.product_code, Number(row.holders)])) as Record<string, number>;
});
