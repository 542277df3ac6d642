import type { EntityManager } from "typeorm";
import type { Database } from "../../db/data-source";
import { keysetColumn, keysetValue } from "../../db/keyset";
import { staffIdFor } from "../staff/staff-id";
import { rangePartitions, type RangePartition } from "./partitions";
import { cutoffOf, retentionPolicy, type RetentionPolicyRule } from "./retention-policy";
import type { Dependent, RetentionContext } from "./retention-table";

/** What one rule removed (or, in a dry run, would remove), and what it kept although expired. */
export interface RetentionCount {
  rule: string;
  table: string;
  cutoff: Date;
  deletedRows: number;
  /** Partitions dropped whole (their rows are counted in deletedRows). */
  droppedPartitions: string[];
  /** Expired rows kept for a legal hold or an open claim. */
  heldRows: number;
  /** Expired rows kept for another exemption (a relationship not ended, an undelivered event…). */
  keptRows: number;
}

export interface RetentionReport {
  /** The retention_run row (null for a dry run, which records nothing). */
  runId: string | null;
  dryRun: boolean;
  startedAt: Date;
  finishedAt: Date;
  counts: RetentionCount[];
}

export interface RetentionOptions {
  /** What started the run (`schedule`, `cli`, …), recorded with it. */
  trigger: string;
  now?: Date;
  dryRun?: boolean;
  batchSize?: number;
  /** RETENTION_*_DAYS / _YEARS as configured (config.retention.periods). */
  periods?: Record<string, string>;
  context?: RetentionContext;
  /** Skip (answer null) when a run completed less than this long ago: checked under the lock, so replicas on one schedule run it once. */
  unlessRanWithinMs?: number;
}

/** The actor of the run's access-audit entry: the retention job, not a person. */
export const RETENTION_ACTOR_ID = staffIdFor("system:retention");
const LOCK_KEY = "customer360.retention";
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const anyOf = (sql: string[]) => (sql.length > 0 ? `(${sql.join(" OR ")})` : "FALSE");

/** The rule's predicates over `t` ($1 = cutoff, a JavaScript Date: whole milliseconds). */
export function predicates(rule: RetentionPolicyRule, context: RetentionContext) {
  const exemptions = rule.exemptions.filter((exemption) => !exemption.when || exemption.when(context));
  const held = anyOf(exemptions.filter((exemption) => exemption.hold).map((exemption) => exemption.sql));
  const kept = anyOf(exemptions.filter((exemption) => !exemption.hold).map((exemption) => exemption.sql));
  const scope = rule.scope ?? "TRUE";
  const time = rule.timeFrom?.sql ?? `t.${quote(rule.timeColumn as string)}`;
  // implied by `time < $1` (so no answer changes), written as the keyset index holds the time: the index can bound the scan; the column still prunes partitions
  const indexed = rule.keysetIndexed ? ` AND ${keysetColumn(time, "timestamptz")} < ${keysetValue("$1", "timestamptz")}` : "";
  const expired = `${time} < $1${indexed} AND (${scope})`;
  return { held, kept, scope, expired, purgeable: `${expired} AND NOT ${held} AND NOT ${kept}`, exempt: `(${held} OR ${kept})` };
}

/** Each unit of work in its own transaction, without the serving pool's statement timeout; audit_entry's trigger lets these DELETEs through. */
function work<T>(db: Database, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query(`SET LOCAL statement_timeout = 0`);
    await manager.query(`SET LOCAL c360.retention = 'on'`);
    return fn(manager);
  });
}

/** Rows elsewhere that point at the rows `ids` selects: deleted or unlinked first (a dropped partition fires no foreign-key action). */
async function releaseDependents(manager: EntityManager, dependents: readonly Dependent[] = [], ids: string, params: unknown[]): Promise<void> {
  for (const dependent of dependents) {
    const column = quote(dependent.column);
    await manager.query(
      dependent.onPurge === "delete"
        ? `DELETE FROM ${quote(dependent.table)} WHERE ${column} IN (${ids})`
        : `UPDATE ${quote(dependent.table)} SET ${column} = NULL WHERE ${column} IN (${ids})`,
      params,
    );
  }
}

