import type { DataSource, ObjectLiteral, SelectQueryBuilder } from "typeorm";

/**
 * Counts the rows of a query: exactly without a limit; with one, it reads at most `limit + 1`
 * rows (`SELECT count(*) FROM (… LIMIT limit + 1)`), so the answer is the size or `limit + 1`.
 * The order is dropped: it does not change a count.
 */
export async function countRows(query: SelectQueryBuilder<ObjectLiteral>, limit?: number): Promise<number> {
  if (limit === undefined) return query.getCount();
  const [sql, params] = query.clone().select("1").orderBy().limit(limit + 1).getQueryAndParameters();
  return countSql(query.connection, sql, params);
}

/** `count(*)` over a statement's rows (a bounded one: see countRows). */
export async function countSql(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query(`SELECT count(*)::int AS n FROM (${sql}) counted`, params);
  return Number(row.n);
}

/** ` LIMIT n + 1` when a count is bounded, else nothing (for counts written as SQL text). */
export function countLimit(limit?: number): string {
  return limit === undefined ? "" : ` LIMIT ${Math.trunc(limit) + 1}`;
}
