import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { FILE_CLAIM, TRANSITION_CLAIM } from "./support/operations";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const badFields = (res: GraphQLResponse): string[] => (res.body.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);
const STATES = ["REPORTED", "UNDER_REVIEW", "APPROVED", "REJECTED", "PAID", "CLOSED"] as const;
type State = (typeof STATES)[number];

const LEGAL: Record<State, State[]> = {
  REPORTED: ["UNDER_REVIEW"],
  UNDER_REVIEW: ["APPROVED", "REJECTED", "CLOSED"],
  APPROVED: ["PAID"],
  PAID: ["CLOSED"],
  REJECTED: [],
  CLOSED: [],
};
const PATH_TO: Record<State, State[]> = {
  REPORTED: [],
  UNDER_REVIEW: ["UNDER_REVIEW"],
  APPROVED: ["UNDER_REVIEW", "APPROVED"],
  REJECTED: ["UNDER_REVIEW", "REJECTED"],
  PAID: ["UNDER_REVIEW", "APPROVED", "PAID"],
  CLOSED: ["UNDER_REVIEW", "APPROVED", "PAID", "CLOSED"],
};
const CLAIMED = 500_000;
const APPROVED = 420_000;

/** The arguments a step needs besides id and target. */
const stepArgs = (to: State) => ({
  ...(to === "APPROVED" ? { approvedAmount: APPROVED } : {}),
  ...(to === "REJECTED" ? { note: "Rejected: the loss falls under a policy exclusion." } : { note: `Moved to ${to}.` }),
});

