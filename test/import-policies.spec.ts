import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Role } from "../src/auth/role";
import { resumeImport, startImport } from "../src/modules/importing/import.service";
import { startTestApp, type TestApp } from "./support/app";

const CUSTOMERS = [
  "sourceId,kind,fullName,city",
  "H-1,INDIVIDUAL,Zhao Lei,Beijing",
  "H-2,INDIVIDUAL,\"Qian, Yu\",Shanghai",
  "H-3,ENTERPRISE,Example Trading Co. Ltd,Hangzhou",
].join("\n") + "\n";

const HEADER = "sourceId,customerSourceId,policyNumber,productCode,status,premium,currency,premiumFrequency,sumInsured,startDate,endDate,renewalDate,salesChannel,coverages";
const covers = (...list: [kind: string, limit: number, deductible: number][]) =>
  `"${JSON.stringify(list.map(([kind, limit, deductible]) => ({ kind, limit, deductible }))).replaceAll('"', '""')}"`;

/** 4 good rows (one with a generated number), then an unknown holder, an unknown product, an end before the start, a bad cover kind. */
const CSV = [
  HEADER,
  `POL-1,H-1,P20260900001,LIFE-TERM-20,ACTIVE,125000,,ANNUAL,50000000,2026-01-01,2045-12-31,2026-12-31,AGENT_VISIT,${covers(["DEATH_BENEFIT", 50_000_000, 0], ["WAIVER_OF_PREMIUM", 5_000_000, 0])}`,
  `POL-2,H-2,,HEALTH-MILLION,ACTIVE,30000,CNY,MONTHLY,300000000,2026-03-01,2027-02-28,,APP,${covers(["INPATIENT", 300_000_000, 1_000_000])}`,
  `POL-3,H-3,P20250900003,PROP-COMMERCIAL,EXPIRED,900000,CNY,ANNUAL,1000000000,2025-01-01,2025-12-31,,BRANCH,`,
  `POL-4,H-1,,ACC-PERSONAL,QUOTED,20000,CNY,SINGLE,100000000,2026-12-01,2027-11-30,,WEB,${covers(["ACCIDENTAL_DEATH", 100_000_000, 0])}`,
  `POL-5,H-404,,LIFE-TERM-20,ACTIVE,1,CNY,ANNUAL,1,2026-01-01,2027-01-01,,,`,
  `POL-6,H-2,,NO-SUCH-PRODUCT,ACTIVE,1,CNY,ANNUAL,1,2026-01-01,2027-01-01,,,`,
  `POL-7,H-2,,LIFE-TERM-20,ACTIVE,1,CNY,ANNUAL,1,2026-01-01,2025-01-01,,,`,
  `POL-8,H-2,,LIFE-TERM-20,ACTIVE,1,CNY,ANNUAL,1,2026-01-01,2027-01-01,,,${covers(["ALIEN_ABDUCTION", 1, 0])}`,
].join("\n") + "\n";

const ndjson = (records: Record<string, unknown>[]) => records.map((record) => JSON.stringify(record)).join("\n") + "\n";
const NDJSON_POLICIES = [
  { sourceId: "NP-1", customerSourceId: "H-3", productCode: "LIAB-EMPLOYER", status: "ACTIVE", premium: 4_500_000, premiumFrequency: "ANNUAL", sumInsured: 2_000_000_000, startDate: "2026-06-01", endDate: "2027-05-31", renewalDate: "2027-05-31", salesChannel: "AGENT_VISIT",
    coverages: [{ kind: "BODILY_INJURY", limit: 2_000_000_000, deductible: 0 }, { kind: "LEGAL_COSTS", limit: 100_000_000 }] },
  { sourceId: "NP-2", customerSourceId: "H-2", productCode: "TRAVEL-GLOBAL", status: "ACTIVE", premium: 38_000, premiumFrequency: "SINGLE", sumInsured: 50_000_000, startDate: "2026-11-01", endDate: "2026-11-20",
    coverages: [{ kind: "EMERGENCY_MEDICAL", limit: 50_000_000, deductible: 50_000 }] },
];

