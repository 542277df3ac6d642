import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { ACCESS, DataClass } from "../src/auth/field-policy";
import { customerScope } from "../src/auth/row-scope";
import type { Viewer } from "../src/auth/viewer";
import { CASE_ALERT_ASSIGNEE_ROLES, CASE_QUEUE_ROLES, deriveAlerts } from "../src/modules/alerts/alert-derivation";
import type { HandedOutEvent } from "../src/modules/events/event-reactions";
import { recordEvents } from "../src/modules/events/outbox";
import { dispatchOnce } from "../src/modules/events/webhook-dispatcher";
import { DEADLINE_CLOCK } from "../src/modules/interaction/complaint-deadlines";
import { CLAIM_REASSESSMENT } from "../src/modules/risk/claim-reassessment";
import { sweepCaseBreaches } from "../src/modules/service-desk/case-breaches";
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

  describe("case breaches", () => {
    const OPEN_CASE = `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
    const CASE_ALERTS = /* GraphQL */ `query { alerts(first: 100) { edges { node { id kind milestone deadline customer { id } complaint { id }
      case { id subject firstResponseSla { breachAt } } } } } }`;
    let foreign: string; // in agent2's book
    /** Opens a case 30 hours ago (EMAIL, NORMAL: its first response was due 24 clock hours after, 6 hours ago; its resolution is not). */
    const openCase = async (customerId: string, extra: Record<string, unknown> = {}): Promise<string> => {
      const input = { customerId, channel: "EMAIL", subject: "Case breach: nobody answered", openedAt: new Date(Date.now() - 30 * HOUR), ...extra };
      const res = await app.gql(OPEN_CASE, { token: admin, variables: { input } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.openCase.id as string;
    };
    const caseAlerts = async (caseId: string) =>
      sorted(await app.db.query(`SELECT kind, coalesce(recipient_role, CAST(recipient_staff_id AS text)) AS recipient FROM service_alert WHERE case_id = $1`, [caseId]));
    const breached = (...recipients: string[]) => sorted(recipients.map((recipient) => ({ kind: "CASE_BREACHED", recipient })));

    beforeAll(async () => {
      [{ id: foreign }] = await app.db.query(`SELECT id FROM customer WHERE id <> $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [customer]);
      const moved = await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: foreign, agentId: AGENT2 } });
      expect(moved.body.errors).toBeUndefined();
    });

    it("alerts an assigned case's assignee and nobody else; an unassigned one its customer's agent and the queue's team; another book's agent nothing", async () => {
      const ADJUSTER1 = staffIdFor("adjuster1");
      const assigned = await openCase(customer, { queue: "COMPLAINTS", assigneeId: ADJUSTER1 });
      const complaints = await openCase(customer, { queue: "COMPLAINTS" });
      const claims = await openCase(customer, { queue: "CLAIMS" });
      const general = await openCase(customer);
      const toRep = await openCase(customer, { queue: "COMPLAINTS", assigneeId: staffIdFor("rep1") }); // the contact centre reads no alerts
      const otherBook = await openCase(foreign);
      await drain(T);

      expect(await caseAlerts(assigned)).toEqual(breached(ADJUSTER1));
      expect(await caseAlerts(complaints)).toEqual(breached(AGENT1, "COMPLIANCE"));
      expect(await caseAlerts(claims)).toEqual(breached(AGENT1, "CLAIMS_ADJUSTER"));
      expect(await caseAlerts(general)).toEqual(breached(AGENT1));
      expect(await caseAlerts(toRep)).toEqual(breached(AGENT1, "COMPLIANCE"));
      expect(await caseAlerts(otherBook)).toEqual(breached(AGENT2));
      const [alert] = await app.db.query(`SELECT milestone, deadline, customer_id, complaint_id FROM service_alert WHERE case_id = $1`, [assigned]);
      const [stored] = await app.db.query(`SELECT first_response_breach_at FROM service_case WHERE id = $1`, [assigned]);
      expect(alert).toEqual({ milestone: "FIRST_RESPONSE", deadline: stored.first_response_breach_at, customer_id: customer, complaint_id: null });

      // what agent1 reads: the case (its own rules and scope), the milestone and the deadline it missed; nothing of another book
      const read = async (token: string) => {
        const res = await app.gql(CASE_ALERTS, { token });
        expect(res.body.errors).toBeUndefined();
        return (res.body.data!.alerts.edges as { node: any }[]).map((edge) => edge.node).filter((node) => node.kind === "CASE_BREACHED");
      };
      const agent1 = await read(await app.token(Role.AGENT, { user: "agent1" }));
      const onGeneral = agent1.find((node) => node.case?.id === general);
      expect(onGeneral).toMatchObject({
        milestone: "FIRST_RESPONSE", customer: { id: customer }, complaint: null,
        case: { id: general, subject: "Case breach: nobody answered", firstResponseSla: { breachAt: onGeneral.deadline } },
      });
      // by alert id (a case out of the reader's scope would read as null): each agent lists exactly the alerts of their book's cases
      const alertIds = async (caseIds: string[]) =>
        ((await app.db.query(`SELECT id FROM service_alert WHERE case_id = ANY($1::uuid[]) AND recipient_staff_id IS NOT NULL`, [caseIds])) as { id: string }[]).map((row) => row.id);
      const agent1Ids = agent1.map((node) => node.id);
      expect(agent1Ids).toEqual(expect.arrayContaining(await alertIds([complaints, claims, general, toRep])));
      const agent2 = await read(await app.token(Role.AGENT, { user: "agent2" }));
      const agent2Ids = agent2.map((node) => node.id);
      expect(agent2Ids).toEqual(expect.arrayContaining(await alertIds([otherBook])));
      for (const id of await alertIds([otherBook])) expect(agent1Ids).not.toContain(id);
      for (const id of await alertIds([complaints, claims, general, toRep])) expect(agent2Ids).not.toContain(id);
      expect(agent2.find((node) => node.case?.id === otherBook)).toMatchObject({ milestone: "FIRST_RESPONSE", customer: { id: foreign } });
      const adjuster = await read(await app.token(Role.CLAIMS_ADJUSTER, { user: "adjuster1" }));
      expect(adjuster.map((node) => node.case?.id)).toEqual(expect.arrayContaining([assigned, claims]));

      // the fan-out again (a retried pass), and later passes: nothing more
      const ours = [assigned, complaints, claims, general, toRep, otherBook];
      const count = async () => Number((await app.db.query(`SELECT count(*)::int AS n FROM service_alert WHERE case_id = ANY($1::uuid[])`, [ours]))[0].n);
      const before = await count();
      const handedOut: HandedOutEvent[] = await app.db.query(
        `SELECT id, type, customer_id AS "customerId", request_id AS "requestId" FROM event_outbox WHERE type = 'case.breached' AND published_at IS NOT NULL ORDER BY position`,
      );
      expect(handedOut.length).toBeGreaterThanOrEqual(ours.length);
      await app.db.transaction((manager) => deriveAlerts(manager, handedOut, T));
      await drain(at(0.5));
      expect(await count()).toBe(before);
      expect(before).toBe(9);
    });

    it("alerts an agent assignee only while the customer is in their book, and no one for a milestone met before the alert is raised", async () => {
      const moved = await openCase(customer, { assigneeId: AGENT1 });
      const met = await openCase(customer, { queue: "COMPLAINTS" });
      // the customer goes to agent2's book: agent1 may no longer see the case they were given
      const reassigned = await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: customer, agentId: AGENT2 } });
      expect(reassigned.body.errors).toBeUndefined();
      try {
        await sweepCaseBreaches(app.db, T); // signalled; answered before the pass hands the event out
        const answered = await app.gql(`mutation ($id: ID!) { transitionCase(id: $id, to: IN_PROGRESS) { id } }`, { token: admin, variables: { id: met } });
        expect(answered.body.errors).toBeUndefined();
        await drain(T);
      } finally {
        await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: customer, agentId: AGENT1 } });
      }
      expect(await caseAlerts(moved)).toEqual(breached(AGENT2));
      expect(await caseAlerts(met)).toEqual([]);
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE type = 'case.breached' AND data->>'caseId' = $1`, [met]);
      expect(n).toBe(1);
    });

    it("sends case alerts only to roles that read the case's SERVICE fields (assignee and queue choose the recipients) and see every customer, or an agent's own book", () => {
      const readsService = (role: Role) => ACCESS[DataClass.SERVICE][role] === "full";
      const teams = Object.values(CASE_QUEUE_ROLES) as Role[];
      for (const role of [...CASE_ALERT_ASSIGNEE_ROLES, ...teams, Role.AGENT]) expect([role, readsService(role)]).toEqual([role, true]);
      for (const role of [...CASE_ALERT_ASSIGNEE_ROLES, ...teams].filter((r) => r !== Role.AGENT)) {
        expect([role, customerScope({ kind: "staff", id: randomUUID(), role } as Viewer, "c").sql]).toEqual([role, "TRUE"]);
      }
      expect(CASE_ALERT_ASSIGNEE_ROLES).not.toContain(Role.SERVICE_REP);
    });
  });
});
