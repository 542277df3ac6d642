import type { BatchCounts, ImportRow } from "./import-kind";
import type { KnownRecord } from "./source-references";

/** A batch's rows by what the writer does with them: insert, update (with their known key), or only mark seen (key ids). */
export interface Sorted<Placed, Known> {
  fresh: Placed[];
  changed: (Placed & { key: Known })[];
  seen: string[];
}

/** Refuses a row on a column (null: the row as a whole); the text never quotes a value. */
export type Refuse = (field: string | null, problem: string) => void;

/**
 * Sorts one batch as every kind's upsert does: `check` refuses what only the database can tell
 * (references, moves) and returns how to place an accepted row (resolved ids, numbers); an
 * accepted row is fresh (no key), unchanged (same digest: seen) or changed (another digest).
 * Refused rows go to `counts.refused`, by column.
 */
export function sortBatch<Row extends ImportRow, Placed extends { row: Row; digest: string }, Known extends KnownRecord>(
  rows: { row: Row; digest: string }[],
  known: Known[],
  counts: BatchCounts<Row>,
  check: (item: { row: Row; digest: string }, key: Known | undefined, refuse: Refuse) => () => Placed,
): Sorted<Placed, Known> {
  const keyOf = new Map(known.map((key) => [key.source_id, key]));
  const sorted: Sorted<Placed, Known> = { fresh: [], changed: [], seen: [] };
  for (const item of rows) {
    const key = keyOf.get(item.row.sourceId);
    const refusals = counts.refused.length;
    const place = check(item, key, (field, problem) => counts.refused.push({ row: item.row, field, problem }));
    if (counts.refused.length > refusals) continue;
    const placed = place();
    if (key?.content_digest === item.digest) sorted.seen.push(key.key_id);
    else if (key) sorted.changed.push({ ...placed, key });
    else sorted.fresh.push(placed);
  }
  return sorted;
}
