import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { makeResidentId } from "../src/shared/national-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { CREATE_CUSTOMER, FILE_CLAIM, FILE_COMPLAINT, RECORD_INTERACTION } from "./support/operations";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const DUPLICATES = `query ($first: Int, $after: String) {
  duplicateCandidates(first: $first, after: $after) {
    totalCount
    edges { cursor node { id reason status detectedAt customer { id fullName nationalId } candidate { id fullName nationalId } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** DESIGN §5: neither a uniqueness check nor an idempotency answer may tell a caller about records they cannot see. */
describe("no existence or uniqueness oracle", () => {
  let app: TestApp;
  let agent1: string;
  let agent2: string;
  let admin: string;
  let compliance: string;
  let mine: string;
  let policy: { id: string; customer_id: string; start_date: string };

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    [agent1, agent2, admin, compliance] = await Promise.all([
      app.token(Role.AGENT), app.token(Role.AGENT, { user: "agent2" }), app.token(Role.ADMIN), app.token(Role.COMPLIANCE),
    ]);
    [{ id: mine }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
    [policy] = await app.db.query(
      `SELECT p.id, p.customer_id, p.start_date::text FROM policy p JOIN customer c ON c.id = p.customer_id
       WHERE c.assigned_agent_id = $1 AND p.status = 'ACTIVE' AND p.sum_insured >= 100000 AND p.start_date < current_date - 10
       ORDER BY p.policy_number LIMIT 1`,
      [staffIdFor("agent1")],
    );
    expect(policy).toBeDefined();
  });
  afterAll(() => app?.close());

  const count = async (table: string) => (await app.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  describe("duplicate national ids", () => {
    let created: string;
    let existing: string;

    beforeAll(async () => {
      const [row] = await app.db.query(
        `SELECT id, national_id_encrypted FROM customer WHERE assigned_agent_id = $1 AND id_type = 'RESIDENT_ID' AND national_id_encrypted IS NOT NULL
         ORDER BY customer_number LIMIT 1`,
        [staffIdFor("agent1")],
      );
      existing = row.id;
      const taken = new PiiCipher(app.config.piiEncryptionKey).decrypt(row.national_id_encrypted);
      const res = await app.gql(CREATE_CUSTOMER, {
        token: agent2,
        variables: { input: { kind: "INDIVIDUAL", fullName: "Sun Mei", idType: "RESIDENT_ID", nationalId: taken, dependents: 0 } },
      });
      expect(res.body.errors).toBeUndefined();
      created = res.body.data!.createCustomer.id;
    });

    it("lists the flagged pair to COMPLIANCE, with both customers as its role reads them", async () => {
      const res = await app.gql(DUPLICATES, { token: compliance, variables: { first: 10 } });
      expect(res.body.errors).toBeUndefined();
      const list = res.body.data!.duplicateCandidates;
      expect(list.totalCount).toBe(1);
      const [{ node }] = list.edges;
      expect(node).toMatchObject({ reason: "NATIONAL_ID", status: "OPEN", customer: { id: created }, candidate: { id: existing } });
      expect(Date.parse(node.detectedAt)).toBeGreaterThan(Date.now() - 120_000);
      // COMPLIANCE sees identity masked, never the full id it could match on
      expect(node.candidate.nationalId).toMatch(/^\d{3}\*+\d{4}$/);
      expect(node.customer.fullName).not.toBe("Sun Mei");
      const audit = await app.db.query(`SELECT fields FROM audit_entry WHERE role = 'COMPLIANCE' AND customer_id = $1`, [existing]);
      expect(audit.flatMap((r: { fields: string[] }) => r.fields)).toEqual(expect.arrayContaining(["Customer.fullName", "Customer.nationalId"]));
    });

    it("pages the list and shows it to ADMIN too", async () => {
      const res = await app.gql(DUPLICATES, { token: admin, variables: { first: 1 } });
      expect(res.body.data!.duplicateCandidates.edges).toHaveLength(1);
      expect(res.body.data!.duplicateCandidates.pageInfo.hasNextPage).toBe(false);
      const after = await app.gql(DUPLICATES, { token: admin, variables: { first: 1, after: res.body.data!.duplicateCandidates.pageInfo.endCursor } });
      expect(after.body.data!.duplicateCandidates.edges).toEqual([]);
    });

    it("refuses the list to every other role", async () => {
      for (const role of [Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING]) {
        const res = await app.gql(DUPLICATES, { token: await app.token(role) });
        expect([role, codeOf(res), res.body.data?.duplicateCandidates ?? null]).toEqual([role, "FORBIDDEN", null]);
      }
      const self = await app.gql(DUPLICATES, { token: await app.token(Role.CUSTOMER, { sub: existing }) });
      expect(codeOf(self)).toBe("FORBIDDEN");
    });

    it("flags a pair once, whichever side is written again", async () => {
      const [row] = await app.db.query(`SELECT national_id_encrypted FROM customer WHERE id = $1`, [existing]);
      const taken = new PiiCipher(app.config.piiEncryptionKey).decrypt(row.national_id_encrypted);
      await app.gql(`mutation ($id: ID!, $v: Int!, $n: String) { updateCustomer(id: $id, expectedVersion: $v, input: { nationalId: $n }) { id } }`, {
        token: agent1,
        variables: { id: existing, v: (await app.db.query(`SELECT version FROM customer WHERE id = $1`, [existing]))[0].version, n: taken },
      });
      expect(await count("duplicate_candidate")).toBe(1);
    });
  });

  describe("idempotency keys are scoped to their author", () => {
    const contact = (key: string) => ({ customerId: mine, channel: "HOTLINE", kind: "INQUIRY", direction: "INBOUND", subject: "Renewal question", idempotencyKey: key });

    it("gives two authors of the same key two contacts, and each author's replay its own", async () => {
      const before = await count("interaction");
      const a = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact("shared:key-0001") } });
      const b = await app.gql(RECORD_INTERACTION, { token: admin, variables: { input: contact("shared:key-0001") } });
      expect([codeOf(a), codeOf(b)]).toEqual([undefined, undefined]);
      expect(a.body.data!.recordInteraction.id).not.toBe(b.body.data!.recordInteraction.id);
      expect(b.body.data!.recordInteraction.staffId).toBe(staffIdFor("admin"));
      const replayA = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact("shared:key-0001") } });
      const replayB = await app.gql(RECORD_INTERACTION, { token: admin, variables: { input: contact("shared:key-0001") } });
      expect(replayA.body.data!.recordInteraction.id).toBe(a.body.data!.recordInteraction.id);
      expect(replayB.body.data!.recordInteraction.id).toBe(b.body.data!.recordInteraction.id);
      expect(await count("interaction")).toBe(before + 2);
    });

    it("does not let a key claimed by someone else block or answer a different write", async () => {
      // claimed in advance by the customer themself, for another request
      const self = await app.token(Role.CUSTOMER, { sub: mine });
      const claimed = await app.gql(RECORD_INTERACTION, { token: self, variables: { input: { ...contact("shared:key-0002"), kind: "FEEDBACK" } } });
      expect(codeOf(claimed)).toBeUndefined();
      const legit = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact("shared:key-0002") } });
      expect(codeOf(legit)).toBeUndefined();
      expect(legit.body.data!.recordInteraction).toMatchObject({ kind: "INQUIRY", staffId: staffIdFor("agent1") });
      // the author's own reuse for another request is still refused (it tells them only of their own key)
      const reuse = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: { ...contact("shared:key-0002"), kind: "RENEWAL" } } });
      expect(reuse.body.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "IDEMPOTENCY_KEY_REUSED" });
    });

    it("scopes complaint keys per author and apart from contact keys", async () => {
      const complaint = { customerId: mine, channel: "PHONE", subject: "Late payout", category: "CLAIM_HANDLING", idempotencyKey: "shared:key-0001" };
      const a = await app.gql(FILE_COMPLAINT, { token: agent1, variables: { input: complaint } });
      const b = await app.gql(FILE_COMPLAINT, { token: admin, variables: { input: complaint } });
      const again = await app.gql(FILE_COMPLAINT, { token: agent1, variables: { input: complaint } });
      expect([codeOf(a), codeOf(b), codeOf(again)]).toEqual([undefined, undefined, undefined]);
      expect(a.body.data!.fileComplaint.id).not.toBe(b.body.data!.fileComplaint.id);
      expect(again.body.data!.fileComplaint.id).toBe(a.body.data!.fileComplaint.id);
    });

    it("gives two authors of the same claim key two claims, and each author's replay its own", async () => {
      const incidentDate = new Date(Math.max(Date.parse(policy.start_date), Date.now() - 5 * 86_400_000)).toISOString().slice(0, 10);
      const input = { policyId: policy.id, kind: "HOSPITALIZATION", incidentDate, claimedAmount: 100_000, idempotencyKey: "shared:claim-0001" };
      const adjuster = await app.token(Role.CLAIMS_ADJUSTER);
      const before = await count("claim");
      const a = await app.gql(FILE_CLAIM, { token: agent1, variables: { input } });
      const b = await app.gql(FILE_CLAIM, { token: adjuster, variables: { input } });
      expect([codeOf(a), codeOf(b)]).toEqual([undefined, undefined]);
      expect(a.body.data!.fileClaim.id).not.toBe(b.body.data!.fileClaim.id);
      const replay = await app.gql(FILE_CLAIM, { token: adjuster, variables: { input } });
      expect(replay.body.data!.fileClaim.id).toBe(b.body.data!.fileClaim.id);
      expect(await count("claim")).toBe(before + 2);
    });

    it("stores the key as the digest the migration computes for earlier keys", async () => {
      const [{ digest }] = await app.db.query(`SELECT encode(sha256(convert_to('recordInteraction|' || $1 || '|' || 'shared:key-0001', 'UTF8')), 'hex') AS digest`, [
        staffIdFor("agent1"),
      ]);
      const rows = await app.db.query(`SELECT id FROM interaction WHERE idempotency_key = $1`, [digest]);
      expect(rows).toHaveLength(1);
    });
  });
});
