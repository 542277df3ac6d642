import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { sweepTaskRules, TASK_RULE_CLOCK } from "../src/modules/tasks/task-sweep";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { TRANSITION_CLAIM } from "./support/operations";

/**
 * Issue #14 point 3: follow-up tasks raised by rules (data), worked from queues and by assignees,
 * completed with an outcome under the contact policy; a survey's answer feeds the satisfaction index.
 *
 * The clock is jest's fake Date (timers stay real), set in 2030 so that every instant the test
 * chooses is after the rows the database stamps with its own clock; the sweep is given its instant.
 */
const DAY = 86_400_000;
const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const extensionsOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions;

const TASK_FIELDS = /* GraphQL */ `
  id customerId kind purpose ruleCode sourceType sourceId triggerAt dueAt subject queue assigneeId status outcome outcomeNote
  contactChannel satisfaction interactionId completedAt completedById version
  reach { contactChannel heldBack reasons }
`;
const READ_TASK = `query ($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
const MY_TASKS = `query ($first: Int, $due: TaskDue, $kind: TaskKind) {
  myTasks(first: $first, due: $due, kind: $kind) { totalCount edges { node { id dueAt assigneeId status customer { id } reach { heldBack } } } } }`;
const WORK_LIST = `query ($queue: CaseQueue, $assignee: CaseAssignee, $kind: TaskKind, $first: Int) {
  tasks(queue: $queue, assignee: $assignee, kind: $kind, first: $first) { totalCount edges { node { id queue assigneeId dueAt } } } }`;
const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const ASSIGN_TASK = `mutation ($id: ID!, $assigneeId: ID, $queue: CaseQueue, $expectedVersion: Int) {
  assignTask(id: $id, assigneeId: $assigneeId, queue: $queue, expectedVersion: $expectedVersion) { ${TASK_FIELDS} } }`;
const COMPLETE_TASK = `mutation ($input: CompleteTaskInput!) { completeTask(input: $input) { ${TASK_FIELDS} } }`;
const TASK_RULES = `{ taskRules { code trigger offsetDays maxAgeDays kind purpose assignTo queue active } }`;
const UPDATE_RULE = `mutation ($input: UpdateTaskRuleInput!) { updateTaskRule(input: $input) { code active offsetDays maxAgeDays queue } }`;
const OPEN_CASE = `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id version } }`;
const MOVE_CASE = `mutation ($id: ID!, $to: CaseStatus!, $note: String) { transitionCase(id: $id, to: $to, note: $note) { id status closedAt pauses { from } } }`;
const ASSIGN_CASE = `mutation ($id: ID!, $assigneeId: ID) { assignCase(id: $id, assigneeId: $assigneeId) { id assigneeId } }`;
const SET_DO_NOT_CONTACT = `mutation ($customerId: ID!, $doNotContact: Boolean!) { setDoNotContact(customerId: $customerId, doNotContact: $doNotContact) { doNotContact } }`;
const HANDLER_METRICS = `query ($from: DateTimeISO!, $to: DateTimeISO!) {
  serviceMetrics(from: $from, to: $to, groupBy: HANDLER) { groups { key ratedInteractions satisfactionIndex } } }`;
const TIMELINE = `query ($id: ID!) { customer(id: $id) { timeline(first: 50, kinds: [TASK]) { totalCount edges { node { kind record { __typename ... on ServiceTask { id } } } } } } }`;

describe("service tasks", () => {
  let app: TestApp;
  let customerA: string;
  let foreignCustomer: string;
  const agent1Id = staffIdFor("agent1");
  const START = new Date("2030-01-07T02:00:00.000Z"); // Monday 10:00 in Shanghai

  const as = (role: Role, options: { user?: string; sub?: string } = {}) => app.token(role, options);
  const agent1 = () => as(Role.AGENT);
  const gql = async (query: string, variables: Record<string, unknown>, token: string | Promise<string>) => app.gql(query, { token: await token, variables });
  const ok = async (query: string, variables: Record<string, unknown> = {}, token: string | Promise<string> = agent1()) => {
    const res = await gql(query, variables, token);
    expect(res.body.errors).toBeUndefined();
    return Object.values(res.body.data!)[0] as any;
  };
  const at = (instant: Date) => jest.setSystemTime(instant);
  const tasksOf = (sourceId: string): Promise<Record<string, any>[]> =>
    app.db.query(`SELECT id, kind, rule_code, source_type, assignee_id, queue, due_at, trigger_at, status FROM service_task WHERE source_id = $1 ORDER BY due_at`, [sourceId]);
  const closedCase = async (token: string | Promise<string> = agent1()) => {
    const opened = await ok(OPEN_CASE, { input: { customerId: customerA, channel: "PHONE", subject: "Change the beneficiary" } }, token);
    await ok(ASSIGN_CASE, { id: opened.id, assigneeId: agent1Id });
    await ok(MOVE_CASE, { id: opened.id, to: "IN_PROGRESS" });
    await ok(MOVE_CASE, { id: opened.id, to: "RESOLVED", note: "Beneficiary changed" });
    return ok(MOVE_CASE, { id: opened.id, to: "CLOSED" });
  };

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    [{ id: customerA }] = await app.db.query(
      `SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL AND phone IS NOT NULL ORDER BY customer_number LIMIT 1`, [agent1Id]);
    [{ id: foreignCustomer }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 LIMIT 1`, [staffIdFor("agent2")]);
    jest.useFakeTimers({
      doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
    });
    at(START);
  });
  afterAll(async () => {
    jest.useRealTimers();
    await app?.close();
  });

  describe("rules", () => {
    it("are data: the five seeded rules, read by ADMIN and COMPLIANCE, changed by ADMIN only", async () => {
      const rules = await ok(TASK_RULES, {}, as(Role.ADMIN));
      expect(rules.map((rule: { code: string }) => rule.code)).toEqual([
        "DOCUMENT_CHASE", "FOLLOW_UP_CLAIM_PAID", "FOLLOW_UP_COMPLAINT_RESOLVED", "RENEWAL_REMINDER", "SURVEY_CASE_CLOSED",
      ]);
      expect(rules.find((rule: { code: string }) => rule.code === "RENEWAL_REMINDER")).toEqual({
        code: "RENEWAL_REMINDER", trigger: "POLICY_RENEWAL", offsetDays: -30, maxAgeDays: 0, kind: "RENEWAL_REMINDER", purpose: "SERVICE",
        assignTo: "CUSTOMER_AGENT", queue: "POLICY_SERVICE", active: true,
      });
      expect((await ok(TASK_RULES, {}, as(Role.COMPLIANCE))).length).toBe(5);
      for (const role of [Role.AGENT, Role.MARKETING, Role.SERVICE_REP, Role.CUSTOMER]) {
        expect([role, codeOf(await gql(TASK_RULES, {}, as(role, role === Role.CUSTOMER ? { sub: customerA } : {})))]).toEqual([role, "FORBIDDEN"]);
      }
      expect(codeOf(await gql(UPDATE_RULE, { input: { code: "DOCUMENT_CHASE", offsetDays: 2 } }, as(Role.COMPLIANCE)))).toBe("FORBIDDEN");
      expect(codeOf(await gql(UPDATE_RULE, { input: { code: "NO_SUCH_RULE", active: false } }, as(Role.ADMIN)))).toBe("NOT_FOUND");
      expect(codeOf(await gql(UPDATE_RULE, { input: { code: "DOCUMENT_CHASE", offsetDays: 400 } }, as(Role.ADMIN)))).toBe("BAD_USER_INPUT");
      expect(codeOf(await gql(UPDATE_RULE, { input: { code: "DOCUMENT_CHASE" } }, as(Role.ADMIN)))).toBe("BAD_USER_INPUT");
    });

    it("the seed raised the follow-ups its history calls for, with no events (as every seeded record)", async () => {
      const [{ n, announced }] = await app.db.query(
        `SELECT count(*)::int AS n, (SELECT count(*)::int FROM event_outbox WHERE type = 'task.created') AS announced FROM service_task WHERE rule_code IS NOT NULL`);
      expect(n).toBeGreaterThan(0);
      expect(announced).toBe(0);
    });
  });

  describe("the rule sweep", () => {
    it("raises a follow-up visit for the customer's agent a week after a claim is paid — once", async () => {
      const [claim] = await app.db.query(
        `SELECT k.id, k.version, c.assigned_agent_id AS agent FROM claim k JOIN customer c ON c.id = k.customer_id
          WHERE k.status = 'APPROVED' AND c.assigned_agent_id IS NOT NULL AND c.erased_at IS NULL ORDER BY k.claim_number LIMIT 1`);
      expect(claim).toBeDefined();
      at(new Date(START.getTime() + 60_000));
      const paid = await ok(TRANSITION_CLAIM, { id: claim.id, to: "PAID" }, as(Role.ADMIN));
      expect(paid.status).toBe("PAID");
      const raised = await sweepTaskRules(app.db, new Date(START.getTime() + 120_000));
      expect(raised).toBeGreaterThanOrEqual(1);
      const tasks = await tasksOf(claim.id);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ kind: "FOLLOW_UP_VISIT", rule_code: "FOLLOW_UP_CLAIM_PAID", source_type: "CLAIM", assignee_id: claim.agent, queue: "CLAIMS", status: "OPEN" });
      expect(new Date(tasks[0].due_at).getTime()).toBe(START.getTime() + 60_000 + 7 * DAY);
      const events = await app.db.query(`SELECT type, request_id, actor_id FROM event_outbox WHERE data->>'taskId' = $1`, [tasks[0].id]);
      expect(events).toEqual([{ type: "task.created", request_id: TASK_RULE_CLOCK, actor_id: null }]);
      // the same trigger never raises a second task
      await sweepTaskRules(app.db, new Date(START.getTime() + 180_000));
      expect(await tasksOf(claim.id)).toHaveLength(1);
    });

    it("raises a renewal reminder 30 days before the renewal date (its midnight UTC), not a day sooner, and none for a renewal already passed", async () => {
      const policies = await app.db.query(`SELECT id FROM policy WHERE customer_id = $1 AND status = 'ACTIVE' ORDER BY policy_number LIMIT 2`, [customerA]);
      const [{ id: policyId }] = policies;
      const renewal = new Date(START.getTime() + 45 * DAY);
      const renewalDate = renewal.toISOString().slice(0, 10);
      await app.db.query(`UPDATE policy SET renewal_date = $2 WHERE id = $1`, [policyId, renewalDate]);
      const dueAt = Date.parse(`${renewalDate}T00:00:00.000Z`) - 30 * DAY;
      await sweepTaskRules(app.db, new Date(dueAt - 1));
      expect(await tasksOf(policyId)).toHaveLength(0);
      await sweepTaskRules(app.db, new Date(dueAt));
      const [reminder] = await tasksOf(policyId);
      expect(reminder).toMatchObject({ kind: "RENEWAL_REMINDER", source_type: "POLICY", assignee_id: agent1Id, queue: "POLICY_SERVICE" });
      expect(new Date(reminder.due_at).getTime()).toBe(dueAt);
      expect(new Date(reminder.trigger_at).getTime()).toBe(dueAt + 30 * DAY);
      if (policies[1]) {
        await app.db.query(`UPDATE policy SET renewal_date = $2 WHERE id = $1`, [policies[1].id, new Date(START.getTime() - DAY).toISOString().slice(0, 10)]);
        await sweepTaskRules(app.db, START);
        expect(await tasksOf(policies[1].id)).toHaveLength(0);
      }
    });

    it("raises a survey in the GENERAL queue the day after a case closes, and a document chase three days into a wait on the customer", async () => {
      at(new Date(START.getTime() + 3_600_000));
      const closed = await closedCase();
      await sweepTaskRules(app.db, new Date(START.getTime() + 2 * 3_600_000));
      const [survey] = await tasksOf(closed.id);
      expect(survey).toMatchObject({ kind: "SATISFACTION_SURVEY", source_type: "CASE", assignee_id: null, queue: "GENERAL" });
      expect(new Date(survey.due_at).getTime()).toBe(Date.parse(closed.closedAt) + DAY);

      const waiting = await ok(OPEN_CASE, { input: { customerId: customerA, channel: "EMAIL", subject: "Send the repair invoice" } });
      const moved = await ok(MOVE_CASE, { id: waiting.id, to: "WAITING_ON_CUSTOMER" });
      await sweepTaskRules(app.db, new Date(START.getTime() + 2 * 3_600_000));
      const [chase] = await tasksOf(waiting.id);
      expect(chase).toMatchObject({ kind: "DOCUMENT_CHASE", source_type: "CASE", queue: "GENERAL" });
      expect(new Date(chase.due_at).getTime()).toBe(Date.parse(moved.pauses[0].from) + 3 * DAY);
    });

    it("raises nothing for an inactive rule or a trigger older than the rule's maximum age", async () => {
      await ok(UPDATE_RULE, { input: { code: "SURVEY_CASE_CLOSED", active: false } }, as(Role.ADMIN));
      at(new Date(START.getTime() + 4 * 3_600_000));
      const closed = await closedCase();
      await sweepTaskRules(app.db, new Date(START.getTime() + 5 * 3_600_000));
      expect(await tasksOf(closed.id)).toHaveLength(0);
      await ok(UPDATE_RULE, { input: { code: "SURVEY_CASE_CLOSED", active: true } }, as(Role.ADMIN));
      // 14 days is the survey's maximum age: a sweep that first runs 15 days later raises nothing
      await sweepTaskRules(app.db, new Date(Date.parse(closed.closedAt) + 15 * DAY));
      expect(await tasksOf(closed.id)).toHaveLength(0);
      await sweepTaskRules(app.db, new Date(Date.parse(closed.closedAt) + 13 * DAY));
      expect(await tasksOf(closed.id)).toHaveLength(1);
    });
  });

  describe("work lists", () => {
    it("myTasks: the agent's own open tasks, soonest due first, by due window, in 3 statements whatever the page size", async () => {
      at(new Date(START.getTime() + 6 * 3_600_000));
      for (let i = 0; i < 6; i++) {
        await ok(CREATE_TASK, { input: { customerId: customerA, kind: "OTHER", subject: `Call back ${i}`, dueAt: new Date(START.getTime() + (i - 2) * DAY).toISOString(), assigneeId: agent1Id } });
      }
      const token = await agent1();
      const small = await app.gql(MY_TASKS, { token, variables: { first: 2 } });
      const large = await app.gql(MY_TASKS, { token, variables: { first: 50 } });
      expect(large.body.errors).toBeUndefined();
      const nodes = large.body.data!.myTasks.edges.map((edge: { node: any }) => edge.node);
      expect(nodes.length).toBeGreaterThanOrEqual(6);
      expect(nodes.every((node: any) => node.assigneeId === agent1Id && node.status === "OPEN")).toBe(true);
      const due = nodes.map((node: any) => Date.parse(node.dueAt));
      expect(due).toEqual([...due].sort((a, b) => a - b));
      // whatever the page size: with the count, the customers and the SERVICE fields (audited) it is the same number
      expect(small.statements).toBe(large.statements);
      // the page itself: the caller's staff record, the page, the contact facts of the page's customers (reach)
      for (const first of [2, 50]) {
        const page = await app.gql(`query ($first: Int) { myTasks(first: $first) { edges { node { id kind dueAt status reach { heldBack reasons } } } } }`, { token, variables: { first } });
        expect(page.body.errors).toBeUndefined();
        expect([first, page.statements]).toEqual([first, 3]);
      }
      const overdue = (await ok(MY_TASKS, { first: 50, due: "OVERDUE" })).edges.map((edge: { node: any }) => Date.parse(edge.node.dueAt));
      expect(overdue.length).toBeGreaterThanOrEqual(2);
      expect(overdue.every((t: number) => t < Date.now())).toBe(true);
      const later = (await ok(MY_TASKS, { first: 50, due: "LATER" })).edges.map((edge: { node: any }) => Date.parse(edge.node.dueAt));
      expect(later.every((t: number) => t >= Date.now() + DAY)).toBe(true);
      expect(overdue.length + later.length).toBeLessThan(nodes.length); // TODAY holds the rest
    });

    it("the queue's unassigned tasks for staff in scope; another agent's book stays out, and the lists are refused to other roles", async () => {
      const queue = await ok(WORK_LIST, { queue: "GENERAL", assignee: "NOBODY", first: 100 }, as(Role.ADMIN));
      expect(queue.totalCount).toBeGreaterThan(0);
      expect(queue.edges.every((edge: { node: any }) => edge.node.queue === "GENERAL" && edge.node.assigneeId === null)).toBe(true);
      const mine = await ok(CREATE_TASK, { input: { customerId: customerA, kind: "OTHER", subject: "Check the address", dueAt: START.toISOString() } });
      const agent2 = as(Role.AGENT, { user: "agent2" });
      expect((await gql(READ_TASK, { id: mine.id }, agent2)).body.data!.task).toBeNull();
      expect(codeOf(await gql(COMPLETE_TASK, { input: { id: mine.id, outcome: "NOT_NEEDED" } }, agent2))).toBe("NOT_FOUND");
      expect(codeOf(await gql(CREATE_TASK, { input: { customerId: customerA, kind: "OTHER", subject: "x", dueAt: START.toISOString() } }, agent2))).toBe("NOT_FOUND");
      const agent2List = await ok(WORK_LIST, { first: 100 }, agent2);
      expect(agent2List.edges.some((edge: { node: any }) => edge.node.id === mine.id)).toBe(false);
      for (const role of [Role.SERVICE_REP, Role.MARKETING, Role.UNDERWRITER, Role.CUSTOMER]) {
        expect([role, codeOf(await gql(MY_TASKS, { first: 5 }, as(role, role === Role.CUSTOMER ? { sub: customerA } : {})))]).toEqual([role, "FORBIDDEN"]);
      }
      // a task's assignee must be a task worker who sees the customer
      const toRep = await gql(ASSIGN_TASK, { id: mine.id, assigneeId: staffIdFor("rep1") }, agent1());
      expect(codeOf(toRep)).toBe("BAD_USER_INPUT");
      expect(codeOf(await gql(ASSIGN_TASK, { id: mine.id, assigneeId: staffIdFor("agent2") }, agent1()))).toBe("BAD_USER_INPUT");
      const taken = await ok(ASSIGN_TASK, { id: mine.id, assigneeId: agent1Id, expectedVersion: mine.version });
      expect([taken.assigneeId, taken.version]).toEqual([agent1Id, mine.version + 1]);
      expect(codeOf(await gql(ASSIGN_TASK, { id: mine.id, queue: "CLAIMS", expectedVersion: mine.version }, agent1()))).toBe("CONFLICT");
    });

    it("the customer's tasks are staff's (SERVICE): on the timeline for the agent, not for the customer or marketing", async () => {
      const forAgent = await ok(TIMELINE, { id: customerA });
      expect(forAgent.timeline.totalCount).toBeGreaterThan(0);
      expect(forAgent.timeline.edges.every((edge: { node: any }) => edge.node.kind === "TASK" && edge.node.record.__typename === "ServiceTask")).toBe(true);
      const own = await gql(TIMELINE, { id: customerA }, as(Role.CUSTOMER, { sub: customerA }));
      expect(own.body.data!.customer.timeline.totalCount).toBe(0);
      const tasks = await gql(`query ($id: ID!) { customer(id: $id) { id tasks(first: 5) { totalCount } } }`, { id: customerA }, as(Role.CUSTOMER, { sub: customerA }));
      expect(tasks.body.data!.customer).toEqual({ id: customerA, tasks: null });
      expect(codeOf(tasks)).toBe("FORBIDDEN");
    });
  });

  describe("completing", () => {
    it("a survey's answer is recorded as an outbound contact of the case's handler: it feeds the satisfaction index", async () => {
      at(new Date(START.getTime() + 7 * 3_600_000));
      const closed = await closedCase();
      await sweepTaskRules(app.db, new Date(START.getTime() + 7 * 3_600_000 + 60_000));
      const [survey] = await tasksOf(closed.id);
      const metricsBefore = await ok(HANDLER_METRICS, { from: new Date(START.getTime() - DAY).toISOString(), to: new Date(START.getTime() + 30 * DAY).toISOString() }, as(Role.ADMIN));
      const ratedBefore = metricsBefore.groups.find((group: { key: string }) => group.key === agent1Id)?.ratedInteractions ?? 0;
      const noAnswer = await gql(COMPLETE_TASK, { input: { id: survey.id, outcome: "COMPLETED", channel: "PHONE" } }, as(Role.COMPLIANCE));
      expect(codeOf(noAnswer)).toBe("BAD_USER_INPUT");
      expect(extensionsOf(noAnswer)?.fields?.map((field: { field: string }) => field.field) ?? JSON.stringify(extensionsOf(noAnswer))).toContain("satisfaction");
      const contactedAt = new Date(START.getTime() + 7 * 3_600_000 + 30 * 60_000); // 17:30 Shanghai
      at(new Date(contactedAt.getTime() + 60_000));
      const done = await ok(COMPLETE_TASK, { input: { id: survey.id, outcome: "COMPLETED", channel: "PHONE", contactedAt: contactedAt.toISOString(), satisfaction: 5, note: "Very happy" } }, as(Role.COMPLIANCE));
      expect(done).toMatchObject({ status: "DONE", outcome: "COMPLETED", satisfaction: 5, contactChannel: "PHONE", outcomeNote: "Very happy", completedById: staffIdFor("compliance1") });
      const [contact] = await app.db.query(`SELECT kind, direction, channel, subject, notes, satisfaction, staff_id, occurred_at FROM interaction WHERE id = $1`, [done.interactionId]);
      expect(contact).toMatchObject({ kind: "FEEDBACK", direction: "OUTBOUND", channel: "PHONE", subject: "Satisfaction survey", notes: "Very happy", satisfaction: 5, staff_id: agent1Id });
      expect(new Date(contact.occurred_at).getTime()).toBe(contactedAt.getTime());
      const metricsAfter = await ok(HANDLER_METRICS, { from: new Date(START.getTime() - DAY).toISOString(), to: new Date(START.getTime() + 30 * DAY).toISOString() }, as(Role.ADMIN));
      expect(metricsAfter.groups.find((group: { key: string }) => group.key === agent1Id).ratedInteractions).toBe(ratedBefore + 1);
      const events = await app.db.query(`SELECT type, data->'changedFields' AS fields FROM event_outbox WHERE data->>'taskId' = $1 AND type = 'task.completed'`, [survey.id]);
      expect(events).toEqual([{ type: "task.completed", fields: ["outcome", "status"] }]);
      // done is done
      expect(extensionsOf(await gql(COMPLETE_TASK, { input: { id: survey.id, outcome: "NOT_NEEDED" } }, agent1()))).toMatchObject({ code: "CONFLICT", reason: "TASK_NOT_OPEN" });
    });

    it("an attempt the contact policy holds back is refused with its reasons and changes nothing; reach says so beforehand", async () => {
      at(new Date(START.getTime() + 8 * 3_600_000));
      const offer = await ok(CREATE_TASK, { input: { customerId: customerA, kind: "OTHER", purpose: "MARKETING", subject: "Offer the home cover", dueAt: START.toISOString(), assigneeId: agent1Id } });
      const visit = await ok(CREATE_TASK, { input: { customerId: customerA, kind: "FOLLOW_UP_VISIT", subject: "Visit after the repair", dueAt: START.toISOString(), assigneeId: agent1Id } });
      await ok(SET_DO_NOT_CONTACT, { customerId: customerA, doNotContact: true });
      const read = await ok(READ_TASK, { id: offer.id });
      expect(read.reach.heldBack).toBe(true);
      expect(read.reach.reasons).toContain("DO_NOT_CONTACT");
      expect((await ok(READ_TASK, { id: visit.id })).reach.heldBack).toBe(false); // service is not held back by do-not-contact
      const daytime = new Date(START.getTime() + 8 * 3_600_000 + 60_000); // 18:01 Shanghai
      at(new Date(daytime.getTime() + 60_000));
      const refused = await gql(COMPLETE_TASK, { input: { id: offer.id, outcome: "COMPLETED", channel: "PHONE", contactedAt: daytime.toISOString() } }, agent1());
      expect(extensionsOf(refused)).toMatchObject({ code: "CONFLICT", reason: "CONTACT_HELD_BACK", channel: "PHONE" });
      expect(extensionsOf(refused)!.reasons).toContain("DO_NOT_CONTACT");
      expect((await ok(READ_TASK, { id: offer.id })).status).toBe("OPEN");
      // a service call at 22:00 Shanghai is held back by the quiet hours; a visit in person is not decided by them
      const lateEvening = new Date(START.getTime() + 12 * 3_600_000); // 22:00 Shanghai
      at(new Date(lateEvening.getTime() + 60_000));
      const quiet = await gql(COMPLETE_TASK, { input: { id: visit.id, outcome: "NO_ANSWER", channel: "PHONE", contactedAt: lateEvening.toISOString() } }, agent1());
      expect(extensionsOf(quiet)).toMatchObject({ code: "CONFLICT", reason: "CONTACT_HELD_BACK", reasons: ["QUIET_HOURS"] });
      const unanswered = await ok(COMPLETE_TASK, { input: { id: visit.id, outcome: "NO_ANSWER", channel: "PHONE", contactedAt: daytime.toISOString(), expectedVersion: visit.version } });
      expect(unanswered).toMatchObject({ status: "DONE", outcome: "NO_ANSWER", interactionId: null, contactChannel: "PHONE" });
      await ok(SET_DO_NOT_CONTACT, { customerId: customerA, doNotContact: false });
    });

    it("NOT_NEEDED cancels with no contact; bad input is BAD_USER_INPUT and a stale version CONFLICT, changing nothing", async () => {
      const task = await ok(CREATE_TASK, { input: { customerId: customerA, kind: "DOCUMENT_CHASE", subject: "Medical report", dueAt: START.toISOString() } });
      const cases: [Record<string, unknown>, string][] = [
        [{ outcome: "COMPLETED" }, "channel"],
        [{ outcome: "NOT_NEEDED", channel: "PHONE" }, "channel"],
        [{ outcome: "NOT_NEEDED", contactedAt: START.toISOString() }, "contactedAt"],
        [{ outcome: "DECLINED", channel: "PHONE", satisfaction: 4 }, "satisfaction"],
        [{ outcome: "DECLINED", channel: "PHONE", contactedAt: new Date(Date.now() + DAY).toISOString() }, "contactedAt"],
      ];
      for (const [input, field] of cases) {
        const res = await gql(COMPLETE_TASK, { input: { id: task.id, ...input } }, agent1());
        expect([field, codeOf(res)]).toEqual([field, "BAD_USER_INPUT"]);
        expect(JSON.stringify(extensionsOf(res))).toContain(field);
      }
      expect(extensionsOf(await gql(COMPLETE_TASK, { input: { id: task.id, outcome: "NOT_NEEDED", expectedVersion: task.version + 1 } }, agent1())))
        .toMatchObject({ code: "CONFLICT", reason: "STALE_VERSION" });
      expect((await ok(READ_TASK, { id: task.id })).version).toBe(task.version);
      const cancelled = await ok(COMPLETE_TASK, { input: { id: task.id, outcome: "NOT_NEEDED", note: "Report arrived by post" } });
      expect(cancelled).toMatchObject({ status: "CANCELLED", outcome: "NOT_NEEDED", interactionId: null, contactChannel: null });
      expect(codeOf(await gql(COMPLETE_TASK, { input: { id: "not-a-uuid", outcome: "NOT_NEEDED" } }, agent1()))).toBe("NOT_FOUND");
      // another agent's customer is not in agent1's scope: as if it did not exist
      expect(codeOf(await gql(CREATE_TASK, { input: { customerId: foreignCustomer, kind: "OTHER", subject: "x", dueAt: START.toISOString() } }, agent1()))).toBe("NOT_FOUND");
    });
  });
});
