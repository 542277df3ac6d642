import { closeTestDatabase, openTestDatabase } from "./support/database";
import type { Database } from "../src/db/data-source";

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

  it("create every table of the domain model", async () => {
    const rows: { table_name: string }[] = await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      "access_alert", "audit_entry", "business_calendar", "calendar_day", "caller_verification", "claim", "claim_event", "complaint", "consent", "coverage", "customer", "customer_match_key", "do_not_contact", "duplicate_candidate", "event_outbox", "health_declaration", "import_error", "import_job",
      "insured_object", "interaction", "migrations", "offer_response", "person_link", "policy", "policy_participant", "premium_instalment", "product", "relationship", "risk_assessment", "segment", "service_alert", "service_alert_read", "service_case", "service_task", "source_key", "staff_user", "task_rule", "webhook_attempt", "webhook_delivery", "webhook_endpoint",
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

  it("are idempotent: running them again applies nothing", async () => {
    const applied = await db.runMigrations();
    expect(applied).toHaveLength(0);
  });
});
