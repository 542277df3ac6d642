import type { DataSource } from "typeorm";

/**
 * The append-only tables partitioned by month (PARTITION BY RANGE on a timestamptz column), on
 * PGlite and PostgreSQL alike: `<table>_history` FROM (MINVALUE) to the first month, a partition
 * `<table>_pYYYYMM` per month from there to `monthsAhead` months after the current one, and
 * `<table>_default` (DEFAULT) for a row beyond them. Months are UTC calendar months.
 * The migrations (…930–932) lay them out, ensurePartitions() keeps the months ahead.
 */
export interface PartitionedTable {
  table: string;
  /** The partition key (timestamptz, NOT NULL); the primary key is (id, column). */
  column: string;
  /** Monthly partitions kept ready after the current month. */
  monthsAhead: number;
  /** A function that refuses TRUNCATE: a statement trigger on the parent does not fire for a partition truncated by name, so each partition gets it. */
  truncateGuard?: string;
}

export const AUDIT_ENTRY_PARTITIONS: PartitionedTable = { table: "audit_entry", column: "at", monthsAhead: 3, truncateGuard: "audit_entry_append_only" };
export const INTERACTION_PARTITIONS: PartitionedTable = { table: "interaction", column: "occurred_at", monthsAhead: 3 };
export const EVENT_OUTBOX_PARTITIONS: PartitionedTable = { table: "event_outbox", column: "occurred_at", monthsAhead: 3 };
export const PARTITIONED_TABLES: readonly PartitionedTable[] = [AUDIT_ENTRY_PARTITIONS, INTERACTION_PARTITIONS, EVENT_OUTBOX_PARTITIONS];

/** Monthly partitions start this many months before the migration ran; older rows go to `<table>_history`. */
export const HISTORY_MONTHS = 24;

/**
 * A reference to a partitioned table's `id` that a foreign key cannot hold (it would have to name
 * the partition column too): a constraint trigger on the child checks the parent row exists (and
 * locks it FOR KEY SHARE, as a foreign key does), a row trigger on the parent applies `onDelete`.
 * `name` is the foreign key's former name: a violation still names it. `checked: false` for a
 * row the parent's own trigger writes before the parent row exists (interaction_idempotency).
 */
export interface PartitionReference {
  name: string;
  child: string;
  column: string;
  parent: string;
  onDelete: "CASCADE" | "SET NULL";
  checked: boolean;
}

export const PARTITION_REFERENCES: readonly PartitionReference[] = [
  { name: "FK_f95627ac1d0d678cf31cbb3866c", child: "complaint", column: "interaction_id", parent: "interaction", onDelete: "CASCADE", checked: true },
  { name: "FK_service_case_origin_interaction", child: "service_case", column: "origin_interaction_id", parent: "interaction", onDelete: "SET NULL", checked: true },
  { name: "FK_service_task_interaction", child: "service_task", column: "interaction_id", parent: "interaction", onDelete: "SET NULL", checked: true },
  { name: "FK_interaction_idempotency_interaction", child: "interaction_idempotency", column: "interaction_id", parent: "interaction", onDelete: "CASCADE", checked: false },
  { name: "FK_webhook_delivery_event", child: "webhook_delivery", column: "event_id", parent: "event_outbox", onDelete: "CASCADE", checked: true },
];

/** What must happen to other rows when rows of `parent` go (as the replaced foreign keys' ON DELETE said): for a purge that drops partitions. */
export function referencesTo(parent: string): { table: string; column: string; onPurge: "delete" | "set null" }[] {
  return PARTITION_REFERENCES.filter((ref) => ref.parent === parent).map((ref) => ({ table: ref.child, column: ref.column, onPurge: ref.onDelete === "CASCADE" ? "delete" : "set null" }));
}

/** Anything that runs SQL: a DataSource, an EntityManager, a migration's QueryRunner. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function monthStart(time: Date, addMonths = 0): Date {
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth() + addMonths, 1));
}

export function partitionName(table: string, month: Date): string {
  return `${table}_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

const literal = (time: Date) => `'${time.toISOString()}'`;

async function addTruncateGuard(q: Sql, spec: PartitionedTable, partition: string): Promise<void> {
  if (!spec.truncateGuard) return;
  await q.query(`CREATE TRIGGER "${spec.truncateGuard}_no_truncate" BEFORE TRUNCATE ON "${partition}" FOR EACH STATEMENT EXECUTE FUNCTION "${spec.truncateGuard}"()`);
}

async function createMonthPartition(q: Sql, spec: PartitionedTable, parent: string, month: Date): Promise<string> {
  const name = partitionName(spec.table, month);
  await q.query(`CREATE TABLE "${name}" PARTITION OF "${parent}" FOR VALUES FROM (${literal(month)}) TO (${literal(monthStart(month, 1))})`);
  await addTruncateGuard(q, spec, name);
  return name;
}

/** The initial layout on an empty partitioned table `parent` (named `spec.table` or a temporary name). */
export async function createPartitionLayout(q: Sql, spec: PartitionedTable, parent: string, now: Date): Promise<void> {
  const first = monthStart(now, -HISTORY_MONTHS);
  await q.query(`CREATE TABLE "${spec.table}_history" PARTITION OF "${parent}" FOR VALUES FROM (MINVALUE) TO (${literal(first)})`);
  await addTruncateGuard(q, spec, `${spec.table}_history`);
  for (let month = first; month <= monthStart(now, spec.monthsAhead); month = monthStart(month, 1)) await createMonthPartition(q, spec, parent, month);
  await q.query(`CREATE TABLE "${spec.table}_default" PARTITION OF "${parent}" DEFAULT`);
  await addTruncateGuard(q, spec, `${spec.table}_default`);
}

