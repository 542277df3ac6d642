import fs from "node:fs";
import path from "node:path";
import { Role } from "../src/auth/role";
import { Claim } from "../src/modules/claim/claim.entity";
import { IMPORT_ENTITIES, IMPORT_KINDS, importOrder } from "../src/modules/importing/import-kinds";
import { resumeImport, startImport } from "../src/modules/importing/import.service";
import { PiiCipher } from "../src/shared/pii-crypto";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles, rowErrors } from "./support/import-files";

const EXAMPLES = path.resolve(__dirname, "..", "docs", "examples");
const example = (name: string) => path.join(EXAMPLES, name);
const ndjson = (records: Record<string, unknown>[]) => records.map((record) => JSON.stringify(record)).join("\n") + "\n";
const csv = (rows: string[]) => rows.join("\n") + "\n";

/** Claims on the example policies (docs/examples): PAS-POL-000102 is HEALTH-MILLION 2026, sum insured 300,000,000; PAS-POL-000301 belongs to PAS-000003. */
const CLAIM = { policySourceId: "PAS-POL-000102", kind: "HOSPITALIZATION", incidentDate: "2026-04-01", reportedAt: "2026-04-02T08:00:00Z", status: "REPORTED", claimedAmount: 300000 };
const BAD_CLAIMS = [
  { ...CLAIM, sourceId: "T-CLM-1", policySourceId: "PAS-POL-404404" },
  { ...CLAIM, sourceId: "T-CLM-2", incidentDate: "2025-06-01", reportedAt: "2025-06-02T00:00:00Z" },
  { ...CLAIM, sourceId: "T-CLM-3", status: "APPROVED" },
  { ...CLAIM, sourceId: "T-CLM-4", status: "MISLAID" },
  { ...CLAIM, sourceId: "T-CLM-5", events: [{ status: "REPORTED", at: "2026-04-02T08:00:00Z" }, { status: "UNDER_REVIEW", at: "2026-04-03T08:00:00Z" }] },
  { ...CLAIM, sourceId: "T-CLM-6", claimedAmount: 999999999999 },
  { ...CLAIM, sourceId: "T-CLM-7", kind: "secret lowercase kind", description: "x".repeat(4001) },
];

const INTERACTION_HEADER = "sourceId,customerSourceId,kind,direction,channel,subject,notes,occurredAt,firstResponseAt,resolvedAt,satisfaction";
const BAD_INTERACTIONS = [
  "T-INT-1,PAS-999999,INQUIRY,,PHONE,Hello,,2026-02-10T02:15:00Z,,,",
  "T-INT-2,PAS-000001,INQUIRY,,PHONE,Hello,,2026-02-10T02:15:00Z,,,9",
  "T-INT-3,PAS-000001,INQUIRY,,PHONE,Hello,,2026-02-10T02:15:00Z,,2026-02-09T02:15:00Z,",
  "T-INT-4,PAS-000001,INQUIRY,,PHONE,Hello,,2999-02-10T02:15:00Z,,,",
  "T-INT-5,PAS-000001,INQUIRY,,PHONE,Hello,,2026-02-10 02:15,,,",
  "T-INT-6,PAS-000001,GOSSIP,,PIGEON,Hello,,2026-02-10T02:15:00Z,,,",
];

const COMPLAINT_HEADER = "sourceId,customerSourceId,interactionSourceId,channel,subject,notes,category,severity,status,receivedAt,dueAt,resolvedAt,resolution,escalationReason";
const BAD_COMPLAINTS = [
  "T-CMP-1,PAS-000002,,EMAIL,Secret subject,,BILLING,,RESOLVED,2026-05-04T03:20:00Z,,,,",
  "T-CMP-2,PAS-000002,CRM-INT-000003,EMAIL,,,BILLING,,RECEIVED,2026-05-04T03:20:00Z,,,,",
  "T-CMP-3,PAS-000002,CRM-INT-000001,,,,BILLING,,RECEIVED,2026-05-04T03:20:00Z,,,,",
  "T-CMP-4,PAS-000002,CRM-INT-404,,,,BILLING,,RECEIVED,2026-05-04T03:20:00Z,,,,",
  "T-CMP-5,PAS-000002,CRM-INT-000003,,,,BILLING,,RECEIVED,2026-05-04T03:20:00Z,,,,",
  "T-CMP-6,PAS-000001,,EMAIL,Late,,billing issue,,RECEIVED,2026-05-04T03:20:00Z,2026-05-03T03:20:00Z,,,",
  "T-CMP-7,PAS-404,,EMAIL,Late,,BILLING,,RECEIVED,2026-05-04T03:20:00Z,,,,",
];