/**
 * Drops the partitions wholly before the cutoff that hold no row the rule keeps (an exempt row, or
 * one outside its scope); a partition starting at MINVALUE (the history catch-all) and the default
 * one are never dropped. A partition whose lock is not granted in time is left to the DELETEs.
 */
async function dropPartitions(db: Database, rule: RetentionPolicyRule, partitions: RangePartition[], cutoff: Date, context: RetentionContext, dryRun: boolean) {
  const { expired, exempt } = predicates(rule, context);
  const dropped: string[] = [];
  let rows = 0;
  for (const partition of partitions) {
    if (partition.open || !partition.upper || partition.upper > cutoff) continue;
    const gone = await work(db, async (manager) => {
      const [{ blocking, count }] = await manager.query(
        `SELECT count(*) FILTER (WHERE NOT (${expired}) OR ${exempt})::int AS blocking, count(*)::int AS count FROM ${partition.name} t`,
        [cutoff],
      );
      if (blocking > 0) return null;
      if (!dryRun) {
        await manager.query(`SET LOCAL lock_timeout = '10s'`);
        await releaseDependents(manager, rule.dependents, `SELECT id FROM ${partition.name}`, []);
        await manager.query(`ALTER TABLE ${quote(rule.table)} DETACH PARTITION ${partition.name}`);
        await manager.query(`DROP TABLE ${partition.name}`);
      }
      return count as number;
    }).catch((err: { code?: string }) => {
      if (err.code === "55P03") return null; // lock_not_available: the rows go by DELETE
      throw err;
    });
    if (gone === null) continue;
    dropped.push(partition.name);
    rows += gone;
  }
  return { dropped, rows };
}

/** Deletes the rule's purgeable rows in batches (each with its dependents), answering how many went. */
async function deleteExpired(db: Database, rule: RetentionPolicyRule, cutoff: Date, context: RetentionContext, batchSize: number): Promise<number> {
  const { purgeable } = predicates(rule, context);
  const table = quote(rule.table);
  let deleted = 0;
  for (;;) {
    const batch = await work(db, async (manager) => {
      const ids: string[] = (await manager.query(`SELECT t.id FROM ${table} t WHERE ${purgeable} LIMIT $2`, [cutoff, batchSize])).map((row: { id: string }) => row.id);
      if (ids.length === 0) return 0;
      await releaseDependents(manager, rule.dependents, `SELECT unnest($1::uuid[])`, [ids]);
      const [{ count }] = await manager.query(`WITH gone AS (DELETE FROM ${table} WHERE id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS count FROM gone`, [ids]);
      return count as number;
    });
    deleted += batch;
    if (batch < batchSize) return deleted;
  }
}

/**
 * One rule applied at `now`. A dry run counts against the data as it is: what an earlier rule of the
 * same run would free (an outbox event whose dead letter goes first) is counted by the real run only.
 */
export async function purgeByRule(db: Database, rule: RetentionPolicyRule, now: Date, options: Required<Pick<RetentionOptions, "dryRun" | "batchSize" | "context">>): Promise<RetentionCount> {
  const cutoff = cutoffOf(rule, now);
  const { held, kept, expired } = predicates(rule, options.context);
  const [counts] = await work(db, (manager) =>
    manager.query(
      `SELECT count(*) FILTER (WHERE ${held})::int AS held, count(*) FILTER (WHERE NOT ${held} AND ${kept})::int AS kept,
         count(*) FILTER (WHERE NOT ${held} AND NOT ${kept})::int AS purgeable
       FROM ${quote(rule.table)} t WHERE ${expired}`,
      [cutoff],
    ),
  );
  const partitions = rule.timeColumn ? await work(db, (manager) => rangePartitions(manager, rule.table, rule.timeColumn as string)) : null;
  const { dropped, rows } = partitions ? await dropPartitions(db, rule, partitions, cutoff, options.context, options.dryRun) : { dropped: [], rows: 0 };
  // a dry run counts what would go; a real one what went (rows of dropped partitions plus the DELETEs)
  const deletedRows = options.dryRun ? counts.purgeable : rows + (await deleteExpired(db, rule, cutoff, options.context, options.batchSize));
  return { rule: rule.name, table: rule.table, cutoff, deletedRows, droppedPartitions: dropped, heldRows: counts.held, keptRows: counts.kept };
}

