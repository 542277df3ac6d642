import type { DataSource } from "typeorm";

/**
 * Grows a seeded database to bench size in SQL, fast enough for a million customers: every table
 * that hangs off `customer` (found from the foreign keys, so a new table is grown without being
 * named here) is copied `copies` times in one INSERT … SELECT per table and batch. A copy's ids are
 * derived from the original's (md5(id:copy)), so references between copied rows stay consistent;
 * references to tables that are not copied (staff, products, segments) are kept; unique business
 * keys get a `-<copy>` suffix; idempotency keys are left empty. Personal values stay encrypted
 * copies of the originals' (the bench reads them, it does not look them up).
 */

interface Column {
  name: string;
  type: string;
  /** Foreign key target table, when the column is one (single-column keys only). */
  references: string | null;
  /** The columns of each unique index (not the primary key) the column is part of. */
  unique: string[][];
}

interface Table {
  name: string;
  columns: Column[];
  parents: string[];
}

/** Tables that are never copied: reference data, logs grown separately, and the event machinery. */
const NOT_COPIED = new Set(["audit_entry", "event_outbox", "webhook_delivery", "webhook_attempt", "import_job", "import_error", "migrations"]);

async function tables(db: DataSource): Promise<Map<string, Table>> {
  const columns: { table: string; name: string; type: string; generated: boolean }[] = await db.query(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           (a.attgenerated <> '' OR a.attidentity <> '') AS generated
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const foreign: { table: string; column: string; target: string }[] = await db.query(`
    SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.confrelid::regclass::text AS target
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`);
  const unique: { table: string; columns: string[] }[] = await db.query(`
    SELECT i.indrelid::regclass::text AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    JOIN pg_class t ON t.oid = i.indrelid
    WHERE i.indisunique AND NOT i.indisprimary AND t.relnamespace = 'public'::regnamespace
    GROUP BY i.indexrelid, i.indrelid`);
  const byName = new Map<string, Table>();
  for (const column of columns) {
    if (column.generated) continue;
    const table = byName.get(column.table) ?? { name: column.table, columns: [], parents: [] };
    byName.set(column.table, table);
    const reference = foreign.find((f) => f.table === column.table && f.column === column.name);
    table.columns.push({
      name: column.name,
      type: column.type,
      references: reference?.target ?? null,
      unique: unique.filter((u) => u.table === column.table && u.columns.includes(column.name)).map((u) => u.columns),
    });
  }
  for (const table of byName.values()) table.parents = [...new Set(table.columns.flatMap((c) => (c.references && c.references !== table.name ? [c.references] : [])))];
  return byName;
}

/** The tables copied with each customer (reachable from `customer` through foreign keys), parents first. */
function copiedTables(all: Map<string, Table>): Table[] {
  const copied = new Set(["customer"]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const table of all.values()) {
      if (copied.has(table.name) || NOT_COPIED.has(table.name)) continue;
      if (table.parents.some((parent) => copied.has(parent))) {
        copied.add(table.name);
        grew = true;
      }
    }
  }
  const ordered: Table[] = [];
  const placed = new Set<string>();
  while (ordered.length < copied.size) {
    const before = ordered.length;
    for (const name of copied) {
      const table = all.get(name)!;
      if (placed.has(name) || !table.parents.every((parent) => !copied.has(parent) || placed.has(parent))) continue;
      ordered.push(table);
      placed.add(name);
    }
    if (ordered.length === before) throw new Error(`foreign keys in a cycle among ${[...copied].filter((name) => !placed.has(name)).join(", ")}`);
  }
  return ordered;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A uuid column a copy derives anew (an id, or a reference to a copied row), not one it keeps. */
const derivedPerCopy = (column: Column, copied: Set<string>) => column.type === "uuid" && !(column.references && !copied.has(column.references));

/** What a copy's column holds, for copy number `k`. */
function copiedValue(column: Column, table: Table, copied: Set<string>): string {
  const source = `src.${quote(column.name)}`;
  if (column.type === "uuid") return derivedPerCopy(column, copied) ? `md5(${source}::text || ':' || k)::uuid` : source;
  // a text key is suffixed only where its unique index has no id the copy derives anew (that already makes the copy's key unique):
  // a relationship's kind or a task's rule code, unique beside ids, keep their values
  const byName = (name: string) => table.columns.find((other) => other.name === name);
  if (column.unique.some((index) => !index.some((name) => { const other = byName(name); return other !== undefined && derivedPerCopy(other, copied); }))) {
    if (/idempotency/.test(column.name)) return "NULL";
    if (/char|text/.test(column.type)) return `${source} || '-' || k`;
  }
  return source;
}

export interface GrowthReport {
  table: string;
  rows: number;
  seconds: number;
}

/**
 * Copies the customers already in the database (and everything that hangs off them) `copies`
 * times; foreign-key checks and triggers are off meanwhile
 * (session_replication_role = replica: the rows are consistent by construction).
 */
export async function copyCustomers(db: DataSource, copies: number, progress: (line: string) => void): Promise<GrowthReport[]> {
  const all = await tables(db);
  const ordered = copiedTables(all);
  const copied = new Set(ordered.map((t) => t.name));
  const report: GrowthReport[] = [];
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SET session_replication_role = replica");
    await runner.query("SET statement_timeout = 0");
    for (const table of ordered) {
      const names = table.columns.map((c) => quote(c.name)).join(", ");
      const values = table.columns.map((c) => copiedValue(c, table, copied)).join(", ");
      const started = performance.now();
      // one statement per table: it reads the table as it was when it began (the originals only)
      const result = await runner.query(
        `INSERT INTO ${quote(table.name)} (${names}) SELECT ${values} FROM ${quote(table.name)} src CROSS JOIN generate_series(1, ${copies}) k`,
        [],
        true,
      );
      const rows = result.affected ?? 0;
      const seconds = (performance.now() - started) / 1000;
      report.push({ table: table.name, rows, seconds });
      progress(`  ${table.name.padEnd(24)} +${rows.toLocaleString("en-US").padStart(12)} rows  ${seconds.toFixed(1)} s`);
    }
  } finally {
    await runner.query("SET session_replication_role = DEFAULT").catch(() => undefined);
    await runner.release();
  }
  return report;
}