describe("importOrder: files of several kinds in reference order", () => {
  it("puts every kind after the kinds it references, directly or not, and keeps the given order otherwise", () => {
    expect(importOrder(["complaints", "claims", "interactions", "policies", "customers"])).toEqual(["customers", "interactions", "complaints", "policies", "claims"]);
    expect(importOrder(["customers", "policies", "claims"])).toEqual(["customers", "policies", "claims"]);
    expect(importOrder(["claims", "customers"])).toEqual(["customers", "claims"]);
    expect(importOrder(["interactions", "policies"])).toEqual(["interactions", "policies"]);
    expect(importOrder(["policies", "interactions"])).toEqual(["policies", "interactions"]);
    expect(importOrder(["policies", "customers", "policies"])).toEqual(["customers", "policies", "policies"]);
    expect(importOrder([])).toEqual([]);
  });

  it("orders permutations of all kinds so that no kind precedes one it references (the reverse order and 2,000 shuffled ones)", () => {
    // every permutation is 9! = 362,880 orders (a minute of expects): a seeded sample instead, the same each run
    let state = 42;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const shuffled = () => {
      const list = [...IMPORT_ENTITIES];
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
      return list;
    };
    const orders = [[...IMPORT_ENTITIES].reverse(), ...Array.from({ length: 2_000 }, shuffled)];
    expect(new Set(orders.map((order) => order.join())).size).toBeGreaterThan(1_900);
    for (const entities of orders) {
      const ordered = importOrder(entities);
      expect([...ordered].sort()).toEqual([...IMPORT_ENTITIES].sort());
      for (const [i, entity] of ordered.entries()) {
        for (const referenced of IMPORT_KINDS[entity].references) expect(ordered.indexOf(referenced)).toBeLessThan(i);
      }
    }
  });

  it("declares the references of each kind and refuses an unknown entity", () => {
    expect(Object.fromEntries(IMPORT_ENTITIES.map((entity) => [entity, IMPORT_KINDS[entity].references]))).toEqual({
      customers: [], policies: ["customers"], claims: ["policies"], instalments: ["policies"], relationships: ["customers"], consents: ["customers"], interactions: ["customers"],
      complaints: ["customers", "interactions"], cases: ["customers", "interactions"],
    });
    expect(() => importOrder(["customers", "vehicles"])).toThrow(/unknown import entity vehicles/);
  });
});

