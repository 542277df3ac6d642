import { loadConfig } from "../src/config";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { scopedIdempotencyKey } from "../src/shared/idempotency";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import {
  CUSTOMER_LIST,
  ESCALATE_COMPLAINT,
  FILE_COMPLAINT,
  INVESTIGATE_COMPLAINT,
  RECORD_INTERACTION,
  RESOLVE_COMPLAINT,
} from "./support/operations";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const badFields = (res: GraphQLResponse): string[] => (res.body.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);
const HOUR = 3_600_000;

describe("interactions and complaints", () => {
  let app: TestApp;
  let agent1: string;
  let customerA: string;
  let customerB: string;
  let foreignCustomer: string;
  const agent1Id = staffIdFor("agent1");

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    agent1 = await app.token(Role.AGENT);
    const mine = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 2`, [agent1Id]);
    [customerA, customerB] = mine.map((r: { id: string }) => r.id);
    [{ id: foreignCustomer }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 LIMIT 1`, [staffIdFor("agent2")]);
  });
  afterAll(() => app?.close());

  const interactionCount = async () => (await app.db.query(`SELECT count(*)::int AS n FROM interaction`))[0].n as number;
  const contact = (overrides: Record<string, unknown> = {}) => ({
    customerId: customerA, channel: "HOTLINE", kind: "INQUIRY", direction: "INBOUND", subject: "Question about renewal", ...overrides,
  });

  describe("recordInteraction", () => {
    it("records a contact handled by the caller, resolved when a resolution time is given", async () => {
      const occurredAt = new Date(Date.now() - 3 * HOUR).toISOString();
      const firstResponseAt = new Date(Date.now() - 2 * HOUR).toISOString();
      const resolvedAt = new Date(Date.now() - HOUR).toISOString();
      const res = await app.gql(RECORD_INTERACTION, {
        token: agent1,
        variables: { input: contact({ occurredAt, firstResponseAt, resolvedAt, satisfaction: 5, notes: "Explained the grace period." }) },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.recordInteraction).toMatchObject({
        customerId: customerA, channel: "HOTLINE", kind: "INQUIRY", staffId: agent1Id, satisfaction: 5, status: "RESOLVED", occurredAt, firstResponseAt, resolvedAt,
      });
      const open = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact({ kind: "RENEWAL", direction: "OUTBOUND" }) } });
      expect(open.body.data!.recordInteraction).toMatchObject({ status: "OPEN", direction: "OUTBOUND", resolvedAt: null });
    });

    it("records once per idempotency key and returns the same contact, also for concurrent retries", async () => {
      const before = await interactionCount();
      const input = contact({ idempotencyKey: "crm-test:retry-0001" });
      const first = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input } });
      const again = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input } });
      expect(first.body.errors).toBeUndefined();
      expect(again.body.data!.recordInteraction.id).toBe(first.body.data!.recordInteraction.id);
      expect(await interactionCount()).toBe(before + 1);

      const burst = await Promise.all(
        [1, 2, 3, 4].map(() => app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact({ idempotencyKey: "crm-test:burst-0001" }) } })),
      );
      expect(new Set(burst.map((r) => r.body.data?.recordInteraction.id)).size).toBe(1);
      expect(await interactionCount()).toBe(before + 2);

      const otherCustomer = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: { ...input, customerId: customerB } } });
      expect(codeOf(otherCustomer)).toBe("CONFLICT");
      expect(await interactionCount()).toBe(before + 2);
    });

    it.each([
      ["satisfaction", { satisfaction: 6 }],
      ["satisfaction", { satisfaction: 0 }],
      ["kind", { kind: "COMPLAINT" }],
      ["occurredAt", { occurredAt: new Date(Date.now() + 48 * HOUR).toISOString() }],
      ["resolvedAt", { occurredAt: new Date(Date.now() - HOUR).toISOString(), resolvedAt: new Date(Date.now() - 2 * HOUR).toISOString() }],
      ["firstResponseAt", { occurredAt: new Date(Date.now() - HOUR).toISOString(), firstResponseAt: new Date(Date.now() - 2 * HOUR).toISOString() }],
      ["subject", { subject: "  " }],
      ["idempotencyKey", { idempotencyKey: "has spaces in it" }],
    ])("refuses a bad %s (%j) and records nothing", async (field, overrides) => {
      const before = await interactionCount();
      const res = await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact(overrides) } });
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
      expect(badFields(res)).toContain(field);
      expect(await interactionCount()).toBe(before);
    });

    it("keeps callers to their scope and role", async () => {
      const before = await interactionCount();
      expect(codeOf(await app.gql(RECORD_INTERACTION, { token: agent1, variables: { input: contact({ customerId: foreignCustomer }) } }))).toBe("NOT_FOUND");
      for (const role of [Role.MARKETING, Role.UNDERWRITER, Role.COMPLIANCE]) {
        expect(codeOf(await app.gql(RECORD_INTERACTION, { token: await app.token(role), variables: { input: contact() } }))).toBe("FORBIDDEN");
      }
      expect(await interactionCount()).toBe(before);

      const self = await app.token(Role.CUSTOMER, { sub: customerA });
      const own = await app.gql(RECORD_INTERACTION, { token: self, variables: { input: contact({ channel: "APP", kind: "FEEDBACK", direction: "OUTBOUND", satisfaction: 4 }) } });
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data!.recordInteraction).toMatchObject({ customerId: customerA, direction: "INBOUND", staffId: null, satisfaction: 4 });
      expect(codeOf(await app.gql(RECORD_INTERACTION, { token: self, variables: { input: contact({ customerId: customerB }) } }))).toBe("NOT_FOUND");
      expect(codeOf(await app.gql(RECORD_INTERACTION, { token: self, variables: { input: contact({ notes: "x" }) } }))).toBe("BAD_USER_INPUT");
    });
  });

  describe("complaints", () => {
    const complaintInput = (overrides: Record<string, unknown> = {}) => ({
      customerId: customerA, channel: "WECHAT", subject: "Claim payment is late", category: "CLAIM_HANDLING", ...overrides,
    });
    async function file(overrides: Record<string, unknown> = {}, token = agent1) {
      const res = await app.gql(FILE_COMPLAINT, { token, variables: { input: complaintInput(overrides) } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.fileComplaint;
    }
    const complaintRow = async (id: string) => (await app.db.query(`SELECT * FROM complaint WHERE id = $1`, [id]))[0];

    it("files the complaint contact and the complaint, due 24 hours after receipt by default", async () => {
      const receivedAt = new Date(Date.now() - HOUR);
      const complaint = await file({ receivedAt: receivedAt.toISOString() });
      expect(complaint).toMatchObject({ status: "RECEIVED", severity: "MEDIUM", category: "CLAIM_HANDLING", customerId: customerA, overdue: false, version: 1 });
      expect(Date.parse(complaint.dueAt) - Date.parse(complaint.receivedAt)).toBe(24 * HOUR);
      const [contactRow] = await app.db.query(`SELECT kind, direction, status, staff_id FROM interaction WHERE id = $1`, [complaint.interactionId]);
      expect(contactRow).toEqual({ kind: "COMPLAINT", direction: "INBOUND", status: "OPEN", staff_id: agent1Id });
    });

    it("takes the due time from the severity's configured hours", async () => {
      expect(loadConfig({ NODE_ENV: "test", COMPLAINT_DUE_HOURS_CRITICAL: "4" }).complaintDueHours).toEqual({ LOW: 24, MEDIUM: 24, HIGH: 24, CRITICAL: 4 });
      expect(() => loadConfig({ NODE_ENV: "test", COMPLAINT_DUE_HOURS_HIGH: "0" })).toThrow(/COMPLAINT_DUE_HOURS_HIGH/);
      app.config.complaintDueHours.CRITICAL = 4;
      try {
        const critical = await file({ severity: "CRITICAL" });
        expect(Date.parse(critical.dueAt) - Date.parse(critical.receivedAt)).toBe(4 * HOUR);
      } finally {
        app.config.complaintDueHours.CRITICAL = 24;
      }
    });

    it("files once per idempotency key", async () => {
      const first = await file({ idempotencyKey: "crm-test:complaint-0001" });
      const again = await file({ idempotencyKey: "crm-test:complaint-0001" });
      expect(again.id).toBe(first.id);
      // stored scoped to its author and mutation (src/shared/idempotency.ts)
      const stored = scopedIdempotencyKey("fileComplaint", agent1Id, "crm-test:complaint-0001");
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM interaction WHERE idempotency_key = $1`, [stored]);
      expect(n).toBe(1);
    });

    type Action = "investigate" | "resolve" | "escalate";
    const ACTIONS: Record<Action, { query: string; variables: Record<string, string>; field: string; to: string }> = {
      investigate: { query: INVESTIGATE_COMPLAINT, variables: {}, field: "investigateComplaint", to: "INVESTIGATING" },
      resolve: { query: RESOLVE_COMPLAINT, variables: { resolution: "Apologised; payment released." }, field: "resolveComplaint", to: "RESOLVED" },
      escalate: { query: ESCALATE_COMPLAINT, variables: { reason: "Customer asks for a manager." }, field: "escalateComplaint", to: "ESCALATED" },
    };
    const act = (action: Action, id: string, token = agent1) => app.gql(ACTIONS[action].query, { token, variables: { id, ...ACTIONS[action].variables } });
    /** How to bring a fresh complaint into each state. */
    const PATH_TO: Record<string, Action[]> = {
      RECEIVED: [],
      INVESTIGATING: ["investigate"],
      ESCALATED: ["escalate"],
      RESOLVED: ["investigate", "resolve"],
    };
    const LEGAL: Record<string, Action[]> = {
      RECEIVED: ["investigate", "escalate"],
      INVESTIGATING: ["resolve", "escalate"],
      ESCALATED: ["resolve"],
      RESOLVED: [],
    };

    for (const [state, path] of Object.entries(PATH_TO)) {
      for (const action of ["investigate", "resolve", "escalate"] as Action[]) {
        const legal = LEGAL[state].includes(action);
        it(`${legal ? "allows" : "refuses with CONFLICT"} ${action} from ${state}`, async () => {
          const complaint = await file();
          for (const step of path) expect((await act(step, complaint.id)).body.errors).toBeUndefined();
          const before = await complaintRow(complaint.id);
          expect(before.status).toBe(state);
          const res = await act(action, complaint.id);
          if (!legal) {
            expect(codeOf(res)).toBe("CONFLICT");
            expect(res.body.errors![0].extensions).toMatchObject({ reason: "ILLEGAL_TRANSITION", from: state, to: ACTIONS[action].to });
            expect(await complaintRow(complaint.id)).toEqual(before);
            return;
          }
          expect(res.body.errors).toBeUndefined();
          const after = res.body.data![ACTIONS[action].field];
          expect(after.status).toBe(ACTIONS[action].to);
          expect(after.version).toBe(before.version + 1);
          const [contactRow] = await app.db.query(`SELECT status, first_response_at, resolved_at FROM interaction WHERE id = $1`, [complaint.interactionId]);
          if (action === "resolve") {
            expect(after.resolution).toBe("Apologised; payment released.");
            expect(after.resolvedAt).not.toBeNull();
            expect(after.overdue).toBe(false);
            expect(contactRow.status).toBe("RESOLVED");
            expect(new Date(contactRow.resolved_at).toISOString()).toBe(after.resolvedAt);
          }
          if (action === "escalate") expect(after.escalationReason).toBe("Customer asks for a manager.");
          if (action !== "escalate") expect(contactRow.first_response_at).not.toBeNull();
        });
      }
    }

    it("marks a complaint past its due time overdue, and the customer filter finds it", async () => {
      const complaint = await file({ customerId: customerB, receivedAt: new Date(Date.now() - 30 * HOUR).toISOString() });
      expect(complaint.overdue).toBe(true);
      const list = await app.gql(CUSTOMER_LIST, { token: agent1, variables: { filter: { hasOverdueComplaint: true }, first: 100 } });
      expect(list.body.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(customerB);
    });

    it("keeps complaint handling to staff in scope", async () => {
      const complaint = await file();
      const before = await complaintRow(complaint.id);
      expect(codeOf(await act("investigate", complaint.id, await app.token(Role.AGENT, { user: "agent2" })))).toBe("NOT_FOUND");
      expect(codeOf(await act("resolve", complaint.id, await app.token(Role.CUSTOMER, { sub: customerA })))).toBe("FORBIDDEN");
      expect(codeOf(await act("escalate", complaint.id, await app.token(Role.MARKETING)))).toBe("FORBIDDEN");
      expect(await complaintRow(complaint.id)).toEqual(before);
      const byCompliance = await act("escalate", complaint.id, await app.token(Role.COMPLIANCE));
      expect(byCompliance.body.data!.escalateComplaint.status).toBe("ESCALATED");
      const byCustomer = await app.gql(`mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { id status customerId } }`, {
        token: await app.token(Role.CUSTOMER, { sub: customerA }),
        variables: { input: complaintInput() },
      });
      expect(byCustomer.body.errors).toBeUndefined();
      expect(byCustomer.body.data!.fileComplaint).toMatchObject({ status: "RECEIVED", customerId: customerA });
      expect(codeOf(await app.gql(FILE_COMPLAINT, { token: agent1, variables: { input: complaintInput({ customerId: foreignCustomer }) } }))).toBe("NOT_FOUND");
    });

    it("lets exactly one of three concurrent identical moves of a complaint win", async () => {
      const complaint = await file();
      const results = await Promise.all([1, 2, 3].map(() => act("investigate", complaint.id)));
      expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
      expect(results.filter((r) => codeOf(r) === "CONFLICT")).toHaveLength(2);
      expect((await complaintRow(complaint.id)).version).toBe(2);
    });
  });
});