let runningHere = false;

/**
 * One retention run over the whole table, in order: each rule's expired rows go (whole partitions
 * where possible, else DELETEs in batches), except those a legal hold, an open claim or the rule's
 * other exemptions keep. A real run is recorded in `retention_run` with its counts and written to
 * the access audit; a dry run only counts. Answers null when another process (or this one) is
 * running it: one run at a time, across replicas, by a session advisory lock.
 */
export async function runRetention(db: Database, options: RetentionOptions): Promise<RetentionReport | null> {
  if (runningHere) return null;
  runningHere = true;
  const lock = db.kind === "postgres" ? db.createQueryRunner() : null;
  try {
    if (lock) {
      const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [LOCK_KEY]);
      if (!locked) return null;
    }
    try {
      if (options.unlessRanWithinMs !== undefined && (await ranWithin(db, options.unlessRanWithinMs, options.now ?? new Date()))) return null;
      return await purge(db, options);
    } finally {
      if (lock) await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [LOCK_KEY]);
    }
  } finally {
    await lock?.release();
    runningHere = false;
  }
}

async function ranWithin(db: Database, ms: number, now: Date): Promise<boolean> {
  const [row] = await db.query(`SELECT 1 FROM retention_run WHERE status = 'COMPLETED' AND started_at > $1 LIMIT 1`, [new Date(now.getTime() - ms)]);
  return row !== undefined;
}

async function purge(db: Database, options: RetentionOptions): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const settings = { dryRun, batchSize: options.batchSize ?? 5000, context: options.context ?? { streaming: false } };
  const rules = retentionPolicy(options.periods);
  const startedAt = new Date();
  const runId: string | null = dryRun
    ? null
    : (await db.query(`INSERT INTO retention_run (trigger, started_at) VALUES ($1, $2) RETURNING id`, [options.trigger, startedAt]))[0].id;
  const counts: RetentionCount[] = [];
  try {
    for (const rule of rules) counts.push(await purgeByRule(db, rule, now, settings));
  } catch (err) {
    if (runId) await finish(db, runId, counts, "FAILED", (err as Error).message.split("\n")[0].slice(0, 300));
    throw err;
  }
  const finishedAt = runId ? await finish(db, runId, counts, "COMPLETED", null) : new Date();
  return { runId, dryRun, startedAt, finishedAt, counts };
}

/** The run's record with its counts, and its access-audit entry (one per run, the counts as its fields). */
async function finish(db: Database, runId: string, counts: RetentionCount[], status: string, failure: string | null): Promise<Date> {
  const sum = (pick: (count: RetentionCount) => number) => counts.reduce((total, count) => total + pick(count), 0);
  return db.transaction(async (manager) => {
    const [{ finished_at }] = await manager.query(
      `WITH finished AS (UPDATE retention_run SET finished_at = now(), status = $2, failure = $3, tables = $4::jsonb,
         deleted_rows = $5, dropped_partitions = $6, held_rows = $7 WHERE id = $1 RETURNING finished_at) SELECT finished_at FROM finished`,
      [runId, status, failure, JSON.stringify(counts), sum((c) => c.deletedRows), sum((c) => c.droppedPartitions.length), sum((c) => c.heldRows)],
    );
    await manager.query(
      `INSERT INTO audit_entry (actor_id, role, purpose, operation, request_id, fields, outcome) VALUES ($1, 'ADMIN', $2, 'retention', $3, $4, $5)`,
      [
        RETENTION_ACTOR_ID,
        "retention (PIPL art. 19)",
        runId,
        counts.map((c) => `${c.rule}: ${c.deletedRows} deleted, ${c.droppedPartitions.length} partitions dropped, ${c.heldRows} held`),
        status === "COMPLETED" ? "PURGED" : "FAILED",
      ],
    );
    return new Date(finished_at);
  });
}
