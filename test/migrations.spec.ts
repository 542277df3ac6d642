import { closeTestDatabase, openTestDatabase } from "./support/database";
import type { Database } from "../src/db/data-source";
import { CaseSlaVerdicts1795700000790 } from "../migrations/1795700000790-CaseSlaVerdicts";

describe("migrations", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase({ fromScratch: true });
  });
  afterAll(() => closeTestDatabase(db));

  it("leave nothing for the schema builder to change (no drift between entities and migrations)", async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it("create every table of the domain model (partitions are the layout's, asserted in partitions.spec)", async () => {
    const rows: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables t WHERE table_schema = 'public'
          AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = format('%I.%I', t.table_schema, t.table_name)::regclass AND c.relispartition)
        ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      "access_alert", "audit_entry", "business_calendar", "calendar_day", "caller_verification", "claim", "claim_event", "complaint", "consent", "coverage", "customer", "customer_match_key", "do_not_contact", "duplicate_candidate", "event_outbox", "health_declaration", "identity_recluster_key", "identity_recluster_record", "import_error", "import_job", "import_job_customer",
      "insured_object", "interaction", "interaction_idempotency", "legal_hold", "migrations", "offer_fact_change", "offer_fact_horizon", "offer_ranking", "offer_response", "person_link", "policy", "policy_change", "policy_participant", "premium_instalment", "product", "relationship", "retention_run", "risk_assessment", "segment", "segment_member_count", "service_alert", "service_alert_read", "service_case", "service_metrics_backlog_hour", "service_metrics_day", "service_metrics_refresh", "service_task", "sla_policy_state", "source_key", "staff_user", "task_rule", "webhook_attempt", "webhook_delivery", "webhook_endpoint",
    ]);
  });

  it("make the access audit append-only in the database", async () => {
    await db.query(
      `INSERT INTO audit_entry (actor_id, role, operation, request_id, outcome) VALUES (gen_random_uuid(), 'ADMIN', 'test', 'r1', 'ALLOWED')`,
    );
    await expect(db.query(`UPDATE audit_entry SET outcome = 'DENIED'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM audit_entry WHERE outcome = 'ALLOWED'`);
    expect(count).toBe(1);
  });

  it("give cases met before the SLA verdicts existed readSlaClock's verdict (pauses and business hours counted)", async () => {
    const migration = new CaseSlaVerdicts1795700000790();
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
      const [{ id: customerId }] = await runner.query(`INSERT INTO customer (customer_number, kind, full_name) VALUES ('MIG-1', 'INDIVIDUAL', 'Migration Case') RETURNING id`);
      const insert = async (priority: string, firstRespondedAt: string | null, resolvedAt: string | null, pauses: unknown[] = []) =>
        (await runner.query(
          `INSERT INTO service_case (customer_id, channel, priority, queue, subject, status, opened_at, first_responded_at, resolved_at, pauses)
           VALUES ($1, 'EMAIL', $2, 'GENERAL', 'Before verdicts', $3, '2026-03-02T01:00:00Z', $4, $5, $6::jsonb) RETURNING id`,
          [customerId, priority, resolvedAt ? "RESOLVED" : firstRespondedAt ? "IN_PROGRESS" : "NEW", firstRespondedAt, resolvedAt, JSON.stringify(pauses)],
        ))[0].id as string;
      // Monday 2 March 2026 09:00 Shanghai; NORMAL first response due in 24 clock hours
      const answeredLate = await insert("NORMAL", "2026-03-03T01:00:01Z", null);
      // URGENT resolution: 9 business hours, due Monday 10:00Z unpaused; waited Mon 01:30Z – Wed 01:00Z, so due Wed 09:30Z
      const resolvedAfterPause = await insert("URGENT", "2026-03-02T01:30:00Z", "2026-03-04T09:00:00Z", [{ from: "2026-03-02T01:30:00.000Z", to: "2026-03-04T01:00:00.000Z" }]);
      const resolvedLate = await insert("URGENT", "2026-03-02T01:30:00Z", "2026-03-02T10:00:01Z");
      const unanswered = await insert("NORMAL", null, null);
      await migration.up(runner);
      const verdicts: { id: string; first_response_breached: boolean | null; resolution_breached: boolean | null }[] =
        await runner.query(`SELECT id, first_response_breached, resolution_breached FROM service_case WHERE customer_id = $1`, [customerId]);
      const of = (id: string) => verdicts.find((v) => v.id === id);
      expect(of(answeredLate)).toMatchObject({ first_response_breached: true, resolution_breached: null });
      expect(of(resolvedAfterPause)).toMatchObject({ first_response_breached: false, resolution_breached: false });
      expect(of(resolvedLate)).toMatchObject({ first_response_breached: false, resolution_breached: true });
      expect(of(unanswered)).toMatchObject({ first_response_breached: null, resolution_breached: null });
      await runner.query(`DELETE FROM customer WHERE id = $1`, [customerId]);
    } finally {
      await runner.release();
    }
  });

  it("are idempotent: running them again applies nothing", async () => {
    const applied = await db.runMigrations();
    expect(applied).toHaveLength(0);
  });
});