describe("bulk import of claims, interactions and complaints", () => {
  let app: TestApp;
  let admin: string;
  const files = new ImportFiles();
  const write = (name: string, content: string) => files.write(name, content);
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  /** The outbox events about one record (by its id in the event data): type, changed fields, request. */
  const outboxOf = async (key: string, id: string): Promise<[string, string[] | null, string][]> =>
    (await app.db.query(`SELECT type, data, request_id FROM event_outbox WHERE data->>'${key}' = $1 ORDER BY position`, [id])).map(
      (e: { type: string; data: { changedFields?: string[] }; request_id: string }): [string, string[] | null, string] => [e.type, e.data.changedFields ?? null, e.request_id],
    );
  const run = (file: string, source: string, entity: string, extra: Record<string, unknown> = {}) =>
    startImport(app.db, { file, sourceSystem: source, entity, createdBy: "test", piiKey: app.config.piiEncryptionKey, complaintDueHours: app.config.complaintDueHours, batchSize: 3, ...extra });
  const errorsOf = (jobId: string) => rowErrors(app.db, jobId);
  const problemsOf = async (jobId: string) => JSON.stringify(await app.db.query(`SELECT problem FROM import_error WHERE job_id = $1`, [jobId]));
  const recordOf = async (kind: string, source: string, sourceId: string) => {
    const [row] = await app.db.query(`SELECT record_id FROM source_key WHERE entity_kind = $1 AND source_system = $2 AND source_id = $3`, [kind, source, sourceId]);
    return row?.record_id as string | undefined;
  };
  /** Every row of a table that the keys of a source point to, with the key's digest (the key's last-seen time left out). */
  const snapshot = (kind: string, source: string) =>
    app.db.query(`SELECT k.source_id, k.content_digest, r.* FROM source_key k JOIN ${kind} r ON r.id = k.record_id WHERE k.entity_kind = $1 AND k.source_system = $2 ORDER BY k.source_id`, [kind, source]);
  /** Imports an example file that was imported before: every row unchanged, the table's rows identical; gives them. */
  const unchangedRerun = async (table: string, entity: string, file: string) => {
    const before = await snapshot(table, "CORE_PAS");
    expect(await run(example(file), "CORE_PAS", entity)).toMatchObject({ status: "COMPLETED", processed: 3, inserted: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(await snapshot(table, "CORE_PAS")).toEqual(before);
    return before;
  };
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await app.gql(query, { token: admin, variables });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  };
  const customerId = async (source: string, sourceId: string) => (await recordOf("customer", source, sourceId))!;

  it("imports every example file (docs/examples), in reference order", async () => {
    const files: Record<string, string> = {
      claims: "claims.ndjson", complaints: "complaints.csv", consents: "consents.csv", customers: "customers.csv", instalments: "instalments.csv", interactions: "interactions.csv",
      policies: "policies.ndjson", relationships: "relationships.csv",
    };
    const counts: Record<string, unknown> = {};
    for (const entity of importOrder(Object.keys(files))) {
      const job = await run(example(files[entity]), "CORE_PAS", entity);
      counts[entity] = [job.status, job.inserted, job.failed];
    }
    expect(counts).toEqual({
      customers: ["COMPLETED", 3, 0], policies: ["COMPLETED", 4, 0], claims: ["COMPLETED", 3, 0], instalments: ["COMPLETED", 4, 0], relationships: ["COMPLETED", 2, 0], consents: ["COMPLETED", 4, 0],
      interactions: ["COMPLETED", 3, 0], complaints: ["COMPLETED", 3, 0],
    });
  });

  it("refreshes the planner's statistics after a job that wrote a tenth of the customers the planner believed in", async () => {
    const [counted] = await app.db.query(`SELECT reltuples::int AS planned, (SELECT count(*)::int FROM customer) AS stored FROM pg_class WHERE oid = 'customer'::regclass`);
    // the jobs above wrote 3 customers onto the 5 that the seed's ANALYZE counted: the planner knows all 8
    expect(counted).toEqual({ planned: 8, stored: 8 });
  });

  describe("claims", () => {
    it("reads imported claims back through GraphQL as ADMIN with their amounts, history and generated or given numbers", async () => {
      const id = await customerId("CORE_PAS", "PAS-000001");
      const data = await gql(
        `query ($id: ID!) { customer(id: $id) { claims(first: 10) { totalCount edges { node {
           claimNumber kind incidentDate reportedAt status currency closedAt claimedAmount { amount currency } approvedAmount { amount } paidAmount { amount }
           events { fromStatus toStatus note occurredAt actorId } } } } } }`,
        { id },
      );
      const claims = data.customer.claims.edges.map((e: { node: Record<string, any> }) => e.node).sort((a: { incidentDate: string }, b: { incidentDate: string }) => a.incidentDate.localeCompare(b.incidentDate));
      expect(data.customer.claims.totalCount).toBe(2);
      expect(claims[0]).toMatchObject({
        kind: "HOSPITALIZATION", incidentDate: "2026-03-14", reportedAt: "2026-03-15T09:30:00.000Z", status: "PAID", currency: "CNY", closedAt: null,
        claimedAmount: { amount: 1200000, currency: "CNY" }, approvedAmount: { amount: 1000000 }, paidAmount: { amount: 1000000 },
      });
      // generated as fileClaim numbers claims: CL, the year reported, the next serial above every generated number held (the example's CL20260900502 included)
      expect(claims[0].claimNumber).toMatch(/^CL2026\d{7}$/);
      expect(Number(claims[0].claimNumber.slice(6))).toBeGreaterThan(900502);
      expect(claims[0].events).toEqual([
        { fromStatus: null, toStatus: "REPORTED", note: null, occurredAt: "2026-03-15T09:30:00.000Z", actorId: null },
        { fromStatus: "REPORTED", toStatus: "UNDER_REVIEW", note: null, occurredAt: "2026-03-16T02:00:00.000Z", actorId: null },
        { fromStatus: "UNDER_REVIEW", toStatus: "APPROVED", note: "Invoices checked; non-covered items deducted", occurredAt: "2026-03-20T10:00:00.000Z", actorId: null },
        { fromStatus: "APPROVED", toStatus: "PAID", note: null, occurredAt: "2026-03-25T08:00:00.000Z", actorId: null },
      ]);
      // no events in the file: one event for the imported status, at reportedAt (+08:00 normalized to UTC)
      expect(claims[1]).toMatchObject({ claimNumber: "CL20260900502", status: "UNDER_REVIEW", reportedAt: "2026-10-03T06:00:00.000Z", approvedAmount: null, paidAmount: null });
      expect(claims[1].events).toEqual([{ fromStatus: null, toStatus: "UNDER_REVIEW", note: null, occurredAt: "2026-10-03T06:00:00.000Z", actorId: null }]);
      const rejected = await gql(`query ($id: ID!) { claim(id: $id) { status closedAt claimant { id } } }`, { id: await recordOf("claim", "CORE_PAS", "PAS-CLM-000301") });
      expect(rejected.claim).toEqual({ status: "REJECTED", closedAt: "2026-07-20T03:00:00.000Z", claimant: { id: await customerId("CORE_PAS", "PAS-000003") } });
    });

    it("stores the description sealed (raw SQL sees no plaintext) and reads it back through the entity", async () => {
      const id = (await recordOf("claim", "CORE_PAS", "PAS-CLM-000501"))!;
      const [{ description }] = await app.db.query(`SELECT description FROM claim WHERE id = $1`, [id]);
      expect(description).toMatch(/^v1\./);
      expect(description).not.toContain("appendectomy");
      expect(new PiiCipher(app.config.piiEncryptionKey).decrypt(description)).toBe("Inpatient stay of 3 days, appendectomy");
      expect((await app.db.getRepository(Claim).findOneByOrFail({ id })).description).toBe("Inpatient stay of 3 days, appendectomy");
      // through GraphQL by the claimant (HEALTH: full for the customer themself; ADMIN is denied it)
      const claimant = await app.token(Role.CUSTOMER, { sub: await customerId("CORE_PAS", "PAS-000001") });
      const res = await app.gql(`query ($id: ID!) { claim(id: $id) { description } }`, { token: claimant, variables: { id } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.claim).toEqual({ description: "Inpatient stay of 3 days, appendectomy" });
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM claim WHERE description LIKE '%appendectomy%' OR description LIKE '%way home%'`);
      expect(n).toBe(0);
    });

    it("reports bad rows by line, source id and column, never quoting values", async () => {
      const job = await run(write("bad-claims.ndjson", ndjson(BAD_CLAIMS)), "CORE_PAS", "claims");
      expect(job).toMatchObject({ status: "COMPLETED", processed: 7, inserted: 0, failed: 7 });
      expect(await errorsOf(job.id)).toEqual([
        [1, "T-CLM-1", "policySourceId"],
        [2, "T-CLM-2", "incidentDate"],
        [3, "T-CLM-3", "approvedAmount"],
        [4, "T-CLM-4", "status"],
        [5, "T-CLM-5", "events"],
        [6, "T-CLM-6", "claimedAmount"],
        [7, "T-CLM-7", "description"],
        [7, "T-CLM-7", "kind"],
      ]);
      expect(await problemsOf(job.id)).not.toMatch(/PAS-POL-404404|MISLAID|999999999999|secret lowercase|xxxx|2025-06-01/);
    });

    it("changes nothing when the same file comes again, and updates a changed claim in place (version + 1, events replaced)", async () => {
      const before = await unchangedRerun("claim", "claims", "claims.ndjson");

      const changed = fs.readFileSync(example("claims.ndjson"), "utf8").replace(
        `"status":"UNDER_REVIEW","claimedAmount":45000,`,
        `"status":"APPROVED","claimedAmount":45000,"approvedAmount":40000,"events":[{"status":"REPORTED","at":"2026-10-03T06:00:00Z"},{"status":"APPROVED","at":"2026-10-05T06:00:00Z","note":"ok"}],`,
      );
      const job = await run(write("claims-changed.ndjson", changed), "CORE_PAS", "claims");
      expect(job).toMatchObject({ processed: 3, inserted: 0, updated: 1, unchanged: 2, failed: 0 });
      const after = await snapshot("claim", "CORE_PAS");
      const index = before.findIndex((r: { source_id: string }) => r.source_id === "PAS-CLM-000502");
      expect(after[index]).toMatchObject({ id: before[index].id, claim_number: "CL20260900502", status: "APPROVED", version: before[index].version + 1 });
      expect(Number(after[index].approved_amount)).toBe(40000);
      for (const i of [0, 1, 2].filter((i) => i !== index)) expect(after[i]).toEqual(before[i]);
      const events = await app.db.query(`SELECT from_status, to_status, note FROM claim_event WHERE claim_id = $1 ORDER BY occurred_at`, [before[index].id]);
      expect(events).toEqual([{ from_status: null, to_status: "REPORTED", note: null }, { from_status: "REPORTED", to_status: "APPROVED", note: "ok" }]);
      // the outbox: claim.filed once when it came in, then claim.transitioned naming what changed, in the job's transaction
      expect(await outboxOf("claimId", before[index].id)).toEqual([
        ["claim.filed", null, expect.stringMatching(/^import:/)],
        ["claim.transitioned", ["approvedAmount", "status"], `import:${job.id}`],
      ]);
    });

    it("does not find a policy of another source system, and refuses to move a claim to another customer's policy", async () => {
      const legacy = await run(write("legacy-customers.csv", csv(["sourceId,kind,fullName", "LEG-1,INDIVIDUAL,Wu Fang"])), "LEGACY", "customers");
      expect(legacy.inserted).toBe(1);
      const policy = { sourceId: "LEG-POL-1", customerSourceId: "LEG-1", productCode: "HEALTH-MILLION", status: "ACTIVE", premium: 100, premiumFrequency: "ANNUAL", sumInsured: 300000000, startDate: "2026-01-01", endDate: "2026-12-31" };
      expect((await run(write("legacy-policies.ndjson", ndjson([policy])), "LEGACY", "policies")).inserted).toBe(1);
      const job = await run(write("cross.ndjson", ndjson([
        { ...CLAIM, sourceId: "T-CLM-10", policySourceId: "LEG-POL-1" },
        { ...CLAIM, sourceId: "PAS-CLM-000501", policySourceId: "PAS-POL-000301", incidentDate: "2026-07-01", reportedAt: "2026-07-02T00:00:00Z" },
      ])), "CORE_PAS", "claims");
      expect(job).toMatchObject({ inserted: 0, updated: 0, failed: 2 });
      expect(await errorsOf(job.id)).toEqual([[1, "T-CLM-10", "policySourceId"], [2, "PAS-CLM-000501", "policySourceId"]]);
      expect(await problemsOf(job.id)).toMatch(/names no policy imported from CORE_PAS/);
      expect(await problemsOf(job.id)).toMatch(/the claim belongs to another customer here/);
      const [{ customer_id }] = await app.db.query(`SELECT customer_id FROM claim WHERE id = $1`, [await recordOf("claim", "CORE_PAS", "PAS-CLM-000501")]);
      expect(customer_id).toBe(await customerId("CORE_PAS", "PAS-000001"));
    });

    it("lets only the first new claim of a batch take a claim number the file gives twice (the second fails on claimNumber)", async () => {
      const job = await run(write("same-number.ndjson", ndjson([
        { ...CLAIM, sourceId: "T-CLM-20", claimNumber: "CL-TWICE-1" },
        { ...CLAIM, sourceId: "T-CLM-21", claimNumber: "CL-TWICE-1" },
      ])), "CORE_PAS", "claims");
      expect(job).toMatchObject({ status: "COMPLETED", inserted: 1, failed: 1 });
      expect(await errorsOf(job.id)).toEqual([[2, "T-CLM-21", "claimNumber"]]);
    });

    it("re-assesses the risk of the claimants a job wrote, and of nobody on an unchanged re-run", async () => {
      let reassessed = -1;
      const unchanged = await run(files.path("claims-changed.ndjson"), "CORE_PAS", "claims", { onRiskRefreshed: (n: number) => (reassessed = n) });
      expect([unchanged.unchanged, reassessed]).toEqual([3, 0]);
      const changed = fs.readFileSync(files.path("claims-changed.ndjson"), "utf8").replace(`"claimedAmount":8000000`, `"claimedAmount":7000000`);
      await run(write("claims-risk.ndjson", changed), "CORE_PAS", "claims", { onRiskRefreshed: (n: number) => (reassessed = n) });
      expect(reassessed).toBe(1);
    });
  });

  describe("interactions", () => {
    it("reads imported interactions back through GraphQL as ADMIN", async () => {
      const data = await gql(
        `query ($id: ID!) { customer(id: $id) { interactions(first: 10) { totalCount edges { node { kind direction channel subject notes occurredAt firstResponseAt resolvedAt satisfaction status staffId } } } } }`,
        { id: await customerId("CORE_PAS", "PAS-000001") },
      );
      const nodes = data.customer.interactions.edges.map((e: { node: Record<string, unknown> }) => e.node);
      // PAS-000001 has the two example contacts and the complaint contact the import recorded for CRM-CMP-000002
      expect(data.customer.interactions.totalCount).toBe(3);
      expect(nodes).toEqual(expect.arrayContaining([
        { kind: "INQUIRY", direction: "INBOUND", channel: "HOTLINE", subject: "Renewal date question", notes: "Explained the grace period", occurredAt: "2026-02-10T02:15:00.000Z", firstResponseAt: "2026-02-10T02:16:00.000Z", resolvedAt: "2026-02-10T02:30:00.000Z", satisfaction: 5, status: "RESOLVED", staffId: null },
        { kind: "CLAIM_SUPPORT", direction: "OUTBOUND", channel: "PHONE", subject: "Claim documents reminder", notes: "Asked for the discharge summary, invoices", occurredAt: "2026-03-16T06:00:00.000Z", firstResponseAt: null, resolvedAt: null, satisfaction: null, status: "OPEN", staffId: null },
        { kind: "COMPLAINT", direction: "INBOUND", channel: "WECHAT", subject: "Claim settled late", notes: "Customer asks for interest on the delay", occurredAt: "2026-04-02T01:00:00.000Z", firstResponseAt: null, resolvedAt: null, satisfaction: null, status: "OPEN", staffId: null },
      ]));
    });

    it("reports bad rows by line, source id and column, never quoting values", async () => {
      const job = await run(write("bad-interactions.csv", csv([INTERACTION_HEADER, ...BAD_INTERACTIONS])), "CORE_PAS", "interactions");
      expect(job).toMatchObject({ status: "COMPLETED", processed: 6, inserted: 0, failed: 6 });
      expect(await errorsOf(job.id)).toEqual([
        [2, "T-INT-1", "customerSourceId"],
        [3, "T-INT-2", "satisfaction"],
        [4, "T-INT-3", "resolvedAt"],
        [5, "T-INT-4", "occurredAt"],
        [6, "T-INT-5", "occurredAt"],
        [7, "T-INT-6", "channel"],
        [7, "T-INT-6", "kind"],
      ]);
      expect(await problemsOf(job.id)).not.toMatch(/PAS-999999|2999|02:15|GOSSIP|PIGEON/);
    });

    it("changes nothing on the same file again, updates a changed contact, refuses a move to another customer", async () => {
      const before = await unchangedRerun("interaction", "interactions", "interactions.csv");
      const changed = fs.readFileSync(example("interactions.csv"), "utf8")
        .replace("Claim documents reminder,\"Asked for the discharge summary, invoices\",2026-03-16T06:00:00Z,,,", "Claim documents reminder,,2026-03-16T06:00:00Z,,2026-03-17T06:00:00Z,4")
        .replace("CRM-INT-000001,PAS-000001,", "CRM-INT-000001,PAS-000002,");
      const job = await run(write("interactions-changed.csv", changed), "CORE_PAS", "interactions");
      expect(job).toMatchObject({ processed: 3, inserted: 0, updated: 1, unchanged: 1, failed: 1 });
      expect(await errorsOf(job.id)).toEqual([[2, "CRM-INT-000001", "customerSourceId"]]);
      const after = await snapshot("interaction", "CORE_PAS");
      expect(after[1]).toMatchObject({ id: before[1].id, notes: null, status: "RESOLVED", satisfaction: 4, resolved_at: new Date("2026-03-17T06:00:00Z") });
      expect(after[0]).toEqual(before[0]);
      expect(after[2]).toEqual(before[2]);
      // interaction.recorded when it came in; the correction names exactly the fields whose value changed
      expect((await outboxOf("interactionId", before[1].id)).map(([type, fields]) => [type, fields])).toEqual([
        ["interaction.recorded", null],
        ["interaction.corrected", ["notes", "resolvedAt", "satisfaction", "status"]],
      ]);
    });
  });

  describe("complaints", () => {
    it("reads imported complaints back through GraphQL as ADMIN, dueAt derived from the severity's hours when the file gives none", async () => {
      const query = `query ($id: ID!) { customer(id: $id) { complaints(first: 10) { totalCount edges { node {
        category severity status receivedAt dueAt resolvedAt resolution escalationReason interactionId } } } } }`;
      const second = await gql(query, { id: await customerId("CORE_PAS", "PAS-000002") });
      expect(second.customer.complaints.totalCount).toBe(1);
      expect(second.customer.complaints.edges[0].node).toEqual({
        category: "BILLING", severity: "HIGH", status: "RESOLVED", receivedAt: "2026-05-04T03:20:00.000Z",
        dueAt: new Date(Date.parse("2026-05-04T03:20:00Z") + app.config.complaintDueHours.HIGH * 3_600_000).toISOString(),
        resolvedAt: "2026-05-04T09:00:00.000Z", resolution: "Double charge refunded", escalationReason: null,
        interactionId: await recordOf("interaction", "CORE_PAS", "CRM-INT-000003"),
      });
      const first = await gql(query, { id: await customerId("CORE_PAS", "PAS-000001") });
      expect(first.customer.complaints.edges.map((e: { node: Record<string, unknown> }) => e.node)).toEqual([
        expect.objectContaining({ category: "CLAIM_HANDLING", severity: "MEDIUM", status: "ESCALATED", escalationReason: "Regulator copied", resolvedAt: null,
          dueAt: new Date(Date.parse("2026-04-02T01:00:00Z") + app.config.complaintDueHours.MEDIUM * 3_600_000).toISOString() }),
      ]);
      const third = await gql(query, { id: await customerId("CORE_PAS", "PAS-000003") });
      expect(third.customer.complaints.edges[0].node).toMatchObject({ severity: "LOW", status: "RECEIVED", dueAt: "2026-11-23T08:00:00.000Z" });
      // the contacts the import recorded for complaints without interactionSourceId: one each, kind COMPLAINT, no key of their own
      const [{ n }] = await app.db.query(
        `SELECT count(*)::int AS n FROM complaint co JOIN interaction i ON i.id = co.interaction_id JOIN source_key k ON k.record_id = co.id AND k.source_system = 'CORE_PAS'
         WHERE i.kind = 'COMPLAINT' AND i.customer_id = co.customer_id AND NOT EXISTS (SELECT 1 FROM source_key ik WHERE ik.record_id = i.id)`,
      );
      expect(n).toBe(2);
    });

    it("works each imported complaint as a case (queue COMPLAINTS, its state), once — a re-import opens none", async () => {
      const query = `query ($id: ID!) { customer(id: $id) { complaints(first: 10) { edges { node { id status case {
        id queue status priority channel openedAt resolvedAt complaintId firstResponseSla { stopped } resolutionSla { stopped } } } } } } }`;
      const expected: [string, string, string, string][] = [["PAS-000001", "ESCALATED", "IN_PROGRESS", "NORMAL"], ["PAS-000002", "RESOLVED", "RESOLVED", "HIGH"], ["PAS-000003", "RECEIVED", "NEW", "LOW"]];
      const caseIds: string[] = [];
      for (const [source, complaintStatus, caseStatus, priority] of expected) {
        const [complaint] = (await gql(query, { id: await customerId("CORE_PAS", source) })).customer.complaints.edges.map((e: { node: any }) => e.node);
        expect([source, complaint.status, complaint.case?.queue, complaint.case?.status, complaint.case?.priority]).toEqual([source, complaintStatus, "COMPLAINTS", caseStatus, priority]);
        expect(complaint.case.complaintId).toBe(complaint.id);
        expect(complaint.case.resolutionSla.stopped).toBe(caseStatus === "RESOLVED");
        caseIds.push(complaint.case.id);
      }
      const opened = await app.db.query(`SELECT data->>'caseId' AS id FROM event_outbox WHERE type = 'case.opened' AND data->>'caseId' = ANY($1)`, [caseIds]);
      expect(opened.map((row: { id: string }) => row.id).sort()).toEqual([...caseIds].sort());
      const before = await app.db.query(`SELECT count(*)::int AS n FROM service_case`);
      const again = await run(write("complaints-again.csv", fs.readFileSync(path.join(EXAMPLES, "complaints.csv"), "utf8")), "CORE_PAS", "complaints");
      expect(again).toMatchObject({ status: "COMPLETED", inserted: 0 });
      expect(await app.db.query(`SELECT count(*)::int AS n FROM service_case`)).toEqual(before);
      // the source resolves the received complaint: its case follows (first response and resolution), as resolveComplaint moves it
      const resolved = fs.readFileSync(path.join(EXAMPLES, "complaints.csv"), "utf8")
        .replace("BILLING,LOW,RECEIVED,2026-11-20T08:00:00Z,2026-11-23T08:00:00Z,,,", "BILLING,LOW,RESOLVED,2026-11-20T08:00:00Z,2026-11-23T08:00:00Z,2026-11-21T08:00:00Z,Address corrected,");
      expect(await run(write("complaints-resolved.csv", resolved), "CORE_PAS", "complaints")).toMatchObject({ status: "COMPLETED", updated: 1 });
      const [third] = (await gql(query, { id: await customerId("CORE_PAS", "PAS-000003") })).customer.complaints.edges.map((e: { node: any }) => e.node);
      expect([third.status, third.case.id, third.case.status, third.case.resolutionSla.stopped]).toEqual(["RESOLVED", caseIds[2], "RESOLVED", true]);
      const moved = await app.db.query(`SELECT type, actor_id, data->'changedFields' AS fields FROM event_outbox WHERE type = 'case.transitioned' AND data->>'caseId' = $1`, [caseIds[2]]);
      expect(moved).toHaveLength(1);
      expect(moved[0].actor_id).toBeNull();
      expect(moved[0].fields).toEqual(expect.arrayContaining(["status", "resolution", "resolvedAt", "firstRespondedAt"]));
      // the example file again (the next specs start from it): a complaint moved back to RECEIVED leaves its case where it is
      expect(await run(example("complaints.csv"), "CORE_PAS", "complaints")).toMatchObject({ status: "COMPLETED", updated: 1 });
      expect((await app.db.query(`SELECT status FROM service_case WHERE id = $1`, [caseIds[2]]))[0].status).toBe("RESOLVED");
    });

    it("reports bad rows by line, source id and column, never quoting values", async () => {
      const job = await run(write("bad-complaints.csv", csv([COMPLAINT_HEADER, ...BAD_COMPLAINTS])), "CORE_PAS", "complaints");
      expect(job).toMatchObject({ status: "COMPLETED", processed: 7, inserted: 0, failed: 7 });
      expect(await errorsOf(job.id)).toEqual([
        [2, "T-CMP-1", "resolution"],
        [2, "T-CMP-1", "resolvedAt"],
        [3, "T-CMP-2", "channel"],
        [4, "T-CMP-3", "interactionSourceId"],
        [5, "T-CMP-4", "interactionSourceId"],
        [6, "T-CMP-5", "interactionSourceId"],
        [7, "T-CMP-6", "category"],
        [7, "T-CMP-6", "dueAt"],
        [8, "T-CMP-7", "customerSourceId"],
      ]);
      expect(await problemsOf(job.id)).not.toMatch(/Secret subject|CRM-INT|PAS-404|billing issue|2026-05/);
      for (const text of ["the interaction belongs to another customer", "names no interaction imported from CORE_PAS", "the interaction already holds another complaint"]) {
        expect(await problemsOf(job.id)).toContain(text);
      }
    });

    it("changes nothing on the same file again; a changed complaint is updated with its recorded contact", async () => {
      const before = await unchangedRerun("complaint", "complaints", "complaints.csv");
      const changed = fs.readFileSync(example("complaints.csv"), "utf8").replace(
        "CLAIM_HANDLING,,ESCALATED,2026-04-02T01:00:00Z,,,,Regulator copied",
        "CLAIM_HANDLING,CRITICAL,RESOLVED,2026-04-02T01:00:00Z,,2026-04-05T01:00:00Z,Interest paid,Regulator copied",
      );
      let reassessed = -1;
      const job = await run(write("complaints-changed.csv", changed), "CORE_PAS", "complaints", { onRiskRefreshed: (n: number) => (reassessed = n) });
      expect(job).toMatchObject({ processed: 3, inserted: 0, updated: 1, unchanged: 2, failed: 0 });
      expect(reassessed).toBe(1);
      const after = await snapshot("complaint", "CORE_PAS");
      expect(after[1]).toMatchObject({ id: before[1].id, severity: "CRITICAL", status: "RESOLVED", resolution: "Interest paid", version: before[1].version + 1,
        due_at: new Date(Date.parse("2026-04-02T01:00:00Z") + app.config.complaintDueHours.CRITICAL * 3_600_000) });
      const [contact] = await app.db.query(`SELECT status, resolved_at, first_response_at FROM interaction WHERE id = $1`, [before[1].interaction_id]);
      expect(contact).toEqual({ status: "RESOLVED", resolved_at: new Date("2026-04-05T01:00:00Z"), first_response_at: new Date("2026-04-05T01:00:00Z") });
      expect(after[0]).toEqual(before[0]);
      expect(after[2]).toEqual(before[2]);
      // filed when it came in (with its contact), then resolved as the workflow would tell it; the unchanged ones wrote nothing more
      expect(await outboxOf("complaintId", before[1].id)).toEqual([["complaint.filed", null, expect.stringMatching(/^import:/)], ["complaint.resolved", null, `import:${job.id}`]]);
      expect((await outboxOf("complaintId", before[0].id)).map(([type]) => type)).toEqual(["complaint.filed"]);
    });

    it("keeps a complaint with the contact it was first imported with", async () => {
      const moved = fs.readFileSync(files.path("complaints-changed.csv"), "utf8").replace("CRM-CMP-000001,PAS-000002,CRM-INT-000003,,,", "CRM-CMP-000001,PAS-000002,,APP,Charged twice,");
      const job = await run(write("complaints-moved.csv", moved), "CORE_PAS", "complaints");
      expect(job).toMatchObject({ updated: 0, failed: 1 });
      expect(await errorsOf(job.id)).toEqual([[2, "CRM-CMP-000001", "interactionSourceId"]]);
    });
  });

  describe("cases", () => {
    const CASE_HEADER = "sourceId,customerSourceId,interactionSourceId,channel,priority,queue,subject,notes,status,openedAt,firstRespondedAt,waitingSince,resolvedAt,closedAt,resolution";
    const CASES = [
      "TKT-1,PAS-000001,CRM-INT-000001,HOTLINE,HIGH,POLICY_SERVICE,Change the payment date,Wants the 15th,IN_PROGRESS,2026-11-02T01:30:00Z,2026-11-02T03:00:00Z,,,,",
      "TKT-2,PAS-000002,,EMAIL,,,Send the repair invoice,,WAITING_ON_CUSTOMER,2026-11-03T01:00:00Z,2026-11-03T02:00:00Z,2026-11-04T02:00:00Z,,,",
      "TKT-3,PAS-000001,,APP,LOW,GENERAL,Address change,,CLOSED,2026-10-01T01:00:00Z,2026-10-01T02:00:00Z,,2026-10-02T02:00:00Z,2026-10-03T02:00:00Z,Address updated",
    ];
    const READ = `query ($id: ID!) { case(id: $id) { id customerId status queue priority channel subject notes openedAt firstRespondedAt resolvedAt closedAt resolution version
      pauses { from to } originInteraction { id } firstResponseSla { stopped breached paused } resolutionSla { stopped paused breachAt } } }`;

    it("imports another system's cases in their state, with their SLA clocks, and reads them back; a re-run changes nothing", async () => {
      const job = await run(write("cases.csv", csv([CASE_HEADER, ...CASES])), "CORE_PAS", "cases");
      expect(job).toMatchObject({ status: "COMPLETED", processed: 3, inserted: 3, failed: 0 });
      const ids = await Promise.all(["TKT-1", "TKT-2", "TKT-3"].map(async (id) => (await recordOf("service_case", "CORE_PAS", id))!));
      const [working, waiting, closed] = await Promise.all(ids.map(async (id) => (await gql(READ, { id })).case));
      expect(working).toMatchObject({
        customerId: await customerId("CORE_PAS", "PAS-000001"), status: "IN_PROGRESS", queue: "POLICY_SERVICE", priority: "HIGH", channel: "HOTLINE", subject: "Change the payment date",
        notes: "Wants the 15th", firstRespondedAt: "2026-11-02T03:00:00.000Z", version: 1, originInteraction: { id: await recordOf("interaction", "CORE_PAS", "CRM-INT-000001") },
        firstResponseSla: { stopped: true, breached: false, paused: false }, resolutionSla: { stopped: false, paused: false },
      });
      expect(waiting).toMatchObject({ status: "WAITING_ON_CUSTOMER", queue: "GENERAL", priority: "NORMAL", pauses: [{ from: "2026-11-04T02:00:00.000Z", to: null }], resolutionSla: { paused: true, breachAt: null } });
      expect(closed).toMatchObject({ status: "CLOSED", resolution: "Address updated", closedAt: "2026-10-03T02:00:00.000Z", resolutionSla: { stopped: true } });
      // the stored running deadline is the reading's (the sweep's column), none for a paused or met clock
      const stored = await app.db.query(`SELECT id, resolution_breach_at FROM service_case WHERE id = ANY($1) ORDER BY opened_at`, [ids]);
      expect(stored.map((row: { resolution_breach_at: Date | null }) => row.resolution_breach_at && new Date(row.resolution_breach_at).toISOString()))
        .toEqual([null, working.resolutionSla.breachAt, null]);
      const events = await app.db.query(`SELECT type, data->>'caseId' AS id FROM event_outbox WHERE data->>'caseId' = ANY($1) ORDER BY position`, [ids]);
      expect(events).toEqual(ids.map((id) => ({ type: "case.opened", id })));
      expect(await run(write("cases-again.csv", csv([CASE_HEADER, ...CASES])), "CORE_PAS", "cases")).toMatchObject({ status: "COMPLETED", inserted: 0, updated: 0, unchanged: 3 });
    });

    it("corrects an imported case from a later file (case.corrected naming the fields), and the case is then worked in the API", async () => {
      const id = (await recordOf("service_case", "CORE_PAS", "TKT-1"))!;
      const changed = CASES[0].replace("Change the payment date", "Change the payment date to the 15th");
      expect(await run(write("cases-corrected.csv", csv([CASE_HEADER, changed])), "CORE_PAS", "cases")).toMatchObject({ status: "COMPLETED", updated: 1 });
      const [event] = await app.db.query(`SELECT data->'changedFields' AS fields FROM event_outbox WHERE type = 'case.corrected' AND data->>'caseId' = $1`, [id]);
      expect(event.fields).toEqual(["subject"]);
      const res = await app.gql(`mutation ($id: ID!) { transitionCase(id: $id, to: RESOLVED, note: "Moved", expectedVersion: 2) { status version } }`, { token: admin, variables: { id } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.transitionCase).toEqual({ status: "RESOLVED", version: 3 });
    });

    it("reports rows whose state the columns do not account for, by line and column", async () => {
      const bad = [
        "B-1,PAS-000001,,EMAIL,,,Subject,,RESOLVED,2026-11-02T01:30:00Z,2026-11-02T03:00:00Z,,2026-11-03T03:00:00Z,,",
        "B-2,PAS-000001,,EMAIL,,,Subject,,NEW,2026-11-02T01:30:00Z,2026-11-02T03:00:00Z,,,,",
        "B-3,PAS-000001,,EMAIL,,,Subject,,CLOSED,2026-11-02T01:30:00Z,2026-11-02T03:00:00Z,,2026-11-04T03:00:00Z,2026-11-03T03:00:00Z,Done",
        "B-4,PAS-000001,CRM-INT-000003,EMAIL,,,Subject,,NEW,2026-11-02T01:30:00Z,,,,,",
        "B-5,PAS-000001,,EMAIL,,,Subject,,WAITING_ON_CUSTOMER,2026-11-02T01:30:00Z,2026-11-02T03:00:00Z,,,,",
        "B-6,PAS-000001,,EMAIL,,,Subject,,IN_PROGRESS,2026-11-02T01:30:00Z,2026-11-01T03:00:00Z,,,,",
      ];
      const job = await run(write("bad-cases.csv", csv([CASE_HEADER, ...bad])), "CORE_PAS", "cases");
      expect(job).toMatchObject({ status: "COMPLETED", processed: 6, inserted: 0, failed: 6 });
      expect(await errorsOf(job.id)).toEqual([
        [2, "B-1", "resolution"], [3, "B-2", "firstRespondedAt"], [4, "B-3", "closedAt"], [5, "B-4", "interactionSourceId"], [6, "B-5", "waitingSince"], [7, "B-6", "firstRespondedAt"],
      ]);
    });
  });

  it("refuses every kind's rows for an erased customer, by the reference column, known or new", async () => {
    await app.db.query(`UPDATE customer SET erased_at = now() WHERE id = $1`, [await customerId("CORE_PAS", "PAS-000003")]);
    const claims = await run(write("claims-erased.ndjson", fs.readFileSync(example("claims.ndjson"), "utf8").replace("Employee injured", "An employee injured")), "CORE_PAS", "claims");
    expect(await errorsOf(claims.id)).toEqual([[3, "PAS-CLM-000301", "policySourceId"]]);
    const interactions = await run(write("interactions-erased.csv", csv([INTERACTION_HEADER, "T-INT-9,PAS-000003,INQUIRY,,EMAIL,Hello,,2026-02-10T02:15:00Z,,,"])), "CORE_PAS", "interactions");
    expect(await errorsOf(interactions.id)).toEqual([[2, "T-INT-9", "customerSourceId"]]);
    const complaints = await run(write("complaints-erased.csv", fs.readFileSync(example("complaints.csv"), "utf8").replace("Invoice address wrong", "Invoice address still wrong")), "CORE_PAS", "complaints");
    expect(await errorsOf(complaints.id)).toEqual([[4, "CRM-CMP-000003", "customerSourceId"]]);
    for (const job of [claims, interactions, complaints]) expect(await problemsOf(job.id)).toMatch(/erased on request; the source record is not applied/);
  });

  it("resumes a claims job stopped after its first batch with the counts of an uninterrupted run", async () => {
    const file = write("resume-claims.ndjson", ndjson([...BAD_CLAIMS.slice(0, 2), { ...CLAIM, sourceId: "R-1" }, { ...CLAIM, sourceId: "R-2" }, { ...CLAIM, sourceId: "R-3" }]));
    const stopped = await run(file, "CORE_PAS", "claims", { stopAfterBatches: 1 });
    expect(stopped).toMatchObject({ status: "RUNNING", processed: 3, inserted: 1, failed: 2 });
    const resumed = await resumeImport(app.db, stopped.id, { file, piiKey: app.config.piiEncryptionKey, batchSize: 3 });
    expect(resumed).toMatchObject({ status: "COMPLETED", processed: 5, inserted: 3, failed: 2 });
  });
});
