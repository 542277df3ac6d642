import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { deriveAlerts } from "../src/modules/alerts/alert-derivation";
import type { HandedOutEvent } from "../src/modules/events/event-reactions";
import { recordEvents } from "../src/modules/events/outbox";
import { dispatchOnce } from "../src/modules/events/webhook-dispatcher";
import { DEADLINE_CLOCK } from "../src/modules/interaction/complaint-deadlines";
import { CLAIM_REASSESSMENT } from "../src/modules/risk/claim-reassessment";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { ASSIGN_AGENT, FILE_CLAIM, FILE_COMPLAINT } from "./support/operations";

const ALERTS = /* GraphQL */ `
  query Alerts($first: Int, $after: String, $unread: Boolean) {
    alerts(first: $first, after: $after, unreadOnly: $unread) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind createdAt readAt customer { id customerNumber } complaint { id status } riskAssessment { id } } }
    }
  }
`;
const ACKNOWLEDGE = /* GraphQL */ `mutation Acknowledge($id: ID!) { acknowledgeAlert(id: $id) { id kind readAt } }`;

const HOUR = 3_600_000;
const AGENT1 = staffIdFor("agent1");
const AGENT2 = staffIdFor("agent2");

interface AlertRow {
  kind: string;
  recipient: string;
}
const sorted = (rows: AlertRow[]) => [...rows].sort((a, b) => (a.kind + a.recipient < b.kind + b.recipient ? -1 : 1));

