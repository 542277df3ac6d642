import type { Database } from "../src/db/data-source";
import { seedDatabase } from "../src/seed";
import { SEED_FILE_ENTITIES } from "../src/seed/import-files";
import { DEMO_SOURCE_SYSTEM, seedThroughImport, type SeedImportReport } from "../src/seed/through-import";
import { closeTestDatabase, openTestDatabase } from "./support/database";

const PII_KEY = "seed-import-spec-pii-key-0123456789";
const OPTIONS = { customers: 90, seed: 5, piiKey: PII_KEY };

/** What a table holds, by values the two paths must agree on (no ids, no times of writing), sorted. */
async function contents(db: Database, sql: string): Promise<string[]> {
  const rows: Record<string, unknown>[] = await db.query(sql);
  return rows.map((row) => JSON.stringify(Object.values(row))).sort();
}

const SAME = {
  customers: `SELECT c.kind, c.full_name, c.email, c.phone, c.date_of_birth::text, c.city, s.username AS agent, c.created_at::date::text AS since
                FROM customer c LEFT JOIN staff_user s ON s.id = c.assigned_agent_id WHERE c.erased_at IS NULL`,
  policies: `SELECT p.policy_number, p.product_code, p.status, p.premium::text, p.start_date::text, p.end_date::text, c.full_name
               FROM policy p JOIN customer c ON c.id = p.customer_id WHERE c.erased_at IS NULL`,
  participants: `SELECT p.policy_number, x.role, x.name, x.share_percent, x.ordinal, pc.full_name
                   FROM policy_participant x JOIN policy p ON p.id = x.policy_id JOIN customer c ON c.id = p.customer_id
                   LEFT JOIN customer pc ON pc.id = x.participant_customer_id WHERE c.erased_at IS NULL`,
  claims: `SELECT k.claim_number, k.status, k.claimed_amount::text, k.reported_at, (SELECT count(*) FROM claim_event e WHERE e.claim_id = k.id)::int AS events
             FROM claim k JOIN customer c ON c.id = k.customer_id WHERE c.erased_at IS NULL`,
  instalments: `SELECT p.policy_number, i.due_date::text, i.amount::text, i.paid_at FROM premium_instalment i JOIN policy p ON p.id = i.policy_id
                  JOIN customer c ON c.id = p.customer_id WHERE c.erased_at IS NULL`,
  interactions: `SELECT c.full_name, i.kind, i.channel, i.subject, i.occurred_at, s.username AS handler FROM interaction i JOIN customer c ON c.id = i.customer_id
                   LEFT JOIN staff_user s ON s.id = i.staff_id WHERE c.erased_at IS NULL`,
  consents: `SELECT c.full_name, k.purpose, k.granted, k.contact_channel, k.recorded_at FROM consent k JOIN customer c ON c.id = k.customer_id WHERE c.erased_at IS NULL`,
};

describe("the demo seed through the import path (npm run seed -- --import)", () => {
  let imported: Database;
  let direct: Database;
  let report: SeedImportReport;
  beforeAll(async () => {
    imported = await openTestDatabase();
    direct = await openTestDatabase();
    report = await seedThroughImport(imported, OPTIONS);
    await seedDatabase(direct, OPTIONS);
  });
  afterAll(async () => {
    await closeTestDatabase(imported);
    await closeTestDatabase(direct);
  });

  it("runs one completed job per entity in import order, every record inserted and none refused", async () => {
    expect(report.jobs.map((job) => job.entity)).toEqual(SEED_FILE_ENTITIES);
    for (const job of report.jobs) expect([job.entity, job.inserted, job.failed]).toEqual([job.entity, job.records, 0]);
    const jobs: { entity: string; status: string; source_system: string; created_by: string }[] = await imported.query(`SELECT entity, status, source_system, created_by FROM import_job ORDER BY started_at`);
    expect(jobs).toEqual(SEED_FILE_ENTITIES.map((entity) => ({ entity, status: "COMPLETED", source_system: DEMO_SOURCE_SYSTEM, created_by: "seed" })));
    expect(report.staff).toBeGreaterThan(10);
    expect(report.products).toBeGreaterThan(10);
  });

  it("holds the values the direct seed writes, for every customer the files carry (erased ones are the 360's own act)", async () => {
    for (const [table, sql] of Object.entries(SAME)) {
      const [a, b] = [await contents(imported, sql), await contents(direct, sql)];
      expect([table, a.length > 0]).toEqual([table, true]);
      expect([table, a]).toEqual([table, b]);
    }
  });

  it("keys every record by its source, matched identities, assessed risk, derived cases and tasks and the segments", async () => {
    const [row] = await imported.query(
      `SELECT (SELECT count(*)::int FROM source_key WHERE source_system = $1 AND entity_kind = 'customer') AS keys,
              (SELECT count(*)::int FROM customer) AS customers,
              (SELECT count(*)::int FROM customer_match_key) AS match_keys,
              (SELECT count(DISTINCT customer_id)::int FROM risk_assessment) AS assessed,
              (SELECT count(*)::int FROM segment) AS segments,
              (SELECT count(*)::int FROM service_case) AS cases`,
      [DEMO_SOURCE_SYSTEM],
    );
    expect(row.keys).toBe(row.customers);
    expect(row.customers).toBe(report.jobs[0].records);
    expect(row.match_keys).toBeGreaterThan(row.customers);
    expect(row.assessed).toBeGreaterThan(row.customers / 2);
    expect(row.segments).toBeGreaterThan(0);
    // the complaints' cases: opened by the complaint import (as fileComplaint opens them) or by the seed's rule after it, as many as the direct seed's
    const [{ cases }] = await direct.query(`SELECT count(*)::int AS cases FROM service_case`);
    expect(row.cases).toBe(cases);
    expect(row.cases).toBeGreaterThan(0);
  });

  it("refuses a database that holds customers unless asked to reset it", async () => {
    await expect(seedThroughImport(imported, OPTIONS)).rejects.toThrow(/already holds customers/);
  });
});
