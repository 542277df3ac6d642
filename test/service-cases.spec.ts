import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { sweepCaseBreaches } from "../src/modules/service-desk/case-breaches";
import { FILE_COMPLAINT, INVESTIGATE_COMPLAINT, RESOLVE_COMPLAINT } from "./support/operations";

/**
 * Issue #14 point 1: service cases — the workflow (illegal moves, the 14-day reopen window), SLA
 * clocks on the business calendar with pauses, optimistic versions, row scope, the field policy
 * for customers, events in the transaction, complaints worked as cases, pinned statement counts.
 *
 * The clock is jest's fake Date (timers stay real): the server runs in this process, so each
 * step happens at an instant the test sets, and deadlines are asserted to the millisecond.
 */
const HOUR = 3_600_000;
const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const reasonOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.reason;

const CASE_FIELDS = /* GraphQL */ `
  id customerId status version queue priority channel subject assigneeId complaintId openedAt firstRespondedAt resolvedAt closedAt reopenedAt resolution
  pauses { from to }
  firstResponseSla { milestone measure targetMs breachAt breached elapsedMs remainingMs paused stopped }
  resolutionSla { milestone measure targetMs breachAt breached elapsedMs remainingMs paused stopped }
`;
const OPEN_CASE = `mutation ($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} } }`;
const TRANSITION_CASE = `mutation ($id: ID!, $to: CaseStatus!, $note: String, $expectedVersion: Int) {
  transitionCase(id: $id, to: $to, note: $note, expectedVersion: $expectedVersion) { ${CASE_FIELDS} } }`;
const ASSIGN_CASE = `mutation ($id: ID!, $assigneeId: ID, $queue: CaseQueue, $expectedVersion: Int) {
  assignCase(id: $id, assigneeId: $assigneeId, queue: $queue, expectedVersion: $expectedVersion) { ${CASE_FIELDS} } }`;
