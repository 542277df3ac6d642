import { closeTestDatabase, openTestDatabase } from "./support/database";
import type { Database } from "../src/db/data-source";
import { PartitionAuditEntry1795700000930 } from "../migrations/1795700000930-PartitionAuditEntry";
import { PartitionInteraction1795700000931 } from "../migrations/1795700000931-PartitionInteraction";
import { PartitionEventOutbox1795700000932 } from "../migrations/1795700000932-PartitionEventOutbox";
import { ensurePartitions, monthStart, partitionName, PARTITIONED_TABLES, releasePartitionReferences } from "../src/db/partitions";

/**
 * The monthly partitions of audit_entry, interaction and event_outbox (migrations …930–932,
 * src/db/partitions.ts), the same on PGlite and PostgreSQL.
 */
describe("monthly partitions", () => {
  let db: Database;
  let customerId: string;
  const now = new Date();

  beforeAll(async () => {
    db = await openTestDatabase();
    [{ id: customerId }] = await db.query(`INSERT INTO customer (customer_number, kind, full_name) VALUES ('PART-1', 'INDIVIDUAL', 'Partition Case') RETURNING id`);
  });
  afterAll(() => closeTestDatabase(db));

  const partitions = async (table: string): Promise<{ name: string; bound: string }[]> =>
    db.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass ORDER BY c.relname`,
      [table],
    );
  const partitionOf = async (table: string, id: string): Promise<string> =>
    (await db.query(`SELECT tableoid::regclass::text AS partition FROM ${table} WHERE id = $1`, [id]))[0]?.partition;
  const interaction = async (occurredAt: Date, idempotencyKey: string | null = null): Promise<string> =>
    (await db.query(
      `INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, idempotency_key) VALUES ($1, 'PHONE', 'INQUIRY', 'INBOUND', 'Partitions', $2, $3) RETURNING id`,
      [customerId, occurredAt, idempotencyKey],
    ))[0].id;
  const complaint = async (interactionId: string): Promise<string> =>
    (await db.query(
      `INSERT INTO complaint (interaction_id, customer_id, category, severity, status, received_at, due_at) VALUES ($1, $2, 'SERVICE', 'LOW', 'RECEIVED', now(), now()) RETURNING id`,
      [interactionId, customerId],
    ))[0].id;
  const plan = async (sql: string): Promise<string> => (await db.query(`EXPLAIN ${sql}`)).map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n");
  const scanned = (text: string, table: string): string[] => [...new Set(text.match(new RegExp(`\\b${table}_(p\\d{6}|history|default)\\b`, "g")) ?? [])].sort();

  it("lay out a history partition, consecutive months to three ahead and a default one, for each table", async () => {
    await ensurePartitions(db, now);
    for (const { table } of PARTITIONED_TABLES) {
      const found = await partitions(table);
      const monthly = found.filter((p) => /_p\d{6}$/.test(p.name));
      const first = new Date(`${monthly[0].name.slice(-6, -2)}-${monthly[0].name.slice(-2)}-01T00:00:00Z`);
      // 24 months before the migration ran (the migrated template may be from an earlier month)
      expect(first <= monthStart(now, -24)).toBe(true);
      const expected: string[] = [];
      for (let month = first; month <= monthStart(now, 3); month = monthStart(month, 1)) expected.push(partitionName(table, month));
      expect(monthly.map((p) => p.name)).toEqual(expected);
      expect(found.find((p) => p.name === `${table}_history`)?.bound).toMatch(new RegExp(`^FOR VALUES FROM \\(MINVALUE\\) TO \\('${first.getUTCFullYear()}-`));
      expect(found.find((p) => p.name === `${table}_default`)?.bound).toBe("DEFAULT");
      expect(found).toHaveLength(monthly.length + 2);
    }
  });

  it("are kept months ahead by ensurePartitions, idempotently, also when two run at once", async () => {
    const later = monthStart(now, 8);
    const before = await Promise.all(PARTITIONED_TABLES.map(({ table }) => partitions(table)));
    const [first, second] = await Promise.all([ensurePartitions(db, later), ensurePartitions(db, later)]);
    // months 4..11 ahead of now, for three tables, created once between the two
    expect([...first, ...second].sort()).toEqual(
      PARTITIONED_TABLES.flatMap(({ table }) => [4, 5, 6, 7, 8, 9, 10, 11].map((ahead) => partitionName(table, monthStart(now, ahead)))).sort(),
    );
    expect(await ensurePartitions(db, later)).toEqual([]);
    const after = await Promise.all(PARTITIONED_TABLES.map(({ table }) => partitions(table)));
    after.forEach((found, i) => expect(found.length).toBe(before[i].length + 8));
  });

  it("move a month's rows out of the default partition when that month gets its own", async () => {
    const future = new Date(monthStart(now, 30).getTime() + 5 * 86_400_000);
    const [{ id: auditId }] = await db.query(
      `INSERT INTO audit_entry (at, actor_id, role, operation, request_id, outcome) VALUES ($1, gen_random_uuid(), 'ADMIN', 'partition-test', 'r-part', 'ALLOWED') RETURNING id`,
      [future],
    );
    const contact = await interaction(future, "partition-move-key");
    const filed = await complaint(contact);
    expect(await partitionOf("audit_entry", auditId)).toBe("audit_entry_default");
    expect(await partitionOf("interaction", contact)).toBe("interaction_default");

    const created = await ensurePartitions(db, monthStart(now, 28));
    expect(created).toContain(partitionName("audit_entry", monthStart(now, 30)));
    expect(await partitionOf("audit_entry", auditId)).toBe(partitionName("audit_entry", monthStart(now, 30)));
    expect(await partitionOf("interaction", contact)).toBe(partitionName("interaction", monthStart(now, 30)));
    const perPartition: { partition: string; rows: number }[] = await db.query(
      `SELECT tableoid::regclass::text AS partition, count(*)::int AS rows FROM interaction WHERE customer_id = $1 GROUP BY 1`,
      [customerId],
    );
    expect(perPartition).toEqual([{ partition: partitionName("interaction", monthStart(now, 30)), rows: 1 }]);
    // the move is not a delete: the complaint and the idempotency claim stay
    expect(await db.query(`SELECT id FROM complaint WHERE id = $1`, [filed])).toHaveLength(1);
    expect(await db.query(`SELECT interaction_id FROM interaction_idempotency WHERE idempotency_key = 'partition-move-key'`)).toEqual([{ interaction_id: contact }]);
    // the audit stays append-only in the new partition
    await expect(db.query(`DELETE FROM audit_entry WHERE id = $1`, [auditId])).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE ${partitionName("audit_entry", monthStart(now, 30))}`)).rejects.toThrow(/append-only/);
  });

  it("hold the references to interaction and event_outbox as their foreign keys did", async () => {
    await expect(complaint("00000000-0000-4000-8000-000000000000")).rejects.toThrow(/violates foreign key constraint "FK_f95627ac1d0d678cf31cbb3866c"/);
    await expect(
      db.query(`INSERT INTO service_task (customer_id, kind, purpose, due_at, queue, status, interaction_id) VALUES ($1, 'CALL_BACK', 'SERVICE', now(), 'GENERAL', 'OPEN', gen_random_uuid())`, [customerId]),
    ).rejects.toThrow(/foreign key constraint "FK_service_task_interaction"/);

    const contact = await interaction(new Date(now.getTime() - 40 * 86_400_000));
    const filed = await complaint(contact);
    const [{ id: caseId }] = await db.query(
      `INSERT INTO service_case (customer_id, channel, priority, queue, subject, status, opened_at, origin_interaction_id) VALUES ($1, 'PHONE', 'NORMAL', 'GENERAL', 'Ref', 'NEW', now(), $2) RETURNING id`,
      [customerId, contact],
    );
    const [{ id: taskId }] = await db.query(
      `INSERT INTO service_task (customer_id, kind, purpose, due_at, queue, status, interaction_id) VALUES ($1, 'CALL_BACK', 'SERVICE', now(), 'GENERAL', 'OPEN', $2) RETURNING id`,
      [customerId, contact],
    );
    // moving the contact to another month (an UPDATE across partitions) keeps what refers to it
    await db.query(`UPDATE interaction SET occurred_at = occurred_at - interval '62 days' WHERE id = $1`, [contact]);
    expect(await db.query(`SELECT id FROM complaint WHERE id = $1`, [filed])).toHaveLength(1);
    expect((await db.query(`SELECT origin_interaction_id FROM service_case WHERE id = $1`, [caseId]))[0].origin_interaction_id).toBe(contact);

    await db.query(`DELETE FROM interaction WHERE id = $1`, [contact]);
    expect(await db.query(`SELECT id FROM complaint WHERE id = $1`, [filed])).toHaveLength(0);
    expect((await db.query(`SELECT origin_interaction_id FROM service_case WHERE id = $1`, [caseId]))[0].origin_interaction_id).toBeNull();
    expect((await db.query(`SELECT interaction_id FROM service_task WHERE id = $1`, [taskId]))[0].interaction_id).toBeNull();

    const [{ id: endpointId }] = await db.query(`INSERT INTO webhook_endpoint (url, secret_sealed, active) VALUES ('https://example.test/hook', 'sealed', false) RETURNING id`);
    await expect(
      db.query(`INSERT INTO webhook_delivery (endpoint_id, event_id, position) VALUES ($1, gen_random_uuid(), 1)`, [endpointId]),
    ).rejects.toThrow(/foreign key constraint "FK_webhook_delivery_event"/);
    const [{ id: eventId, position }] = await db.query(`INSERT INTO event_outbox (type, customer_id, data) VALUES ('customer.updated', $1, '{}') RETURNING id, position`, [customerId]);
    await db.query(`INSERT INTO webhook_delivery (endpoint_id, event_id, position) VALUES ($1, $2, $3)`, [endpointId, eventId, position]);
    await db.query(`DELETE FROM event_outbox WHERE id = $1`, [eventId]);
    expect(await db.query(`SELECT id FROM webhook_delivery WHERE event_id = $1`, [eventId])).toHaveLength(0);
  });

  it("let retention release a partition's references before dropping it (a dropped partition fires no triggers)", async () => {
    const month = monthStart(now, 28);
    const contact = await interaction(new Date(month.getTime() + 86_400_000));
    const filed = await complaint(contact);
    const partition = partitionName("interaction", month);
    await releasePartitionReferences(db, "interaction", partition);
    expect(await db.query(`SELECT id FROM complaint WHERE id = $1`, [filed])).toHaveLength(0);
    await db.query(`DROP TABLE ${partition}`);
    expect(await db.query(`SELECT id FROM interaction WHERE id = $1`, [contact])).toHaveLength(0);
  });

  it("keep an idempotency key unique across all months, and free it with its interaction", async () => {
    const first = await interaction(new Date(now.getTime() - 300 * 86_400_000), "partition-global-key");
    await expect(interaction(new Date(now.getTime() - 86_400_000), "partition-global-key")).rejects.toThrow(/duplicate key value violates unique constraint "PK_interaction_idempotency"/);
    await db.query(`DELETE FROM interaction WHERE id = $1`, [first]);
    const again = await interaction(new Date(now.getTime() - 86_400_000), "partition-global-key");
    expect(await db.query(`SELECT interaction_id FROM interaction_idempotency WHERE idempotency_key = 'partition-global-key'`)).toEqual([{ interaction_id: again }]);
  });

  it("prune to the months a query's time range names", async () => {
    const month = monthStart(now, -1);
    const range = `'${month.toISOString()}' AND at < '${monthStart(now).toISOString()}'`;
    expect(scanned(await plan(`SELECT id, operation FROM audit_entry WHERE at >= ${range}`), "audit_entry")).toEqual([partitionName("audit_entry", month)]);
    const twoMonths = await plan(
      `SELECT id, subject FROM interaction WHERE customer_id = '${customerId}' AND occurred_at >= '${monthStart(now, -2).toISOString()}' AND occurred_at < '${monthStart(now).toISOString()}' ORDER BY occurred_at DESC`,
    );
    expect(scanned(twoMonths, "interaction")).toEqual([partitionName("interaction", monthStart(now, -2)), partitionName("interaction", monthStart(now, -1))]);
    const unfiltered = scanned(await plan(`SELECT id FROM interaction WHERE customer_id = '${customerId}'`), "interaction");
    expect(unfiltered.length).toBeGreaterThan(25);
    expect(unfiltered).toEqual(expect.arrayContaining(["interaction_history", "interaction_default"]));
  });

  it("go back to plain tables with their rows, keys and foreign keys (down), and forward again (up)", async () => {
    const migrations = [new PartitionAuditEntry1795700000930(), new PartitionInteraction1795700000931(), new PartitionEventOutbox1795700000932()];
    // one connection throughout: on PGlite the runner holds the database while it is open
    const runner = db.createQueryRunner();
    const kinds = async () =>
      (await runner.query(`SELECT relname, relkind FROM pg_class WHERE relname IN ('audit_entry', 'interaction', 'event_outbox') ORDER BY relname`))
        .map((r: { relname: string; relkind: string }) => `${r.relname}:${r.relkind}`);
    const rows = async () => (await runner.query(`SELECT (SELECT count(*) FROM audit_entry)::int AS a, (SELECT count(*) FROM interaction)::int AS i, (SELECT count(*) FROM event_outbox)::int AS e`))[0];
    try {
      const counted = await rows();
      for (const migration of [...migrations].reverse()) await migration.down(runner);
      expect(await kinds()).toEqual(["audit_entry:r", "event_outbox:r", "interaction:r"]);
      expect(await rows()).toEqual(counted);
      const foreignKeys = await runner.query(`SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid IN ('interaction'::regclass, 'event_outbox'::regclass) ORDER BY conname`);
      expect(foreignKeys.map((r: { conname: string }) => r.conname)).toEqual(["FK_f95627ac1d0d678cf31cbb3866c", "FK_service_case_origin_interaction", "FK_service_task_interaction", "FK_webhook_delivery_event"]);
      await expect(
        runner.query(`INSERT INTO complaint (interaction_id, customer_id, category, severity, status, received_at, due_at) VALUES (gen_random_uuid(), $1, 'SERVICE', 'LOW', 'RECEIVED', now(), now())`, [customerId]),
      ).rejects.toThrow(/foreign key constraint "FK_f95627ac1d0d678cf31cbb3866c"/);
      await runner.query(`INSERT INTO audit_entry (actor_id, role, operation, request_id, outcome) VALUES (gen_random_uuid(), 'ADMIN', 'down-test', 'r-down', 'ALLOWED')`);
      await expect(runner.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
      for (const migration of migrations) await migration.up(runner);
      expect(await kinds()).toEqual(["audit_entry:p", "event_outbox:p", "interaction:p"]);
      expect(await rows()).toEqual({ ...counted, a: counted.a + 1 });
    } finally {
      await runner.release();
    }
  });
});
