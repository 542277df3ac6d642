import type { DataSource } from "typeorm";
import { storeAssessments } from "./risk-assessor";
import { loadRiskFacts } from "./risk-facts.query";

/**
 * Customers (not erased) without an assessment at or after the cut-off. OFFSET 0 keeps the NOT
 * EXISTS a probe per customer: as an anti-join, the generic plan merged each chunk of 500 with
 * every assessment since the cut-off (1.4 s a chunk at 600,000: quadratic over an import's pass).
 */
const STALE = `c.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM risk_assessment r WHERE r.customer_id = c.id AND r.assessed_at >= $1 OFFSET 0)`;

/** Assesses, a chunk at a time (one transaction each, in id order), the customers `next` hands out after an id. */
async function reassessChunks(db: DataSource, next: (after: string) => Promise<{ id: string }[]>, onChunk: (assessed: number) => void): Promise<number> {
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await next(after);
    if (rows.length === 0) return done;
    const now = new Date();
    const facts = await loadRiskFacts(db, rows.map((r) => r.id), now);
    await db.transaction((manager) => storeAssessments(manager, facts, now, null));
    done += rows.length;
    after = rows[rows.length - 1].id;
    onChunk(done);
  }
}

/**
 * Re-assesses, `chunk` at a time, the customers a list names that have no assessment since
 * `cutoff` — after an import job, the customers it wrote. The list is a table (alias `t`) with a
 * `customer_id` column and an index leading with the columns `where` fixes ($1: its parameter),
 * then `customer_id`: it drives the scan, so the cost follows the list, not the customer table.
 * Resumable as reassessStale: a customer assessed since the cut-off is skipped.
 */
export function reassessListed(db: DataSource, list: { table: string; where: string }, parameter: unknown, cutoff: Date, chunk = 500): Promise<number> {
  return reassessChunks(db, (after) => db.query(
    `SELECT c.id FROM ${list.table} t JOIN customer c ON c.id = t.customer_id
      WHERE ${list.where} AND ${STALE.replace("$1", "$2")} AND t.customer_id > $3 ORDER BY t.customer_id LIMIT $4`,
    [parameter, cutoff.toISOString(), after, chunk],
  ), () => undefined);
}

export async function countStale(db: DataSource, cutoff: Date): Promise<number> {
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM customer c WHERE ${STALE}`, [cutoff.toISOString()]);
  return total;
}

/**
 * Re-assesses every stale customer, `chunk` at a time (one transaction each, in id order).
 * Resumable by construction: a customer assessed by an interrupted run is no longer stale.
 */
export function reassessStale(db: DataSource, cutoff: Date, chunk: number, onChunk: (assessed: number) => void = () => undefined): Promise<number> {
  return reassessChunks(db, (after) => db.query(`SELECT c.id FROM customer c WHERE ${STALE} AND c.id > $2 ORDER BY c.id LIMIT $3`, [cutoff.toISOString(), after, chunk]), onChunk);
}