const READ_CASE = `query ReadCase($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
const WORK_LIST = `query ($queue: CaseQueue, $assignee: CaseAssignee, $status: CaseStatus, $breached: Boolean, $first: Int) {
  cases(queue: $queue, assignee: $assignee, status: $status, breached: $breached, first: $first) { totalCount edges { node { id } } } }`;

describe("service cases", () => {
  let app: TestApp;
  let customerA: string;
  let customerB: string;
  let foreignCustomer: string;
  const agent1Id = staffIdFor("agent1");
  const compliance1Id = staffIdFor("compliance1");

  // tokens are minted at the fake now (they expire within TOKEN_MAX_LIFETIME of it)
  const as = (role: Role, options: { user?: string; sub?: string } = {}) => app.token(role, options);
  const agent1 = () => as(Role.AGENT);
  const gql = async (query: string, variables: Record<string, unknown>, token: string | Promise<string>) => app.gql(query, { token: await token, variables });
  const ok = async (query: string, variables: Record<string, unknown>, token: string | Promise<string> = agent1()) => {
    const res = await gql(query, variables, token);
    expect(res.body.errors).toBeUndefined();
    return Object.values(res.body.data!)[0] as Record<string, any>;
  };
  const at = (iso: string) => jest.setSystemTime(new Date(iso));
  /** Only Date is faked: the server's timers and I/O run for real. */
  const fakeDate = () =>
    jest.useFakeTimers({
      doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
    });
  const open = (input: Record<string, unknown> = {}, token?: string | Promise<string>) =>
    ok(OPEN_CASE, { input: { customerId: customerA, channel: "PHONE", subject: "Change the payment date", ...input } }, token);
  const move = (id: string, to: string, extra: Record<string, unknown> = {}, token?: string | Promise<string>) => ok(TRANSITION_CASE, { id, to, ...extra }, token);
  const eventsOf = async (caseId: string): Promise<{ type: string; data: Record<string, unknown> }[]> =>
    app.db.query(`SELECT type, data FROM event_outbox WHERE data->>'caseId' = $1 ORDER BY position`, [caseId]);
  const storedDeadlines = async (id: string) =>
    (await app.db.query(`SELECT first_response_breach_at AS "firstResponse", resolution_breach_at AS "resolution" FROM service_case WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    const mine = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 2`, [agent1Id]);
    [customerA, customerB] = mine.map((r: { id: string }) => r.id);
    [{ id: foreignCustomer }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 LIMIT 1`, [staffIdFor("agent2")]);
    fakeDate();
  });
  afterAll(async () => {
    jest.useRealTimers();
    await app?.close();
  });

  describe("SLA clocks", () => {
    let caseId: string;

    it("opens a PHONE NORMAL case on Friday 17:00 Shanghai: first response due 24 clock hours later, resolution after 45 business hours, the weekend skipped", async () => {
      at("2026-03-06T09:00:00.000Z"); // Friday 17:00 Asia/Shanghai
      const opened = await open();
      caseId = opened.id;
      expect(opened).toMatchObject({ status: "NEW", version: 1, queue: "GENERAL", priority: "NORMAL", channel: "PHONE", openedAt: "2026-03-06T09:00:00.000Z", pauses: [] });
      expect(opened.firstResponseSla).toEqual({
        milestone: "FIRST_RESPONSE", measure: "ELAPSED", targetMs: 24 * HOUR, breachAt: "2026-03-07T09:00:00.000Z", breached: false,
        elapsedMs: 0, remainingMs: 24 * HOUR, paused: false, stopped: false,
      });
      // Fri 17–18 (1 h), Mon–Thu (36 h), Fri 09–17 (8 h): Friday 13 March 17:00 Shanghai
      expect(opened.resolutionSla).toEqual({
        milestone: "RESOLUTION", measure: "BUSINESS", targetMs: 45 * HOUR, breachAt: "2026-03-13T09:00:00.000Z", breached: false,
        elapsedMs: 0, remainingMs: 45 * HOUR, paused: false, stopped: false,
      });
      expect(await storedDeadlines(caseId)).toEqual({ firstResponse: new Date("2026-03-07T09:00:00.000Z"), resolution: new Date("2026-03-13T09:00:00.000Z") });
      expect(await eventsOf(caseId)).toEqual([{ type: "case.opened", data: { customerId: customerA, caseId } }]);
    });

    it("flips breached just after breachAt (met exactly at breachAt is in time), and the work list's breached filter follows", async () => {
      at("2026-03-07T09:00:00.000Z");
      const onTime = await ok(READ_CASE, { id: caseId });
      expect(onTime.firstResponseSla).toMatchObject({ breached: false, remainingMs: 0, elapsedMs: 24 * HOUR });
      // Saturday: only Friday's last business hour has been used
      expect(onTime.resolutionSla).toMatchObject({ breached: false, elapsedMs: HOUR, remainingMs: 44 * HOUR });
      const breachedIds = async () => (await ok(WORK_LIST, { breached: true, first: 100 })).edges.map((e: any) => e.node.id);
      expect(await breachedIds()).not.toContain(caseId);
      at("2026-03-07T09:00:00.001Z");
      expect((await ok(READ_CASE, { id: caseId })).firstResponseSla).toMatchObject({ breached: true, remainingMs: 0, breachAt: "2026-03-07T09:00:00.000Z" });
      expect(await breachedIds()).toContain(caseId);
      expect((await ok(WORK_LIST, { breached: false, first: 100 })).edges.map((e: any) => e.node.id)).not.toContain(caseId);
    });

    it("stops the first-response clock at the first move out of NEW, late: it stays breached", async () => {
      at("2026-03-09T02:00:00.000Z"); // Monday 10:00
      const responded = await move(caseId, "IN_PROGRESS", { expectedVersion: 1 });
      expect(responded).toMatchObject({ status: "IN_PROGRESS", version: 2, firstRespondedAt: "2026-03-09T02:00:00.000Z" });
      expect(responded.firstResponseSla).toMatchObject({ breached: true, stopped: true, breachAt: "2026-03-07T09:00:00.000Z" });
      expect(responded.resolutionSla).toMatchObject({ breachAt: "2026-03-13T09:00:00.000Z", elapsedMs: 2 * HOUR });
      // a met clock leaves the sweep: its stored deadline is gone
      expect(await storedDeadlines(caseId)).toEqual({ firstResponse: null, resolution: new Date("2026-03-13T09:00:00.000Z") });
    });

    it("pauses the resolution clock while waiting on the customer (no deadline, remaining frozen) and moves breachAt by the business time the pause covered", async () => {
      at("2026-03-09T03:00:00.000Z"); // Monday 11:00: 3 business hours used
      const waiting = await move(caseId, "WAITING_ON_CUSTOMER", { expectedVersion: 2 });
      expect(waiting.pauses).toEqual([{ from: "2026-03-09T03:00:00.000Z", to: null }]);
      expect(waiting.resolutionSla).toMatchObject({ breachAt: null, paused: true, breached: false, remainingMs: 42 * HOUR });
      expect((await storedDeadlines(caseId)).resolution).toBeNull();
      at("2026-03-10T01:00:00.000Z"); // Tuesday 09:00: still frozen
      expect((await ok(READ_CASE, { id: caseId })).resolutionSla).toMatchObject({ breachAt: null, paused: true, remainingMs: 42 * HOUR });
      at("2026-03-10T03:00:00.000Z"); // Tuesday 11:00: the pause covered Mon 11–18 and Tue 09–11, 9 business hours
      const resumed = await move(caseId, "IN_PROGRESS", { expectedVersion: 3 });
      expect(resumed.pauses).toEqual([{ from: "2026-03-09T03:00:00.000Z", to: "2026-03-10T03:00:00.000Z" }]);
      // Friday 13 March 17:00 + 9 business hours: Friday 18:00 (1 h), Monday 16 March 09:00 + 8 h = 17:00 Shanghai
      expect(resumed.resolutionSla).toMatchObject({ breachAt: "2026-03-16T09:00:00.000Z", paused: false, remainingMs: 42 * HOUR });
      expect(await storedDeadlines(caseId)).toEqual({ firstResponse: null, resolution: new Date("2026-03-16T09:00:00.000Z") });
    });

    it("stops the resolution clock on RESOLVED, in time, with the resolution kept", async () => {
      at("2026-03-16T09:00:00.000Z"); // exactly at the moved deadline
      const resolved = await move(caseId, "RESOLVED", { note: "Payment date moved to the 15th." });
      expect(resolved).toMatchObject({ status: "RESOLVED", version: 5, resolvedAt: "2026-03-16T09:00:00.000Z", resolution: "Payment date moved to the 15th." });
      expect(resolved.resolutionSla).toMatchObject({ breached: false, stopped: true, remainingMs: 0, breachAt: "2026-03-16T09:00:00.000Z" });
      expect(await storedDeadlines(caseId)).toEqual({ firstResponse: null, resolution: null });
      expect((await eventsOf(caseId)).map((e) => [e.type, e.data.changedFields])).toEqual([
        ["case.opened", undefined],
        ["case.transitioned", ["firstRespondedAt", "status"]],
        ["case.transitioned", ["pauses", "status"]],
        ["case.transitioned", ["pauses", "status"]],
        ["case.transitioned", ["resolution", "resolvedAt", "status"]],
      ]);
    });
  });

  describe("workflow", () => {
    it("refuses illegal moves with CONFLICT (ILLEGAL_TRANSITION), as the complaint and claim workflows do, and changes nothing", async () => {
      at("2026-04-01T02:00:00.000Z");
      const { id } = await open();
      const closeNew = await gql(TRANSITION_CASE, { id, to: "CLOSED" }, agent1());
      expect([codeOf(closeNew), reasonOf(closeNew)]).toEqual(["CONFLICT", "ILLEGAL_TRANSITION"]);
      expect(closeNew.body.errors![0].message).toBe("Case cannot go from NEW to CLOSED (allowed: IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED)");
      await move(id, "RESOLVED", { note: "Answered on the call." });
      const waitResolved = await gql(TRANSITION_CASE, { id, to: "WAITING_ON_CUSTOMER" }, agent1());
      expect([codeOf(waitResolved), reasonOf(waitResolved)]).toEqual(["CONFLICT", "ILLEGAL_TRANSITION"]);
      expect(await app.db.query(`SELECT status, version FROM service_case WHERE id = $1`, [id])).toEqual([{ status: "RESOLVED", version: 2 }]);
    });

    it("asks for the resolution and the reopen reason, and refuses a note on other moves (BAD_USER_INPUT)", async () => {
      const { id } = await open();
      expect(codeOf(await gql(TRANSITION_CASE, { id, to: "RESOLVED" }, agent1()))).toBe("BAD_USER_INPUT");
      expect(codeOf(await gql(TRANSITION_CASE, { id, to: "IN_PROGRESS", note: "hello" }, agent1()))).toBe("BAD_USER_INPUT");
      expect((await app.db.query(`SELECT version FROM service_case WHERE id = $1`, [id]))[0].version).toBe(1);
    });

    it("reopens a resolved or closed case within 14 days of its resolution (the resolved time paused), and refuses it after", async () => {
      at("2026-04-01T02:00:00.000Z"); // Wednesday 10:00
      const { id } = await open();
      await move(id, "RESOLVED", { note: "Sent the form." });
      at("2026-04-02T02:00:00.000Z");
      const closed = await move(id, "CLOSED");
      expect(closed).toMatchObject({ status: "CLOSED", closedAt: "2026-04-02T02:00:00.000Z" });
      expect(codeOf(await gql(TRANSITION_CASE, { id, to: "IN_PROGRESS" }, agent1()))).toBe("BAD_USER_INPUT"); // a reopen needs its reason
      at("2026-04-15T02:00:00.000Z"); // 14 days after the resolution, exactly
      const reopened = await move(id, "IN_PROGRESS", { note: "The form was the wrong one." });
      expect(reopened).toMatchObject({ status: "IN_PROGRESS", resolvedAt: null, closedAt: null, reopenedAt: "2026-04-15T02:00:00.000Z" });
      expect(reopened.pauses).toEqual([{ from: "2026-04-01T02:00:00.000Z", to: "2026-04-15T02:00:00.000Z" }]);
      // 9 business hours of the resolution's 45 skipped while resolved: the clock resumes with what was left (0 used)
      expect(reopened.resolutionSla).toMatchObject({ stopped: false, elapsedMs: 0, remainingMs: 45 * HOUR });
      await move(id, "RESOLVED", { note: "Sent the right form." });
      at("2026-04-29T02:00:00.001Z"); // 14 days and 1 ms after the second resolution
      const late = await gql(TRANSITION_CASE, { id, to: "IN_PROGRESS", note: "Still wrong." }, agent1());
      expect([codeOf(late), reasonOf(late)]).toEqual(["CONFLICT", "REOPEN_WINDOW_PASSED"]);
    });

    it("answers a stale expectedVersion with CONFLICT and changes nothing", async () => {
      const { id } = await open();
      await move(id, "IN_PROGRESS", { expectedVersion: 1 });
      const stale = await gql(TRANSITION_CASE, { id, to: "WAITING_ON_CUSTOMER", expectedVersion: 1 }, agent1());
      expect([codeOf(stale), reasonOf(stale)]).toEqual(["CONFLICT", "STALE_VERSION"]);
      const staleAssign = await gql(ASSIGN_CASE, { id, queue: "CLAIMS", expectedVersion: 1 }, agent1());
      expect(codeOf(staleAssign)).toBe("CONFLICT");
      expect(await app.db.query(`SELECT status, version, queue FROM service_case WHERE id = $1`, [id])).toEqual([{ status: "IN_PROGRESS", version: 2, queue: "GENERAL" }]);
    });

    it("writes a move's event in its transaction: a failed event write rolls the move back", async () => {
      const { id } = await open();
      await app.db.query(`ALTER TABLE event_outbox ADD CONSTRAINT "CHK_test_no_case_events" CHECK (type <> 'case.transitioned') NOT VALID`);
      try {
        const failed = await gql(TRANSITION_CASE, { id, to: "IN_PROGRESS" }, agent1());
        expect(codeOf(failed)).toBe("INTERNAL_SERVER_ERROR");
      } finally {
        await app.db.query(`ALTER TABLE event_outbox DROP CONSTRAINT "CHK_test_no_case_events"`);
      }
      expect(await app.db.query(`SELECT status, version, first_responded_at FROM service_case WHERE id = $1`, [id])).toEqual([{ status: "NEW", version: 1, first_responded_at: null }]);
      expect((await eventsOf(id)).map((e) => e.type)).toEqual(["case.opened"]);
    });
  });

  describe("assignment and work lists", () => {
    it("assigns to a case worker who can see the customer, writes case.assigned, and lists it in their work list", async () => {
      at("2026-05-06T02:00:00.000Z");
      const { id } = await open({ queue: "POLICY_SERVICE" });
      const toAgent2 = await gql(ASSIGN_CASE, { id, assigneeId: staffIdFor("agent2") }, agent1());
      expect(codeOf(toAgent2)).toBe("BAD_USER_INPUT");
      expect(toAgent2.body.errors![0].extensions!.fields).toEqual([{ field: "assigneeId", problems: ["this agent does not serve the customer"] }]);
      expect(codeOf(await gql(ASSIGN_CASE, { id, assigneeId: staffIdFor("marketing1") }, agent1()))).toBe("BAD_USER_INPUT");
      const assigned = await ok(ASSIGN_CASE, { id, assigneeId: compliance1Id, queue: "COMPLAINTS", expectedVersion: 1 });
      expect(assigned).toMatchObject({ assigneeId: compliance1Id, queue: "COMPLAINTS", version: 2, status: "NEW" });
      expect((await eventsOf(id)).map((e) => [e.type, e.data.changedFields])).toEqual([["case.opened", undefined], ["case.assigned", ["assigneeId", "queue"]]]);
      const mine = await ok(WORK_LIST, { assignee: "ME", first: 100 }, as(Role.COMPLIANCE));
      expect(mine.edges.map((e: any) => e.node.id)).toContain(id);
      expect(mine.totalCount).toBe(mine.edges.length);
      const unassigned = await ok(WORK_LIST, { assignee: "NOBODY", queue: "COMPLAINTS", first: 100 }, as(Role.COMPLIANCE));
      expect(unassigned.edges.map((e: any) => e.node.id)).not.toContain(id);
    });
  });

  describe("row scope and the field policy", () => {
    let caseId: string;
    beforeAll(async () => {
      jest.setSystemTime(new Date("2026-06-03T02:00:00.000Z"));
      caseId = (await open({ notes: "Prefers calls after 18:00." })).id;
    });

    it("keeps agent1's case from agent2: null by id, NOT_FOUND to move or assign, absent from the work list; agent2 cannot open one for agent1's customer", async () => {
      const agent2 = as(Role.AGENT, { user: "agent2" });
      const read = await gql(READ_CASE, { id: caseId }, agent2);
      expect(read.body).toEqual({ data: { case: null } });
      expect(codeOf(await gql(TRANSITION_CASE, { id: caseId, to: "IN_PROGRESS" }, agent2))).toBe("NOT_FOUND");
      expect(codeOf(await gql(ASSIGN_CASE, { id: caseId, queue: "CLAIMS" }, agent2))).toBe("NOT_FOUND");
      expect(codeOf(await gql(TRANSITION_CASE, { id: "00000000-0000-4000-8000-000000000000", to: "IN_PROGRESS" }, agent2))).toBe("NOT_FOUND");
      expect((await ok(WORK_LIST, { first: 100 }, agent2)).edges.map((e: any) => e.node.id)).not.toContain(caseId);
      const foreign = await gql(OPEN_CASE, { input: { customerId: customerA, channel: "WEB", subject: "x" } }, agent2);
      expect(codeOf(foreign)).toBe("NOT_FOUND");
      expect(await app.db.query(`SELECT version FROM service_case WHERE id = $1`, [caseId])).toEqual([{ version: 1 }]);
    });

    it("shows a customer their own case without its internal fields (FORBIDDEN on those paths), and not another customer's", async () => {
      const self = as(Role.CUSTOMER, { sub: customerA });
      const res = await gql(`query { case(id: "${caseId}") { id status subject notes queue assigneeId firstResponseSla { breachAt } } }`, {}, self);
      expect(res.body.data!.case).toEqual({ id: caseId, status: "NEW", subject: null, notes: null, queue: null, assigneeId: null, firstResponseSla: { breachAt: "2026-06-04T02:00:00.000Z" } });
      expect(res.body.errors!.map((e) => [e.path!.join("."), e.extensions!.code, e.extensions!.reason]).sort()).toEqual([
        ["case.assigneeId", "FORBIDDEN", "FIELD_POLICY"], ["case.notes", "FORBIDDEN", "FIELD_POLICY"],
        ["case.queue", "FORBIDDEN", "FIELD_POLICY"], ["case.subject", "FORBIDDEN", "FIELD_POLICY"],
      ]);
      expect((await gql(READ_CASE, { id: caseId }, as(Role.CUSTOMER, { sub: customerB }))).body).toEqual({ data: { case: null } });
      const list = await gql(`query { customer(id: "${customerA}") { cases(first: 5) { totalCount edges { node { id status } } } } }`, {}, self);
      expect(list.body.errors).toBeUndefined();
      expect(list.body.data!.customer.cases.edges[0].node).toEqual({ id: caseId, status: "NEW" });
      expect(codeOf(await gql(WORK_LIST, {}, self))).toBe("FORBIDDEN");
    });

    it("opens a customer's own request in GENERAL at NORMAL priority, refusing staff-only fields", async () => {
      const self = as(Role.CUSTOMER, { sub: customerA });
      const mine = await gql(`mutation ($input: OpenCaseInput!) { openCase(input: $input) { id status priority channel } }`, { input: { customerId: customerA, channel: "APP", priority: "URGENT", queue: "CLAIMS", subject: "Where is my card?" } }, self);
      expect(mine.body.errors).toBeUndefined();
      expect(mine.body.data!.openCase).toMatchObject({ status: "NEW", priority: "NORMAL", channel: "APP" });
      expect((await app.db.query(`SELECT queue, created_by_id FROM service_case WHERE id = $1`, [mine.body.data!.openCase.id]))[0]).toEqual({ queue: "GENERAL", created_by_id: null });
      expect(codeOf(await gql(OPEN_CASE, { input: { customerId: customerA, channel: "APP", subject: "x", notes: "internal" } }, self))).toBe("BAD_USER_INPUT");
      expect(codeOf(await gql(OPEN_CASE, { input: { customerId: customerB, channel: "APP", subject: "x" } }, self))).toBe("NOT_FOUND");
    });

    it("refuses the case operations to a role that does not work cases (MARKETING)", async () => {
      const marketing = as(Role.MARKETING);
      expect(codeOf(await gql(READ_CASE, { id: caseId }, marketing))).toBe("FORBIDDEN");
      expect(codeOf(await gql(OPEN_CASE, { input: { customerId: customerA, channel: "APP", subject: "x" } }, marketing))).toBe("FORBIDDEN");
      expect(codeOf(await gql(WORK_LIST, {}, marketing))).toBe("FORBIDDEN");
    });

    it("audits the personal (INTERNAL) values returned to staff: which customer, which fields", async () => {
      const res = await app.gql(`query { case(id: "${caseId}") { id subject notes status } }`, { token: await agent1(), headers: { "x-request-id": "case-audit-1" } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.case).toMatchObject({ subject: "Change the payment date", notes: "Prefers calls after 18:00." });
      expect(await app.db.query(`SELECT customer_id, fields, outcome FROM audit_entry WHERE request_id = 'case-audit-1'`)).toEqual([
        { customer_id: customerA, fields: ["ServiceCase.notes", "ServiceCase.subject"], outcome: "ALLOWED" },
      ]);
    });
  });

  describe("complaints are worked as cases", () => {
    it("opens a COMPLAINTS case with the complaint in its transaction, moves it on investigation and resolution, and leaves resolving it to resolveComplaint", async () => {
      at("2026-07-01T01:00:00.000Z"); // Wednesday 09:00
      const filed = await gql(FILE_COMPLAINT, { input: { customerId: customerB, channel: "PHONE", category: "SERVICE", severity: "HIGH", subject: "No call back" } }, agent1());
      expect(filed.body.errors).toBeUndefined();
      const complaintId = filed.body.data!.fileComplaint.id;
      const linked = await ok(`query { customer(id: "${customerB}") { complaints(first: 1) { edges { node { id case { id queue priority channel status complaintId firstResponseSla { targetMs breachAt } } } } } } }`, {});
      const kase = linked.complaints.edges[0].node.case;
      expect(linked.complaints.edges[0].node.id).toBe(complaintId);
      // HIGH on live voice: first response within 4 clock hours
      expect(kase).toMatchObject({ queue: "COMPLAINTS", priority: "HIGH", channel: "PHONE", status: "NEW", complaintId, firstResponseSla: { targetMs: 4 * HOUR, breachAt: "2026-07-01T05:00:00.000Z" } });
      const resolveCase = await gql(TRANSITION_CASE, { id: kase.id, to: "RESOLVED", note: "done" }, agent1());
      expect(codeOf(resolveCase)).toBe("BAD_USER_INPUT");
      at("2026-07-01T02:00:00.000Z");
      expect((await gql(INVESTIGATE_COMPLAINT, { id: complaintId }, agent1())).body.errors).toBeUndefined();
      expect(await ok(READ_CASE, { id: kase.id })).toMatchObject({ status: "IN_PROGRESS", firstRespondedAt: "2026-07-01T02:00:00.000Z" });
      at("2026-07-02T02:00:00.000Z");
      expect((await gql(RESOLVE_COMPLAINT, { id: complaintId, resolution: "Called back and apologised." }, agent1())).body.errors).toBeUndefined();
      expect(await ok(READ_CASE, { id: kase.id })).toMatchObject({ status: "RESOLVED", resolvedAt: "2026-07-02T02:00:00.000Z", resolution: "Called back and apologised.", version: 3 });
      expect((await eventsOf(kase.id)).map((e) => e.type)).toEqual(["case.opened", "case.transitioned", "case.transitioned"]);
    });
  });

  describe("SQL statements", () => {
    it("serves a page of customers with their cases and SLA readings in the same number of statements for 10 or 40 customers", async () => {
      jest.useRealTimers();
      const admin = await as(Role.ADMIN);
      const query = `query ($first: Int) { customers(first: $first) { edges { node { id cases(first: 5) { totalCount edges { node { id status priority firstResponseSla { breachAt breached } resolutionSla { remainingMs } } } } } } } }`;
      await app.gql(query, { token: admin, variables: { first: 1 } }); // the calendar is read once per process
      const ten = await app.gql(query, { token: admin, variables: { first: 10 } });
      const forty = await app.gql(query, { token: admin, variables: { first: 40 } });
      expect(ten.body.errors).toBeUndefined();
      expect(forty.body.errors).toBeUndefined();
      const withCases = forty.body.data!.customers.edges.filter((e: any) => e.node.cases.totalCount > 0);
      expect(withCases.length).toBeGreaterThanOrEqual(2);
      // compiled: auth, then one statement for the page with every customer's cases; no personal field, no audit
      expect([ten.path, ten.statements]).toEqual(["compiled", 2]);
      expect([forty.path, forty.statements]).toEqual(["compiled", 2]);
    });
  });

  describe("the SLA sweep", () => {
    it("signals each missed milestone of an open case once (case.breached), in one statement, and none of a met, paused or closed one", async () => {
      fakeDate(); // the statements test went back to the real clock
      at("2026-03-02T01:00:00Z"); // Monday 09:00 in Shanghai
      const late = await open({ channel: "EMAIL", priority: "NORMAL", subject: "Sweep: nobody answered" });
      const answered = await open({ channel: "EMAIL", priority: "NORMAL", subject: "Sweep: answered in time" });
      await move(answered.id, "IN_PROGRESS");
      const waiting = await open({ channel: "EMAIL", priority: "NORMAL", subject: "Sweep: waiting on the customer" });
      await move(waiting.id, "WAITING_ON_CUSTOMER");
      const deadline = new Date((await storedDeadlines(late.id)).firstResponse);
      expect(deadline.toISOString()).toBe("2026-03-03T01:00:00.000Z"); // 24 clock hours
      const breachedOf = async (id: string) => (await eventsOf(id)).filter((e) => e.type === "case.breached").map((e) => e.data.milestone);
      const count = async () => Number((await app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE type = 'case.breached'`))[0].n);
      const before = await count();

      expect(await sweepCaseBreaches(app.db, deadline)).toBe(0); // met exactly at the deadline is in time
      const afterDeadline = new Date(deadline.getTime() + 1000);
      expect(await sweepCaseBreaches(app.db, afterDeadline)).toBe(await count() - before);
      expect(await breachedOf(late.id)).toEqual(["FIRST_RESPONSE"]);
      expect(await breachedOf(answered.id)).toEqual([]);
      expect(await breachedOf(waiting.id)).toEqual([]);
      expect(await sweepCaseBreaches(app.db, new Date(afterDeadline.getTime() + HOUR))).toBe(0); // once

      // much later the resolution deadline of the unanswered and the answered case pass too; the closed one stays silent
      const closed = await open({ channel: "EMAIL", priority: "NORMAL", subject: "Sweep: closed" });
      await move(closed.id, "RESOLVED", { note: "Done" });
      const later = new Date("2026-04-30T00:00:00Z");
      await sweepCaseBreaches(app.db, later);
      expect(await breachedOf(late.id)).toEqual(["FIRST_RESPONSE", "RESOLUTION"]);
      expect(await breachedOf(answered.id)).toEqual(["RESOLUTION"]);
      expect(await breachedOf(waiting.id)).toEqual([]); // paused: no deadline runs
      expect(await breachedOf(closed.id)).toEqual([]);
      const [event] = (await eventsOf(late.id)).filter((e) => e.type === "case.breached");
      expect(event.data).toEqual({ customerId: customerA, caseId: late.id, milestone: "FIRST_RESPONSE" });
    });

    it("signals a reopened case's resolution breach once more: the reopen clears its mark (the first response stays met)", async () => {
      fakeDate();
      at("2026-03-09T01:00:00Z"); // Monday 09:00 in Shanghai
      const kase = await open({ channel: "EMAIL", priority: "NORMAL", subject: "Sweep: resolved late, then reopened" });
      await move(kase.id, "IN_PROGRESS");
      const signalled = async (milestone: string) => (await eventsOf(kase.id)).filter((e) => e.type === "case.breached" && e.data.milestone === milestone).length;
      const marks = async () =>
        (await app.db.query(`SELECT first_response_breach_signalled_at AS "firstResponse", resolution_breach_signalled_at AS "resolution" FROM service_case WHERE id = $1`, [kase.id]))[0];
      const deadline = new Date((await storedDeadlines(kase.id)).resolution);
      const after = (ms: number) => new Date(deadline.getTime() + ms);
      await sweepCaseBreaches(app.db, after(1000));
      expect(await signalled("RESOLUTION")).toBe(1);

      at(after(2 * HOUR).toISOString());
      await move(kase.id, "RESOLVED", { note: "Sent the form, late." });
      await sweepCaseBreaches(app.db, after(3 * HOUR)); // resolved: no running deadline
      expect(await signalled("RESOLUTION")).toBe(1);
      at(after(26 * HOUR).toISOString());
      const reopened = await move(kase.id, "IN_PROGRESS", { note: "It was the wrong form." });
      // breached before it was resolved, the clock stays breached (a later pause changes nothing): the
      // reopened case's deadline is the one it missed, and it is overdue again at once
      expect(reopened.resolutionSla).toMatchObject({ breached: true, breachAt: deadline.toISOString() });
      expect(await marks()).toEqual({ firstResponse: null, resolution: null });
      expect(new Date((await storedDeadlines(kase.id)).resolution)).toEqual(deadline);
      // the case.transitioned event names what the caller changed, not the sweep's columns
      const [moved] = (await eventsOf(kase.id)).filter((e) => e.type === "case.transitioned").slice(-1);
      expect(moved.data.changedFields).not.toContain("resolutionBreachSignalledAt");

      await sweepCaseBreaches(app.db, after(26 * HOUR + 1000));
      expect(await signalled("RESOLUTION")).toBe(2);
      await sweepCaseBreaches(app.db, after(30 * 24 * HOUR));
      expect(await signalled("RESOLUTION")).toBe(2); // once
      expect(await signalled("FIRST_RESPONSE")).toBe(0); // answered in time, and a reopen does not run that clock again
      expect((await marks()).resolution).not.toBeNull();
    });
  });
});
