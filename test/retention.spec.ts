import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { Role } from "../src/auth/role";
import { purgeByRule, runRetention, RETENTION_ACTOR_ID, type RetentionReport } from "../src/modules/retention/retention.service";
import { retentionPolicy, type RetentionPolicyRule } from "../src/modules/retention/retention-policy";
import { startRetentionSchedule } from "../src/modules/retention/retention-schedule";
import { legalHold, RETENTION_TABLE } from "../src/modules/retention/retention-table";
import { ConfigError, loadConfig } from "../src/config";
import { renderRetentionDoc } from "../src/scripts/readme-doc";
import { backend, testDatabaseUrl } from "./support/database";
import { startTestApp, type TestApp } from "./support/app";

/** The run's "now": every fixture's time is placed relative to it. */
const NOW = new Date("2026-12-01T00:00:00.000Z");
const RUN = { trigger: "test", now: NOW, batchSize: 2 };

const PLACE = `mutation ($c: ID!, $r: String!) { placeLegalHold(customerId: $c, reason: $r) { id customerId reason placedBy releasedAt } }`;
const RELEASE = `mutation ($id: ID!) { releaseLegalHold(id: $id) { id releasedAt releasedBy } }`;
const HOLDS = `query ($c: ID!) { legalHolds(customerId: $c) { id reason releasedAt } }`;
const RUNS = `{ retentionRuns(first: 5) { totalCount edges { node { id status trigger deletedRows droppedPartitions heldRows tables { rule table deletedRows droppedPartitions heldRows keptRows } } } } }`;

/** What the seed left that the table keeps at NOW (counted by the first run): the fixtures' counts come on top. */
let baseline: RetentionReport;

const countOf = (report: RetentionReport, rule: string) => {
  const found = report.counts.find((count) => count.rule === rule);
  if (!found) throw new Error(`no count for ${rule}`);
  return found;
};

