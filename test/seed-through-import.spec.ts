import type { Database } from "../src/db/data-source";
import { seedDatabase, type SeedProgress } from "../src/seed";
import { SEED_FILE_ENTITIES } from "../src/seed/import-files";
import { DEMO_SOURCE_SYSTEM, seedThroughImport, type SeedImportReport } from "../src/seed/through-import";
import { closeTestDatabase, openTestDatabase } from "./support/database";

const PII_KEY = "seed-import-spec-pii-key-0123456789";
const OPTIONS = { customers: 150, seed: 5, piiKey: PII_KEY };

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
  offerResponses: `SELECT c.full_name, o.product_code, o.response, o.channel, o.responded_at FROM offer_response o JOIN customer c ON c.id = o.customer_id`,
  // the seeded history; the import's own assessment (made when its job ran, after the seed's today) is newer
  riskHistory: `SELECT c.full_name, r.assessed_at, r.model_version, r.tier, r.score, r.likelihood, r.impact, jsonb_array_length(r.factors) AS factors
                  FROM risk_assessment r JOIN customer c ON c.id = r.customer_id
                  WHERE r.assessed_at < coalesce((SELECT min(started_at) FROM import_job), 'infinity')`,
  erased: `SELECT c.full_name, c.erased_at, c.email, c.national_id_hash, c.city, c.id_type, c.occupation_class, c.dependents, c.risk_preference, c.preferred_channel
             FROM customer c WHERE c.erased_at IS NOT NULL`,
  // an erased customer's consents: the history up to the erasure, then every purpose withdrawn as of it
  erasedConsents: `SELECT k.purpose, k.granted, k.recorded_at FROM consent k JOIN customer c ON c.id = k.customer_id WHERE c.erased_at IS NOT NULL`,
};

describe("the demo seed through the import path (npm run seed, npm start's demo, npm run bench)", () => {
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

  it("holds the values the direct seed writes: every customer, its history, answers to offers, the risk history, and the erased ones as of their erasure", async () => {
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
    expect(report.cases).toBe(cases);
  });

  it("numbers the customers in the generator's order, the erased ones where they were made", async () => {
    const order = async (db: Database) => (await db.query(`SELECT full_name, erased_at IS NOT NULL AS erased FROM customer ORDER BY customer_number`)).map((r: { full_name: string; erased: boolean }) => `${r.erased}:${r.full_name}`);
    const imported_ = await order(imported);
    expect(imported_.filter((entry: string) => entry.startsWith("true:")).length).toBeGreaterThan(0);
    expect(imported_).toEqual(await order(direct));
  });

  it("loads the erased customers as they were, then erases them through the privacy service as of their seeded time", async () => {
    const [row] = await imported.query(
      `SELECT (SELECT count(*)::int FROM customer WHERE erased_at IS NOT NULL) AS erased,
              (SELECT count(*)::int FROM event_outbox WHERE type = 'customer.erased') AS events,
              (SELECT count(*)::int FROM audit_entry WHERE operation = 'eraseCustomer') AS audited,
              (SELECT count(*)::int FROM customer_match_key k JOIN customer c ON c.id = k.customer_id WHERE c.erased_at IS NOT NULL) AS keys`,
    );
    expect(row.erased).toBeGreaterThan(0);
    expect(report.erased).toBe(row.erased);
    expect(row.events).toBe(row.erased);
    expect(row.audited).toBe(0); // no staff member asked: the seed's erasures are not accesses
    expect(row.keys).toBe(0); // an erased record meets no one again
    // the book's events are its history, none of them news to hand out
    const [events] = await imported.query(`SELECT count(*)::int AS kept, count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM event_outbox`);
    expect(events.kept).toBeGreaterThan(report.customers);
    expect(events.pending).toBe(0);
    // nor are its changes to the facts offers read: the change log starts pruned, as a running server keeps it
    const [changes] = await imported.query(`SELECT (SELECT count(*)::int FROM offer_fact_change) AS rows, (SELECT xid::text FROM offer_fact_horizon) AS horizon`);
    expect(changes.rows).toBe(0);
    expect(BigInt(changes.horizon)).toBeGreaterThan(0n);
    expect(report.customers).toBe(OPTIONS.customers);
  });

  it("tells its progress in records of every file, then the finishing phase", async () => {
    const db = await openTestDatabase();
    const progress: SeedProgress[] = [];
    try {
      await seedThroughImport(db, { ...OPTIONS, customers: 5, onProgress: (p) => progress.push(p) });
    } finally {
      await closeTestDatabase(db);
    }
    const [last, finishing] = progress.slice(-2);
    expect(progress.every((p) => p.unit === "records")).toBe(true);
    expect(finishing.phase).toBe("finishing");
    expect([last.phase, last.done]).toEqual(["loading", finishing.of]);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  it("refuses a database that holds customers unless asked to reset it", async () => {
    await expect(seedThroughImport(imported, OPTIONS)).rejects.toThrow(/already holds customers/);
  });
});