/** Adds interactions to the customers' histories, earlier in time, until there are `perCustomer` per customer on average. */
export async function topUpInteractions(db: DataSource, perCustomer: number): Promise<number> {
  const [{ customers, interactions }] = await db.query(`SELECT (SELECT count(*) FROM customer)::bigint AS customers, (SELECT count(*) FROM interaction)::bigint AS interactions`);
  const missing = Number(customers) * perCustomer - Number(interactions);
  if (missing <= 0) return 0;
  const table = (await tables(db)).get("interaction")!;
  const rounds = Math.ceil(missing / Number(interactions));
  const values = table.columns.map((column) => {
    const source = `src.${quote(column.name)}`;
    if (column.name === "id") return `md5(${source}::text || ':history:' || k)::uuid`;
    if (column.unique) return "NULL";
    // each round a year and a bit further back: a long history, as a contact centre's is
    if (/^timestamp/.test(column.type)) return `${source} - make_interval(days => 400 * k)`;
    return source;
  });
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SET session_replication_role = replica");
    await runner.query("SET statement_timeout = 0");
    const result = await runner.query(
      `INSERT INTO interaction (${table.columns.map((c) => quote(c.name)).join(", ")})
       SELECT ${values.join(", ")} FROM interaction src CROSS JOIN generate_series(1, ${rounds}) k LIMIT ${missing}`,
      [],
      true,
    );
    return result.affected ?? 0;
  } finally {
    await runner.query("SET session_replication_role = DEFAULT").catch(() => undefined);
    await runner.release();
  }
}

/**
 * Access-audit rows as agents' reads of the 360 leave them: `perCustomer` per customer on average,
 * spread over the last two years, each naming one customer and the fields released.
 */
export async function addAuditRows(db: DataSource, perCustomer: number): Promise<number> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SET statement_timeout = 0");
    await runner.query(`CREATE TEMP TABLE scale_customer AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM customer`);
    await runner.query(`CREATE TEMP TABLE scale_agent AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM staff_user WHERE role = 'AGENT'`);
    const [{ customers, agents }] = await runner.query(`SELECT (SELECT count(*) FROM scale_customer)::bigint AS customers, (SELECT count(*) FROM scale_agent)::bigint AS agents`);
    const rows = Number(customers) * perCustomer;
    const result = await runner.query(
      `INSERT INTO audit_entry (at, actor_id, role, purpose, operation, request_id, customer_id, fields, outcome)
       SELECT now() - make_interval(mins => ((i * 7) % (730 * 24 * 60))::int), a.id, 'AGENT', NULL, 'Customer360', 'bench-scale-' || (i / 4),
              c.id, '{fullName,email,phone,dateOfBirth}', CASE WHEN i % 5 = 0 THEN 'MASKED' ELSE 'ALLOWED' END
       FROM generate_series(1::bigint, ${rows}::bigint) i
       JOIN scale_customer c ON c.n = 1 + (i * 7919) % ${customers}
       JOIN scale_agent a ON a.n = 1 + i % ${agents}`,
      [],
      true,
    );
    return result.affected ?? 0;
  } finally {
    await runner.query("DROP TABLE IF EXISTS scale_customer, scale_agent").catch(() => undefined);
    await runner.release();
  }
}