async function columnList(q: Sql, table: string): Promise<string> {
  const rows: { name: string }[] = await q.query(
    `SELECT quote_ident(attname) AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`"${table}"`],
  );
  return rows.map((r) => r.name).join(", ");
}

/**
 * Replaces the plain table by a partitioned one with its columns, defaults, NOT NULLs and checks
 * (indexes, keys, triggers and references are the migration's), laid out as above, its rows
 * copied. Whatever depends on the old table (views, foreign keys, owned sequences) must be moved
 * or dropped first.
 */
export async function partitionTable(q: Sql, spec: PartitionedTable, now: Date): Promise<void> {
  const building = `${spec.table}_partitioned`;
  await q.query(`CREATE TABLE "${building}" (LIKE "${spec.table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("${spec.column}")`);
  await createPartitionLayout(q, spec, building, now);
  const columns = await columnList(q, spec.table);
  await q.query(`INSERT INTO "${building}" (${columns}) SELECT ${columns} FROM "${spec.table}"`);
  await q.query(`DROP TABLE "${spec.table}"`);
  await q.query(`ALTER TABLE "${building}" RENAME TO "${spec.table}"`);
}

/** The way back (a migration's down()): a plain table with the same columns and rows; the partitions go with the partitioned one. */
export async function unpartitionTable(q: Sql, spec: PartitionedTable): Promise<void> {
  const building = `${spec.table}_plain`;
  await q.query(`CREATE TABLE "${building}" (LIKE "${spec.table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  const columns = await columnList(q, spec.table);
  await q.query(`INSERT INTO "${building}" (${columns}) SELECT ${columns} FROM "${spec.table}"`);
  await q.query(`DROP TABLE "${spec.table}"`);
  await q.query(`ALTER TABLE "${building}" RENAME TO "${spec.table}"`);
}

/** The trigger functions behind PARTITION_REFERENCES (one pair for all references; arguments name the columns and tables). */
export async function createReferenceFunctions(q: Sql): Promise<void> {
  await q.query(`CREATE OR REPLACE FUNCTION partition_reference_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ref uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
      held uuid;
    BEGIN
      IF ref IS NULL OR (TG_OP = 'UPDATE' AND ref IS NOT DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[0])::uuid) THEN RETURN NULL; END IF;
      EXECUTE format('SELECT id FROM %I WHERE id = $1 FOR KEY SHARE', TG_ARGV[1]) INTO held USING ref;
      IF held IS NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_NAME
          USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_NAME, TABLE = TG_TABLE_NAME,
                DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], ref, TG_ARGV[1]);
      END IF;
      RETURN NULL;
    END $$`);
  // An UPDATE that moves a row to another partition fires AFTER DELETE on the old one: the row still exists then, and nothing is released.
  await q.query(`CREATE OR REPLACE FUNCTION partition_reference_release() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      moved boolean;
    BEGIN
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', TG_ARGV[3]) INTO moved USING OLD.id;
      IF moved THEN RETURN NULL; END IF;
      IF TG_ARGV[2] = 'CASCADE' THEN
        EXECUTE format('DELETE FROM %I WHERE %I = $1', TG_ARGV[0], TG_ARGV[1]) USING OLD.id;
      ELSE
        EXECUTE format('UPDATE %I SET %I = NULL WHERE %I = $1', TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]) USING OLD.id;
      END IF;
      RETURN NULL;
    END $$`);
}

/** The parent's trigger is cloned to each partition (TG_TABLE_NAME is then the partition's): the moved row is looked for in the parent, named by the last argument. */
export async function addReferenceTriggers(q: Sql, parent: string): Promise<void> {
  for (const ref of PARTITION_REFERENCES.filter((r) => r.parent === parent)) {
    if (ref.checked) {
      await q.query(`CREATE CONSTRAINT TRIGGER "${ref.name}" AFTER INSERT OR UPDATE OF "${ref.column}" ON "${ref.child}" FOR EACH ROW EXECUTE FUNCTION partition_reference_check('${ref.column}', '${ref.parent}')`);
    }
    await q.query(`CREATE TRIGGER "${ref.name}_release" AFTER DELETE ON "${ref.parent}" FOR EACH ROW EXECUTE FUNCTION partition_reference_release('${ref.child}', '${ref.column}', '${ref.onDelete}', '${ref.parent}')`);
  }
}

export async function dropReferenceTriggers(q: Sql, parent: string): Promise<void> {
  for (const ref of PARTITION_REFERENCES.filter((r) => r.parent === parent)) {
    if (ref.checked) await q.query(`DROP TRIGGER "${ref.name}" ON "${ref.child}"`);
    await q.query(`DROP TRIGGER "${ref.name}_release" ON "${ref.parent}"`);
  }
}

/**
 * Dropping (or detaching) a partition fires no row triggers: before retention drops one, this
 * applies the references' ON DELETE to the rows it holds (deletes the complaints of its
 * interactions, clears the cases' and tasks' links, deletes its events' deliveries).
 */
export async function releasePartitionReferences(q: Sql, parent: string, partition: string): Promise<void> {
  for (const ref of PARTITION_REFERENCES.filter((r) => r.parent === parent)) {
    const rows = `SELECT id FROM "${partition}"`;
    if (ref.onDelete === "CASCADE") await q.query(`DELETE FROM "${ref.child}" WHERE "${ref.column}" IN (${rows})`);
    else await q.query(`UPDATE "${ref.child}" SET "${ref.column}" = NULL WHERE "${ref.column}" IN (${rows})`);
  }
}

/** Partitions of `table` by name. */
async function partitionsOf(q: Sql, table: string): Promise<Set<string>> {
  const rows: { name: string }[] = await q.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
    [`"${table}"`],
  );
  return new Set(rows.map((r) => r.name));
}

const monthOf = (name: string) => new Date(Date.UTC(Number(name.slice(-6, -2)), Number(name.slice(-2)) - 1, 1));

/**
 * The months up to `now`'s + monthsAhead that have no partition yet: from `now`'s month, or from
 * the month after the latest monthly partition when that is earlier (a process stopped for months
 * fills the gap). A month before the first monthly partition belongs to the history one.
 */
async function missingMonths(q: Sql, spec: PartitionedTable, now: Date): Promise<Date[]> {
  const existing = await partitionsOf(q, spec.table);
  const monthly = [...existing].filter((name) => /_p\d{6}$/.test(name)).sort();
  if (monthly.length === 0) return [];
  const afterLatest = monthStart(monthOf(monthly[monthly.length - 1]), 1);
  const from = afterLatest < monthStart(now) ? afterLatest : monthStart(now);
  const missing: Date[] = [];
  for (let month = from; month <= monthStart(now, spec.monthsAhead); month = monthStart(month, 1)) {
    const name = partitionName(spec.table, month);
    if (name >= monthly[0] && !existing.has(name)) missing.push(month);
  }
  return missing;
}

/**
 * A month's partition, in the caller's transaction. Rows of that month already in the DEFAULT
 * partition would make CREATE … PARTITION OF fail: then the default is detached, the month
 * created, its rows moved there, and the default attached again.
 */
async function addMonth(q: Sql, spec: PartitionedTable, month: Date): Promise<string> {
  const defaultPartition = `${spec.table}_default`;
  const range = [month, monthStart(month, 1)];
  const [stray] = await q.query(`SELECT 1 FROM "${defaultPartition}" WHERE "${spec.column}" >= $1 AND "${spec.column}" < $2 LIMIT 1`, range);
  if (!stray) return createMonthPartition(q, spec, spec.table, month);
  await q.query(`ALTER TABLE "${spec.table}" DETACH PARTITION "${defaultPartition}"`);
  const name = await createMonthPartition(q, spec, spec.table, month);
  const columns = await columnList(q, spec.table);
  const inMonth = `"${spec.column}" >= $1 AND "${spec.column}" < $2`;
  await q.query(`INSERT INTO "${name}" (${columns}) SELECT ${columns} FROM "${defaultPartition}" WHERE ${inMonth}`, range);
  await q.query(`DELETE FROM "${defaultPartition}" WHERE ${inMonth}`, range); // detached: the parent's row triggers are no longer on it
  await q.query(`ALTER TABLE "${spec.table}" ATTACH PARTITION "${defaultPartition}" DEFAULT`);
  return name;
}

const LOCK = `SELECT pg_advisory_xact_lock(hashtext('customer360:partitions'))`;

/**
 * Creates the monthly partitions up to `now`'s month + monthsAhead that do not exist yet, for
 * every partitioned table; answers their names. Idempotent; processes running it together take
 * turns (an advisory lock) and the second finds nothing to do. Reads the catalog only when
 * nothing is missing (creating a partition locks the table).
 */
export async function ensurePartitions(db: DataSource, now: Date = new Date()): Promise<string[]> {
  let anyMissing = false;
  for (const spec of PARTITIONED_TABLES) if ((await missingMonths(db, spec, now)).length > 0) anyMissing = true;
  if (!anyMissing) return [];
  return db.transaction(async (manager) => {
    await manager.query(LOCK);
    const created: string[] = [];
    for (const spec of PARTITIONED_TABLES) {
      for (const month of await missingMonths(manager, spec, now)) created.push(await addMonth(manager, spec, month));
    }
    return created;
  });
}