describe("claims workflow", () => {
  let app: TestApp;
  let agent1: string;
  let adjuster: string;
  let policy: { id: string; customer_id: string; start_date: string; end_date: string; sum_insured: string };
  const adjusterId = staffIdFor("adjuster1");

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    agent1 = await app.token(Role.AGENT);
    adjuster = await app.token(Role.CLAIMS_ADJUSTER);
    [policy] = await app.db.query(
      `SELECT p.id, p.customer_id, p.start_date::text, p.end_date::text, p.sum_insured::text FROM policy p JOIN customer c ON c.id = p.customer_id
       WHERE c.assigned_agent_id = $1 AND p.status = 'ACTIVE' AND p.sum_insured >= $2 AND p.start_date < current_date - 10
       ORDER BY p.policy_number LIMIT 1`,
      [staffIdFor("agent1"), CLAIMED],
    );
    expect(policy).toBeDefined();
  });
  afterAll(() => app?.close());

  const incidentDate = () => new Date(Math.max(Date.parse(policy.start_date), Date.now() - 5 * 86_400_000)).toISOString().slice(0, 10);
  const claimInput = (overrides: Record<string, unknown> = {}) => ({
    policyId: policy.id, kind: "HOSPITALIZATION", incidentDate: incidentDate(), claimedAmount: CLAIMED, description: "Two nights in hospital.", ...overrides,
  });
  const claimCount = async () => (await app.db.query(`SELECT count(*)::int AS n FROM claim`))[0].n as number;
  const claimState = async (id: string) => {
    const [claim] = await app.db.query(`SELECT status, version, approved_amount::text, paid_amount::text, closed_at FROM claim WHERE id = $1`, [id]);
    const events = await app.db.query(`SELECT from_status, to_status, actor_id, note FROM claim_event WHERE claim_id = $1 ORDER BY occurred_at, id`, [id]);
    return { claim, events };
  };

  async function fileClaim(token = agent1) {
    const res = await app.gql(FILE_CLAIM, { token, variables: { input: claimInput() } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.fileClaim;
  }
  const move = (id: string, to: State, extra: Record<string, unknown> = {}, token = adjuster) =>
    app.gql(TRANSITION_CLAIM, { token, variables: { id, to, ...stepArgs(to), ...extra } });

  describe("fileClaim", () => {
    it("opens a REPORTED claim with the next claim number and its first event", async () => {
      const [{ n }] = await app.db.query(`SELECT max(substring(claim_number FROM 7)::int) AS n FROM claim`);
      const claim = await fileClaim();
      expect(claim).toMatchObject({
        status: "REPORTED", version: 1, customerId: policy.customer_id, policyId: policy.id, kind: "HOSPITALIZATION",
        claimedAmount: { amount: CLAIMED, currency: "CNY" }, approvedAmount: null,
        events: [{ fromStatus: null, toStatus: "REPORTED", actorId: staffIdFor("agent1"), note: "Claim registered." }],
      });
      expect(claim.claimNumber).toBe(`CL${new Date().getUTCFullYear()}${String(n + 1).padStart(7, "0")}`);
    });

    it("files once per idempotency key, also when retries race, and refuses the key for a different claim", async () => {
      const key = `retry-${Date.now()}-claim`;
      const before = await claimCount();
      const attempts = await Promise.all(
        [1, 2, 3].map(() => app.gql(FILE_CLAIM, { token: agent1, variables: { input: claimInput({ idempotencyKey: key }) } })),
      );
      for (const attempt of attempts) expect(attempt.body.errors).toBeUndefined();
      const ids = new Set(attempts.map((attempt) => attempt.body.data!.fileClaim.id));
      expect(ids.size).toBe(1);
      expect(await claimCount()).toBe(before + 1);
      const [id] = [...ids];
      expect((await claimState(id)).events).toHaveLength(1);
      const reused = await app.gql(FILE_CLAIM, { token: agent1, variables: { input: claimInput({ idempotencyKey: key, claimedAmount: CLAIMED - 1 }) } });
      expect(reused.body.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "IDEMPOTENCY_KEY_REUSED" });
      const malformed = await app.gql(FILE_CLAIM, { token: agent1, variables: { input: claimInput({ idempotencyKey: "bad key!" }) } });
      expect(malformed.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(await claimCount()).toBe(before + 1);
    });

    it("refuses what cannot be claimed with BAD_USER_INPUT and the reason, filing nothing", async () => {
      const [inactive] = await app.db.query(`SELECT id, start_date::text FROM policy WHERE status IN ('LAPSED', 'CANCELLED', 'EXPIRED') LIMIT 1`);
      const dayBefore = new Date(Date.parse(policy.start_date) - 86_400_000).toISOString().slice(0, 10);
      const cases: [string, Record<string, unknown>][] = [
        ["policyId", { policyId: inactive.id, incidentDate: inactive.start_date }],
        ["incidentDate", { incidentDate: dayBefore }],
        ["incidentDate", { incidentDate: new Date(Date.parse(policy.end_date) + 86_400_000).toISOString().slice(0, 10) }],
        ["claimedAmount", { claimedAmount: Number(policy.sum_insured) + 1 }],
        ["claimedAmount", { claimedAmount: 0 }],
        ["kind", { kind: "hospital stay" }],
      ];
      const before = await claimCount();
      for (const [field, overrides] of cases) {
        const res = await app.gql(FILE_CLAIM, { token: await app.token(Role.ADMIN), variables: { input: claimInput(overrides) } });
        expect([field, codeOf(res)]).toEqual([field, "BAD_USER_INPUT"]);
        expect(badFields(res)).toContain(field);
      }
      if (policy.end_date > new Date().toISOString().slice(0, 10)) {
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        const res = await app.gql(FILE_CLAIM, { token: agent1, variables: { input: claimInput({ incidentDate: tomorrow }) } });
        expect(badFields(res)).toEqual(["incidentDate"]);
      }
      expect(await claimCount()).toBe(before);
    });

    it("is open to the policyholder, their agent, adjusters and administrators, within scope", async () => {
      const self = await app.token(Role.CUSTOMER, { sub: policy.customer_id });
      const own = await app.gql(`mutation($input: FileClaimInput!) { fileClaim(input: $input) { status customerId events { toStatus actorId } } }`, {
        token: self,
        variables: { input: claimInput() },
      });
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data!.fileClaim).toEqual({ status: "REPORTED", customerId: policy.customer_id, events: [{ toStatus: "REPORTED", actorId: null }] });
      const before = await claimCount();
      expect(codeOf(await app.gql(FILE_CLAIM, { token: await app.token(Role.AGENT, { user: "agent2" }), variables: { input: claimInput() } }))).toBe("NOT_FOUND");
      const [otherPolicy] = await app.db.query(`SELECT id FROM policy WHERE customer_id <> $1 AND status = 'ACTIVE' LIMIT 1`, [policy.customer_id]);
      expect(codeOf(await app.gql(FILE_CLAIM, { token: self, variables: { input: claimInput({ policyId: otherPolicy.id }) } }))).toBe("NOT_FOUND");
      for (const role of [Role.UNDERWRITER, Role.MARKETING, Role.COMPLIANCE]) {
        expect(codeOf(await app.gql(FILE_CLAIM, { token: await app.token(role), variables: { input: claimInput() } }))).toBe("FORBIDDEN");
      }
      expect(await claimCount()).toBe(before);
      const byAdjuster = await fileClaim(adjuster);
      expect(byAdjuster.assignedAdjusterId).toBe(adjusterId);
    });
  });

  describe("transitionClaim", () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const legal = LEGAL[from].includes(to);
        it(`${legal ? "moves" : "refuses with CONFLICT"} ${from} → ${to}`, async () => {
          const claim = await fileClaim();
          for (const step of PATH_TO[from]) expect((await move(claim.id, step)).body.errors).toBeUndefined();
          const before = await claimState(claim.id);
          expect(before.claim.status).toBe(from);
          expect(before.events).toHaveLength(PATH_TO[from].length + 1);
          const res = await move(claim.id, to);
          if (!legal) {
            expect(codeOf(res)).toBe("CONFLICT");
            expect(res.body.errors![0].extensions).toMatchObject({ reason: "ILLEGAL_TRANSITION", from, to });
            expect(await claimState(claim.id)).toEqual(before);
            return;
          }
          expect(res.body.errors).toBeUndefined();
          const moved = res.body.data!.transitionClaim;
          expect(moved.status).toBe(to);
          expect(moved.version).toBe(before.claim.version + 1);
          expect(moved.events).toHaveLength(before.events.length + 1);
          expect(moved.events[moved.events.length - 1]).toEqual({ fromStatus: from, toStatus: to, actorId: adjusterId, note: stepArgs(to).note });
          expect(moved.approvedAmount?.amount ?? null).toBe(["APPROVED", "PAID", "CLOSED"].includes(to) && from !== "UNDER_REVIEW" ? APPROVED : to === "APPROVED" ? APPROVED : null);
          expect(moved.paidAmount?.amount ?? null).toBe(to === "PAID" || (to === "CLOSED" && from === "PAID") ? APPROVED : null);
          expect(moved.closedAt !== null).toBe(to === "REJECTED" || to === "CLOSED");
          expect(moved.assignedAdjusterId).toBe(adjusterId);
        });
      }
    }

    it("checks the amounts and the rejection note", async () => {
      const claim = await fileClaim();
      await move(claim.id, "UNDER_REVIEW");
      const before = await claimState(claim.id);
      const cases: [string, Record<string, unknown>][] = [
        ["APPROVED", { approvedAmount: null }],
        ["APPROVED", { approvedAmount: CLAIMED + 1 }],
        ["REJECTED", { note: "   " }],
        ["CLOSED", { approvedAmount: 1000 }],
      ];
      for (const [to, extra] of cases) {
        const res = await app.gql(TRANSITION_CLAIM, { token: adjuster, variables: { id: claim.id, to, ...stepArgs(to as State), ...extra } });
        expect([to, extra, codeOf(res)]).toEqual([to, extra, "BAD_USER_INPUT"]);
      }
      const stale = await move(claim.id, "APPROVED", { expectedVersion: before.claim.version - 1 });
      expect(codeOf(stale)).toBe("CONFLICT");
      expect(await claimState(claim.id)).toEqual(before);
      expect((await move(claim.id, "APPROVED", { approvedAmount: CLAIMED, expectedVersion: before.claim.version })).body.errors).toBeUndefined();
    });

    it("lets exactly one of several concurrent transitions win, with one event", async () => {
      for (const targets of [["APPROVED", "REJECTED", "APPROVED", "REJECTED"], ["UNDER_REVIEW", "UNDER_REVIEW", "UNDER_REVIEW"]] as State[][]) {
        const claim = await fileClaim();
        if (targets[0] !== "UNDER_REVIEW") await move(claim.id, "UNDER_REVIEW");
        const before = await claimState(claim.id);
        const results = await Promise.all(targets.map((to) => move(claim.id, to)));
        const winners = results.filter((r) => !r.body.errors);
        expect(winners).toHaveLength(1);
        expect(results.filter((r) => codeOf(r) === "CONFLICT")).toHaveLength(targets.length - 1);
        const after = await claimState(claim.id);
        expect(after.claim.version).toBe(before.claim.version + 1);
        expect(after.events).toHaveLength(before.events.length + 1);
        expect(after.events[after.events.length - 1].to_status).toBe(after.claim.status);
        expect(after.claim.status).toBe(winners[0].body.data!.transitionClaim.status);
      }
    });

    it("moves seeded claims too, and is for adjusters and administrators only", async () => {
      const [seeded] = await app.db.query(`SELECT id, claimed_amount::text FROM claim WHERE status = 'UNDER_REVIEW' ORDER BY claim_number LIMIT 1`);
      const before = await claimState(seeded.id);
      for (const role of [Role.AGENT, Role.UNDERWRITER, Role.COMPLIANCE, Role.MARKETING]) {
        expect(codeOf(await move(seeded.id, "CLOSED", {}, await app.token(role)))).toBe("FORBIDDEN");
      }
      const [owner] = await app.db.query(`SELECT customer_id FROM claim WHERE id = $1`, [seeded.id]);
      expect(codeOf(await move(seeded.id, "CLOSED", {}, await app.token(Role.CUSTOMER, { sub: owner.customer_id })))).toBe("FORBIDDEN");
      expect(await claimState(seeded.id)).toEqual(before);
      const withdrawn = await move(seeded.id, "CLOSED", { note: "Claim withdrawn by the policyholder; file closed." }, await app.token(Role.ADMIN));
      expect(withdrawn.body.errors).toBeUndefined();
      expect(withdrawn.body.data!.transitionClaim.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(["REPORTED", "UNDER_REVIEW", "CLOSED"]);
    });
  });
});