describe("bulk import of policies with their covers", () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-import-policies-"));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const run = (file: string, source: string, entity: string, extra: Record<string, unknown> = {}) =>
    startImport(app.db, { file, sourceSystem: source, entity, createdBy: "test", piiKey: app.config.piiEncryptionKey, batchSize: 3, ...extra });
  const customersOf = async (source: string) => expect(await run(write(`customers-${source}.csv`, CUSTOMERS), source, "customers")).toMatchObject({ status: "COMPLETED", inserted: 3 });
  /** The policy events in outbox order: type, customer, policy, changed fields. */
  const policyEvents = async () =>
    (await app.db.query(`SELECT type, customer_id, data FROM event_outbox WHERE type LIKE 'policy.%' ORDER BY position`)).map(
      (e: { type: string; customer_id: string; data: { policyId: string; changedFields?: string[] } }) => [e.type, e.customer_id, e.data.policyId, e.data.changedFields ?? null],
    );
  const errorsOf = async (jobId: string) =>
    (await app.db.query(`SELECT line, source_id, field FROM import_error WHERE job_id = $1 ORDER BY line, field`, [jobId])).map(
      (e: { line: number; source_id: string; field: string }) => [e.line, e.source_id, e.field],
    );
  /** The imported policies of a source with their holder's source id and covers, all columns but the key's last-seen time. */
  const snapshot = (source: string) =>
    app.db.query(
      `SELECT k.source_id, k.content_digest, k.first_seen_at, h.source_id AS holder, p.*,
              p.start_date::text AS start, p.end_date::text AS end, p.renewal_date::text AS renewal,
              (SELECT json_agg(json_build_object('kind', v.kind, 'limit', v.limit_amount, 'deductible', v.deductible, 'currency', v.currency, 'customer', v.customer_id = p.customer_id)
                               ORDER BY v.kind) FROM coverage v WHERE v.policy_id = p.id) AS covers
       FROM source_key k JOIN policy p ON p.id = k.record_id
       JOIN source_key h ON h.record_id = p.customer_id AND h.entity_kind = 'customer' AND h.source_system = k.source_system
       WHERE k.entity_kind = 'policy' AND k.source_system = $1 ORDER BY k.source_id`,
      [source],
    );

  it("imports the good rows of a CSV file with their covers, and reports unknown holders and products by line, key and field", async () => {
    await customersOf("CORE_PAS");
    const job = await run(write("policies.csv", CSV), "CORE_PAS", "policies");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 8, inserted: 4, updated: 0, unchanged: 0, failed: 4, lastLine: 9 });
    expect(await errorsOf(job.id)).toEqual([
      [6, "POL-5", "customerSourceId"],
      [7, "POL-6", "productCode"],
      [8, "POL-7", "endDate"],
      [9, "POL-8", "coverages"],
    ]);
    const rows = await snapshot("CORE_PAS");
    expect(rows.map((r: Record<string, unknown>) => [r.source_id, r.holder, r.product_code, r.status, Number(r.premium), r.currency, r.premium_frequency, Number(r.sum_insured), r.start, r.end, r.renewal, r.sales_channel])).toEqual([
      ["POL-1", "H-1", "LIFE-TERM-20", "ACTIVE", 125000, "CNY", "ANNUAL", 50000000, "2026-01-01", "2045-12-31", "2026-12-31", "AGENT_VISIT"],
      ["POL-2", "H-2", "HEALTH-MILLION", "ACTIVE", 30000, "CNY", "MONTHLY", 300000000, "2026-03-01", "2027-02-28", null, "APP"],
      ["POL-3", "H-3", "PROP-COMMERCIAL", "EXPIRED", 900000, "CNY", "ANNUAL", 1000000000, "2025-01-01", "2025-12-31", null, "BRANCH"],
      ["POL-4", "H-1", "ACC-PERSONAL", "QUOTED", 20000, "CNY", "SINGLE", 100000000, "2026-12-01", "2027-11-30", null, "WEB"],
    ]);
    expect(rows[0].policy_number).toBe("P20260900001");
    expect(rows[2].policy_number).toBe("P20250900003");
    // generated as the app numbers policies: P, the start year, the next serial above every number held
    expect(rows[1].policy_number).toMatch(/^P2026\d{7}$/);
    expect(rows[3].policy_number).toMatch(/^P2026\d{7}$/);
    expect(Number(rows[1].policy_number.slice(5))).toBeGreaterThan(900003);
    expect(rows[3].policy_number).not.toBe(rows[1].policy_number);
    expect(rows.map((r: { covers: unknown }) => r.covers)).toEqual([
      [{ kind: "DEATH_BENEFIT", limit: 50000000, deductible: 0, currency: "CNY", customer: true }, { kind: "WAIVER_OF_PREMIUM", limit: 5000000, deductible: 0, currency: "CNY", customer: true }],
      [{ kind: "INPATIENT", limit: 300000000, deductible: 1000000, currency: "CNY", customer: true }],
      null,
      [{ kind: "ACCIDENTAL_DEATH", limit: 100000000, deductible: 0, currency: "CNY", customer: true }],
    ]);
    const problems = await app.db.query(`SELECT problem FROM import_error WHERE job_id = $1`, [job.id]);
    expect(JSON.stringify(problems)).not.toMatch(/H-404|NO-SUCH-PRODUCT|ALIEN/);
    // one policy.imported per new policy, about its holder, in the batch's transaction
    expect(await policyEvents()).toEqual(rows.map((r: { id: string; customer_id: string }) => ["policy.imported", r.customer_id, r.id, null]));
  });

  it("changes nothing when the same file comes again: every row unchanged, the tables identical", async () => {
    const before = await snapshot("CORE_PAS");
    const covers = await app.db.query(`SELECT * FROM coverage ORDER BY id`);
    const job = await run(path.join(dir, "policies.csv"), "CORE_PAS", "policies");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 8, inserted: 0, updated: 0, unchanged: 4, failed: 4 });
    expect(await snapshot("CORE_PAS")).toEqual(before);
    expect(await app.db.query(`SELECT * FROM coverage ORDER BY id`)).toEqual(covers);
    expect((await policyEvents()).length).toBe(4); // nothing new
  });

  it("updates a policy whose covers changed (covers replaced, generated number kept) and leaves the others as they were", async () => {
    const before = await snapshot("CORE_PAS");
    const changed = CSV.replace(covers(["INPATIENT", 300_000_000, 1_000_000]), covers(["INPATIENT", 400_000_000, 500_000], ["OUTPATIENT", 2_000_000, 0]));
    const job = await run(write("policies.csv", changed), "CORE_PAS", "policies");
    expect(job).toMatchObject({ processed: 8, inserted: 0, updated: 1, unchanged: 3, failed: 4 });
    const after = await snapshot("CORE_PAS");
    expect(after[1]).toMatchObject({ source_id: "POL-2", policy_number: before[1].policy_number, id: before[1].id });
    expect(after[1].covers).toEqual([
      { kind: "INPATIENT", limit: 400000000, deductible: 500000, currency: "CNY", customer: true },
      { kind: "OUTPATIENT", limit: 2000000, deductible: 0, currency: "CNY", customer: true },
    ]);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM coverage WHERE policy_id = $1`, [before[1].id]);
    expect(n).toBe(2);
    for (const i of [0, 2, 3]) expect(after[i]).toEqual(before[i]);
    expect((await policyEvents()).slice(4)).toEqual([["policy.changed", before[1].customer_id, before[1].id, ["coverages"]]]);
  });

  it("names the policy fields an import changed in policy.changed, never their values", async () => {
    const before = await snapshot("CORE_PAS");
    const file = fs.readFileSync(path.join(dir, "policies.csv"), "utf8").replace("PROP-COMMERCIAL,EXPIRED,900000", "PROP-COMMERCIAL,CANCELLED,950000");
    expect(await run(write("policies.csv", file), "CORE_PAS", "policies")).toMatchObject({ updated: 1, unchanged: 3 });
    const events = await policyEvents();
    expect(events.at(-1)).toEqual(["policy.changed", before[2].customer_id, before[2].id, ["premium", "status"]]);
    expect(JSON.stringify(await app.db.query(`SELECT data FROM event_outbox WHERE type LIKE 'policy.%'`))).not.toMatch(/950000|CANCELLED/);
    // the customer's history shows the change (its fields, when), from the event itself: in the list and on the timeline
    const [changed] = await app.db.query(`SELECT id, occurred_at FROM event_outbox WHERE type = 'policy.changed' AND data->>'policyId' = $1 ORDER BY position DESC LIMIT 1`, [before[2].id]);
    const res = await app.gql(
      `query ($id: ID!) { customer(id: $id) {
         policyChanges(first: 10) { totalCount edges { node { id policyId changedFields occurredAt policy { id status } } } }
         timeline(first: 50, kinds: [POLICY_CHANGE]) { totalCount edges { node { kind occurredAt record { ... on PolicyChange { id changedFields } } } } } } }`,
      { token: await app.token(Role.ADMIN), variables: { id: before[2].customer_id } },
    );
    expect(res.body.errors).toBeUndefined();
    const history = res.body.data!.customer;
    expect(history.policyChanges.edges[0].node).toEqual({
      id: changed.id, policyId: before[2].id, changedFields: ["premium", "status"], occurredAt: new Date(changed.occurred_at).toISOString(), policy: { id: before[2].id, status: "CANCELLED" },
    });
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE type = 'policy.changed' AND customer_id = $1`, [before[2].customer_id]);
    expect([history.policyChanges.totalCount, history.timeline.totalCount]).toEqual([n, n]);
    expect(history.timeline.edges[0].node).toEqual({ kind: "POLICY_CHANGE", occurredAt: new Date(changed.occurred_at).toISOString(), record: { id: changed.id, changedFields: ["premium", "status"] } });
  });

  it("refuses to move a policy to another holder, by column", async () => {
    const moved = fs.readFileSync(path.join(dir, "policies.csv"), "utf8").replace("POL-1,H-1,", "POL-1,H-2,");
    const job = await run(write("moved.csv", moved), "CORE_PAS", "policies");
    expect(job).toMatchObject({ updated: 0, failed: 5 });
    expect((await errorsOf(job.id))[0]).toEqual([2, "POL-1", "customerSourceId"]);
    expect((await snapshot("CORE_PAS"))[0]).toMatchObject({ source_id: "POL-1", holder: "H-1" });
  });

  it("reads NDJSON (covers as an array) with the same rules; a holder of another source system is not found", async () => {
    await customersOf("CRM_LEGACY");
    const job = await run(write("policies.ndjson", ndjson([
      ...NDJSON_POLICIES,
      { ...NDJSON_POLICIES[1], sourceId: "NP-3", customerSourceId: "H-9" },
      { ...NDJSON_POLICIES[1], sourceId: "NP-4", policyNumber: "P20260900001" },
      { ...NDJSON_POLICIES[1], sourceId: "NP-5", coverages: [{ kind: "INPATIENT", limit: -1 }] },
    ])), "CRM_LEGACY", "policies");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 5, inserted: 2, failed: 3 });
    expect(await errorsOf(job.id)).toEqual([[3, "NP-3", "customerSourceId"], [4, "NP-4", "policyNumber"], [5, "NP-5", "coverages"]]);
    const rows = await snapshot("CRM_LEGACY");
    expect(rows.map((r: { source_id: string; holder: string; covers: { kind: string; deductible: number }[] }) => [r.source_id, r.holder, r.covers.map((c) => [c.kind, c.deductible])])).toEqual([
      ["NP-1", "H-3", [["BODILY_INJURY", 0], ["LEGAL_COSTS", 0]]],
      ["NP-2", "H-2", [["EMERGENCY_MEDICAL", 50000]]],
    ]);
    const other = await run(write("policies-other-source.ndjson", ndjson(NDJSON_POLICIES)), "NO_CUSTOMERS", "policies");
    expect(other).toMatchObject({ inserted: 0, failed: 2 });
  });

  it("resumes a job stopped after its first committed batch and ends with the rows of an uninterrupted run", async () => {
    // numbers given in the file: a second source with the same numbers would conflict, so the runs differ in numbers only where generated
    const file = write("resume.csv", CSV.replaceAll(/P202\d09\d{5}/g, ""));
    await customersOf("FULL_RUN");
    await customersOf("SPLIT_RUN");
    const whole = await run(file, "FULL_RUN", "policies");
    const stopped = await run(file, "SPLIT_RUN", "policies", { stopAfterBatches: 1 });
    expect(stopped).toMatchObject({ status: "RUNNING", processed: 3, lastLine: 4, inserted: 3 });
    const resumed = await resumeImport(app.db, stopped.id, { file, piiKey: app.config.piiEncryptionKey, batchSize: 3 });
    const totals = (job: typeof whole) => [job.status, job.processed, job.inserted, job.updated, job.unchanged, job.failed, job.lastLine];
    expect(totals(resumed)).toEqual(totals(whole));
    const comparable = (rows: Record<string, unknown>[]) =>
      rows.map(({ source_id, holder, content_digest, product_code, status, premium, start, end, covers }) => ({ source_id, holder, content_digest, product_code, status, premium, start, end, covers }));
    expect(comparable(await snapshot("SPLIT_RUN"))).toEqual(comparable(await snapshot("FULL_RUN")));
    expect(await errorsOf(stopped.id)).toEqual(await errorsOf(whole.id));
  });

  it("shows an imported policy with its covers in the holder's 360", async () => {
    const [{ customer_id, policy_number }] = await app.db.query(
      `SELECT p.customer_id, p.policy_number FROM policy p JOIN source_key k ON k.record_id = p.id WHERE k.source_system = 'CORE_PAS' AND k.source_id = 'POL-1'`,
    );
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { policies { edges { node { policyNumber coverages { kind } participants { role customer { id } } } } } } }`, {
      token: await app.token(Role.ADMIN),
      variables: { id: customer_id },
    });
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.customer.policies.edges.map((e: { node: { policyNumber: string; coverages: { kind: string }[] } }) => e.node);
    // the holder is the policy's participant, as on every policy the API knows
    expect(nodes).toContainEqual({
      policyNumber: policy_number,
      coverages: expect.arrayContaining([{ kind: "DEATH_BENEFIT" }, { kind: "WAIVER_OF_PREMIUM" }]),
      participants: [{ role: "POLICYHOLDER", customer: { id: customer_id } }],
    });
    expect(nodes.find((n: { policyNumber: string }) => n.policyNumber === policy_number).coverages).toHaveLength(2);
  });

  it("fails a policy file without a required column before any row is written", async () => {
    const job = await run(write("no-holder.csv", "sourceId,productCode,status\nX-1,LIFE-TERM-20,ACTIVE\n"), "TYPO_SRC", "policies");
    expect(job).toMatchObject({ status: "FAILED", processed: 0 });
    expect(job.failure).toMatch(/required column\(s\) missing: customerSourceId/);
  });
});