describe("service alerts: complaint deadlines and raised risk tiers, derived from the outbox, read and acknowledged by their recipients", () => {
  let app: TestApp;
  let admin: string;
  const settings = { retrySchedule: [1], timeoutMs: 1000 };
  /** The test's clock: every dispatcher pass is told the time. */
  const T = new Date(Date.now() + HOUR);
  const at = (hours: number) => new Date(T.getTime() + hours * HOUR);
  let customer: string; // in agent1's book

  /** Dispatcher passes at `now` until no event is left to hand out. */
  const drain = async (now: Date) => {
    for (let pass = 0; pass < 10; pass++) if ((await dispatchOnce(app.db, settings, now)).fannedOut === 0) return;
    throw new Error("the outbox did not drain");
  };
  const alertsWhere = async (column: "complaint_id" | "risk_assessment_id", id: string): Promise<AlertRow[]> =>
    sorted(await app.db.query(`SELECT kind, coalesce(recipient_role, CAST(recipient_staff_id AS text)) AS recipient FROM service_alert WHERE ${column} = $1`, [id]));
  const eventsOf = async (complaintId: string): Promise<string[]> =>
    (await app.db.query(`SELECT type FROM event_outbox WHERE data->>'complaintId' = $1 AND type LIKE 'complaint.%' ORDER BY position`, [complaintId])).map(
      (row: { type: string }) => row.type,
    );
  const fileComplaint = async (customerId: string, dueInHours: number): Promise<string> => {
    const res = await app.gql(FILE_COMPLAINT, { token: admin, variables: { input: { customerId, channel: "PHONE", category: "SERVICE", severity: "HIGH", subject: "Still no call back" } } });
    expect(res.body.errors).toBeUndefined();
    const id = res.body.data!.fileComplaint.id as string;
    await app.db.query(`UPDATE complaint SET due_at = $2 WHERE id = $1`, [id, at(dueInHours)]);
    return id;
  };

  beforeAll(async () => {
    app = await startTestApp({ customers: 8 });
    admin = await app.token(Role.ADMIN);
    await drain(T); // the seed's open complaints are all past their deadlines: signalled once, here
    [{ id: customer }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [AGENT1]);
  });
  afterAll(() => app?.close());

  it("signals an overdue complaint once: one complaint.overdue event, alerts for the customer's agent and COMPLIANCE, nothing on later passes", async () => {
    const overdue = await fileComplaint(customer, -1);
    const later = await fileComplaint(customer, 6); // not yet within the 4-hour window
    await drain(T);
    expect(await eventsOf(overdue)).toEqual(["complaint.filed", "complaint.overdue"]);
    expect(await alertsWhere("complaint_id", overdue)).toEqual(sorted([{ kind: "COMPLAINT_OVERDUE", recipient: AGENT1 }, { kind: "COMPLAINT_OVERDUE", recipient: "COMPLIANCE" }]));
    expect(await eventsOf(later)).toEqual(["complaint.filed"]);
    expect(await alertsWhere("complaint_id", later)).toEqual([]);
    // the event is thin: ids only
    const [event] = await app.db.query(`SELECT data, actor_id, request_id FROM event_outbox WHERE type = 'complaint.overdue' AND data->>'complaintId' = $1`, [overdue]);
    expect(event).toEqual({ data: { customerId: customer, complaintId: overdue }, actor_id: null, request_id: DEADLINE_CLOCK });

    await drain(at(1));
    await drain(at(1.5));
    expect(await eventsOf(overdue)).toEqual(["complaint.filed", "complaint.overdue"]);
    expect((await alertsWhere("complaint_id", overdue)).length).toBe(2);
  });

  it("signals a complaint due within 4 hours as due soon, then overdue once past its deadline; a resolved complaint not at all", async () => {
    const soon = await fileComplaint(customer, 3);
    const resolved = await fileComplaint(customer, -2);
    await app.db.query(`UPDATE complaint SET status = 'RESOLVED', resolved_at = $2 WHERE id = $1`, [resolved, at(-3)]);
    await drain(T);
    expect(await eventsOf(soon)).toEqual(["complaint.filed", "complaint.due_soon"]);
    expect(await alertsWhere("complaint_id", soon)).toEqual(sorted([{ kind: "COMPLAINT_DUE_SOON", recipient: AGENT1 }, { kind: "COMPLAINT_DUE_SOON", recipient: "COMPLIANCE" }]));
    await drain(at(2));
    expect(await eventsOf(soon)).toEqual(["complaint.filed", "complaint.due_soon"]);
    await drain(at(3.5));
    expect(await eventsOf(soon)).toEqual(["complaint.filed", "complaint.due_soon", "complaint.overdue"]);
    expect(await alertsWhere("complaint_id", soon)).toEqual(
      sorted([
        { kind: "COMPLAINT_DUE_SOON", recipient: AGENT1 }, { kind: "COMPLAINT_DUE_SOON", recipient: "COMPLIANCE" },
        { kind: "COMPLAINT_OVERDUE", recipient: AGENT1 }, { kind: "COMPLAINT_OVERDUE", recipient: "COMPLIANCE" },
      ]),
    );
    expect(await eventsOf(resolved)).toEqual(["complaint.filed"]);
    expect(await alertsWhere("complaint_id", resolved)).toEqual([]);
  });

  describe("risk", () => {
    let step = 0;
    /** Stores an assessment (as the risk assessor does: the row and its risk.assessed event, one transaction) and hands it out. */
    const assess = async (customerId: string, rating: { likelihood: number; impact: number; tier: string }, factors: object[] = []): Promise<string> => {
      const id = randomUUID();
      step += 1;
      await app.db.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO risk_assessment (id, customer_id, assessed_at, model_version, likelihood, impact, score, tier, factors, warnings)
           VALUES ($1, $2, $3, 'test', $4, $5, $6, $7, $8, '[]')`,
          [id, customerId, at(step / 100), rating.likelihood, rating.impact, rating.likelihood * rating.impact * 4, rating.tier, JSON.stringify(factors)],
        );
        await recordEvents(manager, { actorId: null, requestId: "test" }, [{ type: "risk.assessed", data: { customerId, assessmentId: id, changedFields: ["tier"] } }]);
      });
      await drain(T);
      return id;
    };
    const LOW = { likelihood: 1, impact: 2, tier: "LOW" };
    const MEDIUM = { likelihood: 2, impact: 5, tier: "MEDIUM" };
    const HIGH = { likelihood: 3, impact: 5, tier: "HIGH" };
    const CRITICAL = { likelihood: 4, impact: 5, tier: "CRITICAL" };

    it("alerts the agent and UNDERWRITER when the tier rises into HIGH or CRITICAL, not when it stays or drops", async () => {
      const raised = (recipientKind = "RISK_TIER_RAISED") => sorted([{ kind: recipientKind, recipient: AGENT1 }, { kind: recipientKind, recipient: "UNDERWRITER" }]);
      expect(await alertsWhere("risk_assessment_id", await assess(customer, LOW))).toEqual([]);
      expect(await alertsWhere("risk_assessment_id", await assess(customer, MEDIUM))).toEqual([]);
      expect(await alertsWhere("risk_assessment_id", await assess(customer, HIGH))).toEqual(raised());
      expect(await alertsWhere("risk_assessment_id", await assess(customer, HIGH))).toEqual([]); // stays
      expect(await alertsWhere("risk_assessment_id", await assess(customer, CRITICAL))).toEqual(raised()); // up again
      expect(await alertsWhere("risk_assessment_id", await assess(customer, HIGH))).toEqual([]); // drops
      expect(await alertsWhere("risk_assessment_id", await assess(customer, MEDIUM))).toEqual([]);
      // deriving the same events again (a retried fan-out) adds nothing
      const countAlerts = async () => Number((await app.db.query(`SELECT count(*)::int AS n FROM service_alert`))[0].n);
      const before = await countAlerts();
      const handedOut: HandedOutEvent[] = await app.db.query(
        `SELECT id, type, customer_id AS "customerId", request_id AS "requestId" FROM event_outbox WHERE published_at IS NOT NULL ORDER BY position`,
      );
      expect(handedOut.filter((event) => event.type === "risk.assessed").length).toBeGreaterThanOrEqual(7);
      await app.db.transaction((manager) => deriveAlerts(manager, handedOut, T));
      expect(await countAlerts()).toBe(before);
    });

    it("decides on each recipient's own view of the tier: a rise carried by health data alerts only an underwriter, and only with SENSITIVE_DATA consent", async () => {
      const consent = async (granted: boolean) => {
        const res = await app.gql(`mutation ($id: ID!, $granted: Boolean!) { setConsent(input: { customerId: $id, purpose: SENSITIVE_DATA, granted: $granted }) { id } }`, {
          token: admin, variables: { id: customer, granted },
        });
        expect(res.body.errors).toBeUndefined();
      };
      await app.db.query(`DELETE FROM person_link WHERE customer_id = $1`, [customer]); // no linked record's refusal in the way
      // CRITICAL as stored; without the smoker factor (HEALTH) likelihood is 1 and the tier LOW
      const factors = [
        { name: "SMOKER", value: "yes", weight: 1, contribution: 0.5, explanation: "smoker" },
        { name: "OCCUPATION_CLASS", value: "1", weight: 1, contribution: 0, explanation: "office work" },
        { name: "SUM_INSURED", value: "high", weight: 1, contribution: 1, explanation: "large sums" },
      ];
      await assess(customer, LOW);
      await consent(false);
      expect(await alertsWhere("risk_assessment_id", await assess(customer, CRITICAL, factors))).toEqual([]);
      await assess(customer, LOW);
      await consent(true);
      expect(await alertsWhere("risk_assessment_id", await assess(customer, CRITICAL, factors))).toEqual([{ kind: "RISK_TIER_RAISED", recipient: "UNDERWRITER" }]);
      // what the underwriter's riskAssessment shows agrees with the alert; the agent's view is LOW
      const profile = `query ($id: ID!) { customer(id: $id) { riskProfile { tier } } }`;
      const seen = async (role: Role) => (await app.gql(profile, { token: await app.token(role), variables: { id: customer } })).body.data!.customer.riskProfile.tier;
      expect([await seen(Role.UNDERWRITER), await seen(Role.AGENT)]).toEqual(["CRITICAL", "LOW"]);
    });
  });

  describe("reading and acknowledging", () => {
    const list = async (token: string, variables: Record<string, unknown> = {}) => {
      const res = await app.gql(ALERTS, { token, variables: { first: 100, ...variables } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.alerts as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: any }[] };
    };
    const addressedCount = async (staffId: string, role: Role, unread = false) =>
      Number(
        (await app.db.query(
          `SELECT count(*)::int AS n FROM service_alert a WHERE (recipient_staff_id = $1 OR recipient_role = $2)
              ${unread ? "AND NOT EXISTS (SELECT 1 FROM service_alert_read r WHERE r.alert_id = a.id AND r.staff_id = $1)" : ""}`,
          [staffId, role],
        ))[0].n,
      );

    it("lists to each viewer only the alerts addressed to them or their role, newest first, with the customer under their scope", async () => {
      const complaint = await fileComplaint(customer, -0.5);
      await drain(T);
      const agent1 = await app.token(Role.AGENT, { user: "agent1" });
      const mine = await list(agent1);
      expect(mine.totalCount).toBe(await addressedCount(AGENT1, Role.AGENT));
      expect(mine.totalCount).toBeGreaterThanOrEqual(3);
      const overdue = mine.edges.map((e) => e.node).find((node) => node.complaint?.id === complaint);
      expect(overdue).toMatchObject({ kind: "COMPLAINT_OVERDUE", readAt: null, customer: { id: customer }, complaint: { id: complaint, status: "RECEIVED" }, riskAssessment: null });
      const times = mine.edges.map((e) => Date.parse(e.node.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      // pages through the cursor it hands out
      const first = await list(agent1, { first: 2 });
      const second = await list(agent1, { first: 2, after: first.pageInfo.endCursor });
      expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(mine.edges.slice(0, 4).map((e) => e.node.id));

      // another agent: none of agent1's
      const other = await list(await app.token(Role.AGENT, { user: "agent2" }));
      expect(other.totalCount).toBe(await addressedCount(AGENT2, Role.AGENT));
      const mineIds = new Set(mine.edges.map((e) => e.node.id));
      expect(other.edges.filter((e) => mineIds.has(e.node.id))).toEqual([]);
      // compliance: the COMPLIANCE copies; the underwriter: the UNDERWRITER ones (risk only)
      const compliance = await list(await app.token(Role.COMPLIANCE));
      expect(compliance.totalCount).toBe(await addressedCount(staffIdFor("compliance1"), Role.COMPLIANCE));
      expect(compliance.edges.some((e) => e.node.complaint?.id === complaint)).toBe(true);
      const underwriter = await list(await app.token(Role.UNDERWRITER));
      expect(underwriter.totalCount).toBeGreaterThanOrEqual(3);
      expect(new Set(underwriter.edges.map((e) => e.node.kind))).toEqual(new Set(["RISK_TIER_RAISED"]));
      // customers and integrations receive none
      for (const role of [Role.CUSTOMER, Role.INTEGRATION]) {
        const res = await app.gql(ALERTS, { token: await app.token(role, role === Role.CUSTOMER ? { sub: customer } : {}) });
        expect([role, res.body.errors?.[0]?.extensions?.code]).toEqual([role, "FORBIDDEN"]);
      }

      // moved to agent2's book: agent1 keeps the alert, but the customer and complaint are out of scope (null)
      const moved = await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: customer, agentId: AGENT2 } });
      expect(moved.body.errors).toBeUndefined();
      try {
        const after = (await list(agent1)).edges.map((e) => e.node).find((node) => node.id === overdue.id);
        expect(after).toMatchObject({ customer: null, complaint: null });
      } finally {
        await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: customer, agentId: AGENT1 } });
      }
    });

    it("acknowledges an alert addressed to the viewer (readAt; unreadOnly leaves it out) and answers NOT_FOUND for anyone else's", async () => {
      const agent1 = await app.token(Role.AGENT, { user: "agent1" });
      const unreadBefore = await list(agent1, { unread: true });
      expect(unreadBefore.totalCount).toBe(await addressedCount(AGENT1, Role.AGENT, true));
      const target = unreadBefore.edges[0].node;

      for (const [token, label] of [[await app.token(Role.AGENT, { user: "agent2" }), "agent2"], [await app.token(Role.COMPLIANCE), "compliance"]] as const) {
        const refused = await app.gql(ACKNOWLEDGE, { token, variables: { id: target.id } });
        expect([label, refused.body.errors?.[0]?.extensions?.code, refused.body.data?.acknowledgeAlert ?? null]).toEqual([label, "NOT_FOUND", null]);
      }
      const missing = await app.gql(ACKNOWLEDGE, { token: agent1, variables: { id: randomUUID() } });
      expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const notAnId = await app.gql(ACKNOWLEDGE, { token: agent1, variables: { id: "nope" } });
      expect(notAnId.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const [{ n: untouched }] = await app.db.query(`SELECT count(*)::int AS n FROM service_alert_read WHERE alert_id = $1`, [target.id]);
      expect(untouched).toBe(0);

      const acked = await app.gql(ACKNOWLEDGE, { token: agent1, variables: { id: target.id } });
      expect(acked.body.errors).toBeUndefined();
      expect(acked.body.data!.acknowledgeAlert).toMatchObject({ id: target.id, kind: target.kind });
      const readAt = acked.body.data!.acknowledgeAlert.readAt as string;
      expect(Date.parse(readAt)).toBeGreaterThan(Date.now() - 60_000);
      // again: the first acknowledgement's time stays
      expect((await app.gql(ACKNOWLEDGE, { token: agent1, variables: { id: target.id } })).body.data!.acknowledgeAlert.readAt).toBe(readAt);

      const unreadAfter = await list(agent1, { unread: true });
      expect(unreadAfter.totalCount).toBe(unreadBefore.totalCount - 1);
      expect(unreadAfter.edges.map((e) => e.node.id)).not.toContain(target.id);
      const all = await list(agent1);
      expect(all.edges.find((e) => e.node.id === target.id)?.node.readAt).toBe(readAt);
    });
    it("lets each member of a role read a role alert on their own: one underwriter's acknowledgement leaves it unread for the other", async () => {
      const [first, second] = [await app.token(Role.UNDERWRITER, { user: "underwriter1" }), await app.token(Role.UNDERWRITER, { user: "underwriter2" })];
      const unreadFirst = await list(first, { unread: true });
      const unreadSecond = await list(second, { unread: true });
      expect(unreadFirst.totalCount).toBe(await addressedCount(staffIdFor("underwriter1"), Role.UNDERWRITER, true));
      const target = unreadFirst.edges.find((e) => unreadSecond.edges.some((other) => other.node.id === e.node.id))!.node;
      expect(target.kind).toBe("RISK_TIER_RAISED");

      const acked = await app.gql(ACKNOWLEDGE, { token: first, variables: { id: target.id } });
      expect(acked.body.data!.acknowledgeAlert.readAt).not.toBeNull();
      expect((await list(first, { unread: true })).totalCount).toBe(unreadFirst.totalCount - 1);
      // the other underwriter: still unread, readAt null, counted
      const stillUnread = await list(second, { unread: true });
      expect(stillUnread.totalCount).toBe(unreadSecond.totalCount);
      expect(stillUnread.edges.find((e) => e.node.id === target.id)?.node.readAt).toBeNull();
      expect((await list(first)).edges.find((e) => e.node.id === target.id)?.node.readAt).toBe(acked.body.data!.acknowledgeAlert.readAt);
      const own = await app.gql(ACKNOWLEDGE, { token: second, variables: { id: target.id } });
      expect(Date.parse(own.body.data!.acknowledgeAlert.readAt)).toBeGreaterThanOrEqual(Date.parse(acked.body.data!.acknowledgeAlert.readAt));
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM service_alert_read WHERE alert_id = $1`, [target.id]);
      expect(n).toBe(2);
    });
  });

  it("re-assesses the risk of the customers whose claims were filed, once, when the dispatcher hands the claim events out", async () => {
    const rows: { id: string; policy_id: string }[] = await app.db.query(
      `SELECT DISTINCT ON (c.customer_number) c.id, p.id AS policy_id FROM customer c JOIN policy p ON p.customer_id = c.id AND p.status = 'ACTIVE'
        WHERE c.erased_at IS NULL AND p.start_date <= current_date - 10 ORDER BY c.customer_number, p.id LIMIT 2`,
    );
    expect(rows.length).toBe(2);
    const assessments = async (id: string) =>
      app.db.query(`SELECT id, assessed_by FROM risk_assessment WHERE customer_id = $1 AND assessed_at = $2`, [id, T]) as Promise<{ id: string; assessed_by: string | null }[]>;
    const incidentDate = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    for (const row of rows) {
      for (const amount of [1000, 2000]) {
        const res = await app.gql(FILE_CLAIM, { token: admin, variables: { input: { policyId: row.policy_id, kind: "THEFT", incidentDate, claimedAmount: amount } } });
        expect(res.body.errors).toBeUndefined();
      }
      expect(await assessments(row.id)).toEqual([]);
    }
    await drain(T);
    for (const row of rows) {
      // two claims, one batch: one new assessment, stored by nobody, announced as any other
      const made = await assessments(row.id);
      expect(made.map((a) => a.assessed_by)).toEqual([null]);
      const events = await app.db.query(`SELECT request_id FROM event_outbox WHERE type = 'risk.assessed' AND data->>'assessmentId' = $1`, [made[0].id]);
      expect(events).toEqual([{ request_id: CLAIM_REASSESSMENT }]);
    }
    await drain(T);
    for (const row of rows) expect((await assessments(row.id)).length).toBe(1);
  });
});