describe("retention: the retention table enforced, legal holds exempt, every run recorded", () => {
  let app: TestApp;
  let product: string;
  let compliance: string;
  const ids: Record<string, string> = {};

  const one = async (sql: string, params: unknown[] = []) => (await app.db.query(sql, params))[0];
  const count = async (sql: string, params: unknown[] = []) => Number((await one(sql, params)).n);

  async function customer(key: string): Promise<string> {
    const { id } = await one(`INSERT INTO customer (customer_number, kind, full_name) VALUES ($1, 'INDIVIDUAL', $2) RETURNING id`, [`RET-${randomUUID().slice(0, 13)}`, `Retention ${key}`]);
    ids[key] = id;
    return id;
  }
  const interaction = async (customerId: string, at: string): Promise<string> =>
    (await one(`INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at) VALUES ($1, 'PHONE', 'INQUIRY', 'INBOUND', 'Retention', $2) RETURNING id`, [customerId, at])).id;
  const audit = (customerId: string | null, at: string) =>
    app.db.query(`INSERT INTO audit_entry (at, actor_id, role, operation, request_id, customer_id, fields, outcome) VALUES ($1, $2, 'AGENT', 'Query.customer', 'ret', $3, '{Customer.fullName}', 'ALLOWED')`, [at, randomUUID(), customerId]);
  const policy = (customerId: string, status: string, endDate: string) =>
    app.db.query(
      `INSERT INTO policy (policy_number, customer_id, product_code, status, premium, premium_frequency, sum_insured, start_date, end_date)
       VALUES ($1, $2, $3, $4, 10000, 'ANNUAL', 1000000, '2015-01-01', $5)`,
      [`RET-P-${randomUUID().slice(0, 8)}`, customerId, product, status, endDate],
    );

  beforeAll(async () => {
    app = await startTestApp({ customers: 12 });
    compliance = await app.token(Role.COMPLIANCE);
    product = (await one(`SELECT code FROM product ORDER BY code LIMIT 1`)).code;
    // whatever of the seed the table removes at NOW goes first: the runs below count the fixtures only
    baseline = (await runRetention(app.db, RUN)) as RetentionReport;

    // A: relationship ended in 2019 (an expired policy, a closed case): old access records and contacts go
    const a = await customer("ended");
    await policy(a, "EXPIRED", "2019-06-30");
    ids.endedContact = await interaction(a, "2018-03-01T10:00:00Z");
    // its idempotency key is claimed (interaction_idempotency): the purge must free it with the contact
    await app.db.query(`UPDATE interaction SET idempotency_key = 'ret-ended-contact-key' WHERE id = $1`, [ids.endedContact]);
    ids.endedComplained = await interaction(a, "2019-05-01T10:00:00Z");
    await app.db.query(
      `INSERT INTO complaint (interaction_id, customer_id, category, severity, status, received_at, due_at, resolved_at)
       VALUES ($1, $2, 'SERVICE', 'LOW', 'RESOLVED', '2019-05-01T10:00:00Z', '2019-05-02T10:00:00Z', '2019-05-02T09:00:00Z')`,
      [ids.endedComplained, a],
    );
    ids.endedCase = (await one(
      `INSERT INTO service_case (customer_id, origin_interaction_id, channel, priority, queue, subject, status, opened_at, resolved_at, closed_at)
       VALUES ($1, $2, 'PHONE', 'NORMAL', 'GENERAL', 'Old', 'CLOSED', '2019-05-01T10:00:00Z', '2019-05-03T10:00:00Z', '2019-05-04T10:00:00Z') RETURNING id`,
      [a, ids.endedComplained],
    )).id;
    await audit(a, "2019-01-10T00:00:00Z");
    await audit(a, "2020-06-01T00:00:00Z");
    await audit(a, "2024-01-01T00:00:00Z"); // within 6 years
    await audit(null, "2019-02-01T00:00:00Z"); // no customer: goes

    // R: still a customer (an active policy): a contact of 2018 stays
    const r = await customer("active");
    await policy(r, "ACTIVE", "2027-12-31");
    await interaction(r, "2018-03-01T10:00:00Z");

    // H: relationship ended in 2018, on legal hold: everything stays
    const h = await customer("held");
    await interaction(h, "2018-02-01T10:00:00Z");
    await audit(h, "2019-01-10T00:00:00Z");

    // C: an open claim is a hold too
    const c = await customer("claim");
    const { id: claimPolicy } = await one(
      `INSERT INTO policy (policy_number, customer_id, product_code, status, premium, premium_frequency, sum_insured, start_date, end_date)
       VALUES ($1, $2, $3, 'EXPIRED', 10000, 'ANNUAL', 1000000, '2015-01-01', '2018-12-31') RETURNING id`,
      [`RET-P-${randomUUID().slice(0, 8)}`, c, product],
    );
    await app.db.query(
      `INSERT INTO claim (claim_number, policy_id, customer_id, kind, incident_date, reported_at, status, claimed_amount, updated_at)
       VALUES ($1, $2, $3, 'MEDICAL', '2018-11-01', '2018-11-05T00:00:00Z', 'UNDER_REVIEW', 5000, '2018-11-05T00:00:00Z')`,
      [`RET-C-${randomUUID().slice(0, 8)}`, claimPolicy, c],
    );
    await interaction(c, "2018-11-05T10:00:00Z");
    await audit(c, "2019-01-10T00:00:00Z");

    // E: erased 3 months ago; F: erased last week
    const e = await customer("erased");
    const f = await customer("erasedRecently");
    for (const [customerId, erasedAt] of [[e, "2026-09-01T00:00:00Z"], [f, "2026-11-25T00:00:00Z"]]) {
      await app.db.query(`UPDATE customer SET erased_at = $2, full_name = '[erased]' WHERE id = $1`, [customerId, erasedAt]);
      await interaction(customerId, "2026-08-01T10:00:00Z");
      await app.db.query(
        `INSERT INTO risk_assessment (customer_id, assessed_at, model_version, likelihood, impact, score, tier) VALUES ($1, '2026-08-01T00:00:00Z', 'test', 2, 2, 20, 'LOW')`,
        [customerId],
      );
    }

    // import jobs: finished in June (its refused rows go), last week, and one still running
    for (const [finishedAt, errors] of [["2026-06-01T00:00:00Z", 3], ["2026-11-28T00:00:00Z", 1], [null, 1]] as const) {
      const { id: job } = await one(
        `INSERT INTO import_job (source_system, entity, file_name, file_size, created_by, status, finished_at) VALUES ('CRM', 'customers', 'f.csv', 10, 'cli:test', $1, $2) RETURNING id`,
        [finishedAt ? "COMPLETED" : "RUNNING", finishedAt],
      );
      for (let line = 2; line < 2 + errors; line++) await app.db.query(`INSERT INTO import_error (job_id, line, problem) VALUES ($1, $2, 'bad')`, [job, line]);
    }

    // the outbox: an old event delivered, an old one dead-lettered in September, one dead last week, one never published
    const { id: endpoint } = await one(`INSERT INTO webhook_endpoint (url, secret_sealed) VALUES ('https://example.test/hook', 'sealed') RETURNING id`);
    const event = async (occurredAt: string, published: boolean) =>
      (await one(
        `INSERT INTO event_outbox (type, customer_id, occurred_at, data, published_at) VALUES ('customer.updated', $1, $2, $3, $4) RETURNING id, position`,
        [r, occurredAt, JSON.stringify({ customerId: r }), published ? occurredAt : null],
      )) as { id: string; position: string };
    const delivery = async (ev: { id: string; position: string }, status: string, at: string) =>
      app.db.query(`INSERT INTO webhook_delivery (endpoint_id, event_id, position, customer_id, status, next_attempt_at, delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        endpoint, ev.id, ev.position, r, status, at, status === "DELIVERED" ? at : null,
      ]);
    ids.deliveredEvent = (await event("2026-09-01T00:00:00Z", true)).id;
    await delivery({ id: ids.deliveredEvent, position: (await one(`SELECT position FROM event_outbox WHERE id = $1`, [ids.deliveredEvent])).position }, "DELIVERED", "2026-09-01T00:00:01Z");
    const deadOld = await event("2026-08-01T00:00:00Z", true);
    await delivery(deadOld, "DEAD", "2026-09-01T00:00:00Z");
    ids.deadOldEvent = deadOld.id;
    const deadNew = await event("2026-08-02T00:00:00Z", true);
    await delivery(deadNew, "DEAD", "2026-11-25T00:00:00Z");
    ids.deadNewEvent = deadNew.id;
    ids.unpublishedEvent = (await event("2026-08-03T00:00:00Z", false)).id;
  });
  afterAll(() => app?.close());

  it("has docs/retention.md's table as the declaration gives it (run `npm run docs`)", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "..", "docs", "retention.md"), "utf8");
    expect(committed).toContain("| access audit | `audit_entry` | `at` | `RETENTION_AUDIT_YEARS` = 6 |");
    expect(committed).toBe(renderRetentionDoc(committed));
  });

  it("refuses a period it does not declare, or one that is not a whole number", () => {
    expect(() => retentionPolicy({ RETENTION_AUDIT_YERAS: "3" })).toThrow(ConfigError);
    expect(() => retentionPolicy({ RETENTION_AUDIT_YEARS: "0" })).toThrow(/whole number of years/);
    expect(retentionPolicy({ RETENTION_AUDIT_YEARS: "7" }).find((rule) => rule.table === "audit_entry")?.period).toBe(7);
    const configured = loadConfig({ NODE_ENV: "test", RETENTION_SCHEDULE: "12h", RETENTION_AUDIT_YERAS: "3" }).retention;
    expect(configured.everyMs).toBe(12 * 3_600_000);
    expect(() => retentionPolicy(configured.periods)).toThrow(/RETENTION_AUDIT_YERAS is not a retention period/);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(40), PII_ENCRYPTION_KEY: "y".repeat(40), RETENTION_SCHEDULE: "off" }).retention.everyMs).toBeNull();
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(40), PII_ENCRYPTION_KEY: "y".repeat(40) }).retention.everyMs).toBe(86_400_000);
    expect(loadConfig({ NODE_ENV: "test" }).retention.everyMs).toBeNull();
  });

  it("keeps refusing an ordinary DELETE or UPDATE of the access audit; only a transaction marked for retention may delete", async () => {
    await expect(app.db.query(`DELETE FROM audit_entry WHERE customer_id = $1`, [ids.ended])).rejects.toThrow(/append-only/);
    await expect(app.db.query(`UPDATE audit_entry SET outcome = 'DENIED' WHERE customer_id = $1`, [ids.ended])).rejects.toThrow(/append-only/);
    await expect(
      app.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL c360.retention = 'on'`);
        await manager.query(`UPDATE audit_entry SET outcome = 'DENIED' WHERE customer_id = $1`, [ids.ended]);
      }),
    ).rejects.toThrow(/append-only/);
    expect(await count(`SELECT count(*) AS n FROM audit_entry WHERE customer_id = $1`, [ids.ended])).toBe(3);
  });

  it("COMPLIANCE places a legal hold (audited); AGENT and MARKETING are refused holds and runs", async () => {
    const placed = await app.gql(PLACE, { token: compliance, variables: { c: ids.held, r: "Litigation 2026-417" } });
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data?.placeLegalHold).toMatchObject({ customerId: ids.held, reason: "Litigation 2026-417", releasedAt: null });
    expect(await count(`SELECT count(*) AS n FROM audit_entry WHERE operation = 'placeLegalHold' AND customer_id = $1`, [ids.held])).toBe(1);
    for (const role of [Role.AGENT, Role.MARKETING]) {
      const token = await app.token(role);
      for (const [query, variables] of [[PLACE, { c: ids.held, r: "x" }], [RELEASE, { id: placed.body.data?.placeLegalHold.id }], [HOLDS, { c: ids.held }], [RUNS, {}]] as const) {
        const answer = await app.gql(query, { token, variables });
        expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
      }
    }
    expect(await count(`SELECT count(*) AS n FROM legal_hold WHERE customer_id = $1`, [ids.held])).toBe(1);
  });

  it("a customer's data export lists the hold they are under, without the insurer's reason", async () => {
    const token = await app.token(Role.CUSTOMER, { sub: ids.held });
    const exported = await app.gql(`mutation ($id: ID!) { exportCustomerData(customerId: $id) { records withheld { table field reason } } }`, { token, variables: { id: ids.held } });
    expect(exported.body.errors).toBeUndefined();
    const [hold] = exported.body.data?.exportCustomerData.records.legal_hold ?? [];
    expect(hold).toMatchObject({ customerId: ids.held, releasedAt: null });
    expect(hold).not.toHaveProperty("reason");
    expect(exported.body.data?.exportCustomerData.withheld).toContainEqual({ table: "legal_hold", field: "reason", reason: "FIELD_POLICY" });
  });

  /** A rule's held and kept rows beyond the seed's. */
  const exempted = (report: RetentionReport, rule: string) => ({
    held: countOf(report, rule).heldRows - countOf(baseline, rule).heldRows,
    kept: countOf(report, rule).keptRows - countOf(baseline, rule).keptRows,
  });

  let dry: RetentionReport;
  it("a dry run counts what would go and removes nothing", async () => {
    const before = await count(`SELECT (SELECT count(*) FROM audit_entry) + (SELECT count(*) FROM interaction) + (SELECT count(*) FROM import_error) + (SELECT count(*) FROM event_outbox) AS n`);
    const runs = await count(`SELECT count(*) AS n FROM retention_run`);
    dry = (await runRetention(app.db, { ...RUN, dryRun: true })) as RetentionReport;
    expect(dry.runId).toBeNull();
    expect(countOf(dry, "access audit").deletedRows).toBe(3);
    expect(await count(`SELECT (SELECT count(*) FROM audit_entry) + (SELECT count(*) FROM interaction) + (SELECT count(*) FROM import_error) + (SELECT count(*) FROM event_outbox) AS n`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM retention_run`)).toBe(runs);
  });

  let report: RetentionReport;
  it("removes exactly the expired rows without an exemption, and records what it removed", async () => {
    const interactionsBefore = await count(`SELECT count(*) AS n FROM interaction`);
    const auditBefore = await count(`SELECT count(*) AS n FROM audit_entry WHERE operation <> 'retention'`);
    report = (await runRetention(app.db, RUN)) as RetentionReport;
    expect(report.runId).not.toBeNull();

    // access audit: the ended customer's 2019 and 2020 entries and the one without customer; held and claimant kept
    expect(countOf(report, "access audit").deletedRows).toBe(3);
    expect(exempted(report, "access audit")).toEqual({ held: 2, kept: 0 });
    expect(await count(`SELECT count(*) AS n FROM audit_entry WHERE customer_id = $1`, [ids.ended])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM audit_entry WHERE customer_id = ANY($1::uuid[]) AND at < '2020-01-01'`, [[ids.held, ids.claim]])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM audit_entry WHERE operation <> 'retention'`)).toBe(auditBefore - 3);

    // interactions: the ended customer's two go (its complaint with them, its case forgets the origin); the active, held and claimant keep theirs
    expect(countOf(report, "interactions").deletedRows).toBe(2);
    expect(exempted(report, "interactions")).toEqual({ held: 2, kept: 1 });
    expect(await count(`SELECT count(*) AS n FROM interaction WHERE customer_id = $1`, [ids.ended])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM complaint WHERE customer_id = $1`, [ids.ended])).toBe(0);
    expect((await one(`SELECT origin_interaction_id FROM service_case WHERE id = $1`, [ids.endedCase])).origin_interaction_id).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM interaction_idempotency WHERE idempotency_key = 'ret-ended-contact-key'`)).toBe(0);
    for (const key of ["active", "held", "claim"]) expect(await count(`SELECT count(*) AS n FROM interaction WHERE customer_id = $1`, [ids[key]])).toBe(1);

    // the customer erased 3 months ago loses its residue; the one erased last week keeps it
    expect(countOf(report, "erased customers' interactions").deletedRows).toBe(1);
    expect(countOf(report, "erased customers' risk assessments").deletedRows).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM interaction WHERE customer_id = $1`, [ids.erased])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM risk_assessment WHERE customer_id = $1`, [ids.erased])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interaction WHERE customer_id = $1`, [ids.erasedRecently])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM risk_assessment WHERE customer_id = $1`, [ids.erasedRecently])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM customer WHERE id = $1`, [ids.erased])).toBe(1); // the tombstone stays

    // import errors of the job finished in June; dead letters of September; the delivered old event and the one whose dead letter went
    expect(countOf(report, "import error reports").deletedRows).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM import_error`)).toBe(2);
    expect(countOf(report, "dead webhook deliveries").deletedRows).toBe(1);
    expect(countOf(report, "published outbox events").deletedRows).toBe(2);
    expect(exempted(report, "published outbox events").kept).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM event_outbox WHERE id = ANY($1::uuid[])`, [[ids.deliveredEvent, ids.deadOldEvent]])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM event_outbox WHERE id = ANY($1::uuid[])`, [[ids.deadNewEvent, ids.unpublishedEvent]])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM webhook_delivery WHERE event_id = $1`, [ids.deadNewEvent])).toBe(1);

    // the dry run counted the same, but for the event its dead letter held until this run removed it
    for (const counted of report.counts) {
      expect(countOf(dry, counted.rule).deletedRows).toBe(counted.deletedRows - (counted.rule === "published outbox events" ? 1 : 0));
    }
    expect(await count(`SELECT count(*) AS n FROM interaction`)).toBe(interactionsBefore - 3);
  });

  it("records the run with the counts that disappeared, in the access audit too, readable by COMPLIANCE", async () => {
    const run = await one(`SELECT status, deleted_rows, dropped_partitions, held_rows, trigger, finished_at FROM retention_run WHERE id = $1`, [report.runId]);
    expect(new Date(run.finished_at).getTime()).toBe(report.finishedAt.getTime());
    const deleted = report.counts.reduce((sum, c) => sum + c.deletedRows, 0);
    expect(deleted).toBe(3 + 2 + 1 + 1 + 3 + 1 + 2);
    expect(run).toMatchObject({ status: "COMPLETED", trigger: "test" });
    expect(Number(run.deleted_rows)).toBe(deleted);
    const held = report.counts.reduce((sum, c) => sum + c.heldRows, 0);
    expect(held - baseline.counts.reduce((sum, c) => sum + c.heldRows, 0)).toBe(4);
    expect(Number(run.held_rows)).toBe(held);
    const entry = await one(`SELECT actor_id, outcome, fields FROM audit_entry WHERE operation = 'retention' AND request_id = $1`, [report.runId]);
    expect(entry.actor_id).toBe(RETENTION_ACTOR_ID);
    expect(entry.outcome).toBe("PURGED");
    expect(entry.fields).toContain("access audit: 3 deleted, 0 partitions dropped, 2 held");
    const answer = await app.gql(RUNS, { token: compliance });
    expect(answer.body.errors).toBeUndefined();
    const [latest] = answer.body.data?.retentionRuns.edges ?? [];
    expect(latest.node).toMatchObject({ id: report.runId, status: "COMPLETED", deletedRows: deleted, heldRows: held, droppedPartitions: 0 });
    const interactions = countOf(report, "interactions");
    expect(latest.node.tables.find((t: { rule: string }) => t.rule === "interactions")).toEqual({
      rule: "interactions", table: "interaction", deletedRows: 2, droppedPartitions: [], heldRows: interactions.heldRows, keptRows: interactions.keptRows,
    });
  });

  it("a second run at the same time finds nothing more; a released hold lets the customer's expired rows go", async () => {
    const again = (await runRetention(app.db, RUN)) as RetentionReport;
    expect(again.counts.reduce((sum, c) => sum + c.deletedRows, 0)).toBe(0);
    const [{ id }] = await app.db.query(`SELECT id FROM legal_hold WHERE customer_id = $1`, [ids.held]);
    const released = await app.gql(RELEASE, { token: compliance, variables: { id } });
    expect(released.body.errors).toBeUndefined();
    expect(released.body.data?.releaseLegalHold.releasedAt).toBeTruthy();
    const twice = await app.gql(RELEASE, { token: compliance, variables: { id } });
    expect(twice.body.errors?.[0].extensions?.code).toBe("CONFLICT");
    const after = (await runRetention(app.db, RUN)) as RetentionReport;
    expect(countOf(after, "access audit").deletedRows).toBe(1);
    expect(countOf(after, "interactions").deletedRows).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM interaction WHERE customer_id = $1`, [ids.held])).toBe(0);
    const holds = await app.gql(HOLDS, { token: compliance, variables: { c: ids.held } });
    expect(holds.body.data?.legalHolds).toHaveLength(1);
  });

  it("skips a run when one completed within the interval (the schedule's check)", async () => {
    expect(await runRetention(app.db, { ...RUN, unlessRanWithinMs: 3_600_000 })).toBeNull();
  });

  it("the server's schedule runs the table when no run completed within its interval, and stops cleanly", async () => {
    const done: RetentionReport[] = [];
    const failed: unknown[] = [];
    await new Promise((resolve) => setTimeout(resolve, 60)); // the last run is older than the interval below
    const stop = startRetentionSchedule(app.db, { everyMs: 50, batchSize: 100, periods: {}, streaming: false }, { done: (r) => done.push(r), failed: (e) => failed.push(e) });
    for (let waited = 0; done.length === 0 && failed.length === 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await stop();
    expect(failed).toEqual([]);
    expect(done[0]?.runId).toBeTruthy();
    expect((await one(`SELECT trigger, status FROM retention_run WHERE id = $1`, [done[0].runId]))).toEqual({ trigger: "schedule", status: "COMPLETED" });
  });

  (backend === "postgres" ? it : it.skip)("runs once at a time across processes (advisory lock)", async () => {
    const other = new Client({ connectionString: testDatabaseUrl(app.db) as string });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('customer360.retention'))`);
      expect(await runRetention(app.db, RUN)).toBeNull();
      await other.query(`SELECT pg_advisory_unlock(hashtext('customer360.retention'))`);
      expect(await runRetention(app.db, RUN)).not.toBeNull();
    } finally {
      await other.end();
    }
  });

  describe("on a range-partitioned table", () => {
    /** The access-audit rule on a monthly-partitioned scratch table with a table that points at its rows. */
    const rule: RetentionPolicyRule = {
      ...(RETENTION_TABLE.find((r) => r.table === "audit_entry") as RetentionPolicyRule),
      name: "scratch",
      table: "retention_scratch",
      timeColumn: "at",
      exemptions: [legalHold("t.customer_id")],
      dependents: [{ table: "retention_scratch_note", column: "scratch_id", onPurge: "delete" }],
      period: 6,
    };
    const partitions = async () =>
      (await app.db.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'retention_scratch'::regclass ORDER BY 1`)).map(
        (row: { name: string }) => row.name,
      );

    beforeAll(async () => {
      await app.db.query(`CREATE TABLE retention_scratch (id uuid NOT NULL DEFAULT gen_random_uuid(), customer_id uuid, at timestamptz NOT NULL) PARTITION BY RANGE (at)`);
      await app.db.query(`CREATE TABLE retention_scratch_history PARTITION OF retention_scratch FOR VALUES FROM (MINVALUE) TO ('2019-01-01T00:00:00Z')`);
      for (const [month, from, to] of [["201901", "2019-01-01", "2019-02-01"], ["201902", "2019-02-01", "2019-03-01"], ["202601", "2026-01-01", "2026-02-01"]]) {
        await app.db.query(`CREATE TABLE retention_scratch_p${month} PARTITION OF retention_scratch FOR VALUES FROM ('${from}T00:00:00Z') TO ('${to}T00:00:00Z')`);
      }
      await app.db.query(`CREATE TABLE retention_scratch_default PARTITION OF retention_scratch DEFAULT`);
      await app.db.query(`CREATE TABLE retention_scratch_note (id uuid NOT NULL DEFAULT gen_random_uuid(), scratch_id uuid NOT NULL)`);
      const held = await one(`SELECT customer_id FROM legal_hold WHERE released_at IS NULL LIMIT 1`);
      const holdOn = held?.customer_id ?? (await one(`INSERT INTO legal_hold (customer_id, reason, placed_by) VALUES ($1, 'scratch', $2) RETURNING customer_id`, [ids.claim, RETENTION_ACTOR_ID])).customer_id;
      const rows: [string | null, string][] = [
        [null, "2018-05-01T00:00:00Z"], // history: deleted, the partition stays
        [ids.ended, "2019-01-05T00:00:00Z"], [null, "2019-01-20T00:00:00Z"], // January 2019: the partition goes whole
        [holdOn, "2019-02-03T00:00:00Z"], [null, "2019-02-04T00:00:00Z"], // February 2019: one held, so rows are deleted
        [null, "2026-01-10T00:00:00Z"], // within the period
      ];
      for (const [customerId, at] of rows) {
        const { id } = await one(`INSERT INTO retention_scratch (customer_id, at) VALUES ($1, $2) RETURNING id`, [customerId, at]);
        await app.db.query(`INSERT INTO retention_scratch_note (scratch_id) VALUES ($1)`, [id]);
      }
    });

    it("a dry run names the partition it would drop and drops nothing", async () => {
      const counted = await purgeByRule(app.db, rule, NOW, { dryRun: true, batchSize: 2, context: { streaming: false } });
      expect(counted).toMatchObject({ deletedRows: 4, droppedPartitions: ["retention_scratch_p201901"], heldRows: 1 });
      expect(await partitions()).toHaveLength(5);
    });

    it("drops the expired partition without an exempt row (its dependents first) and deletes the other expired rows", async () => {
      const counted = await purgeByRule(app.db, rule, NOW, { dryRun: false, batchSize: 2, context: { streaming: false } });
      expect(counted).toMatchObject({ deletedRows: 4, droppedPartitions: ["retention_scratch_p201901"], heldRows: 1, keptRows: 0 });
      expect(await partitions()).toEqual(["retention_scratch_default", "retention_scratch_history", "retention_scratch_p201902", "retention_scratch_p202601"]);
      expect(await count(`SELECT count(*) AS n FROM retention_scratch`)).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM retention_scratch_note n WHERE NOT EXISTS (SELECT 1 FROM retention_scratch s WHERE s.id = n.scratch_id)`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM retention_scratch_note`)).toBe(2);
    });
  });
});
