import type { Locator, Page } from "playwright-core";
import { Role } from "../src/auth/role";
import { Channel } from "../src/modules/customer/customer.enums";
import { ContactPurpose } from "../src/modules/contact-policy/contact-policy.enums";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { TASK_WORKER_ROLES } from "../src/modules/tasks/task-roles";
import { TaskKind, TaskOutcome, TaskStatus } from "../src/modules/tasks/task.enums";
import { TaskDue } from "../src/modules/tasks/task.types";
import { CHANNELS } from "../console/app/case-model";
import { CONTACT_PURPOSES, TASK_DUE, TASK_KINDS, TASK_OUTCOMES, TASK_STATUSES, TASK_WORKERS } from "../console/app/task-model";
import type { TestApp } from "./support/app";
import { describeInBrowser, launchBrowser, signInAs, startConsoleApp, type TestBrowser } from "./support/browser";

/**
 * Issue #14: the console's tasks — the work lists (myTasks, the unassigned queue), taking and
 * completing a task under the contact policy, the customer's tasks and the Plan a task form.
 * Quiet hours are off in this app (CONTACT_QUIET_HOURS=off), so a call is allowed at any hour the
 * test runs; the seed's own tasks are kind-filtered away where the test needs exact rows (no rule
 * raises OTHER).
 */
const inBrowser = describeInBrowser();

const HOUR = 3_600_000;
const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id version } }`;
const READ_TASK = `query ($id: ID!) { task(id: $id) { status outcome contactChannel satisfaction note: outcomeNote assigneeId queue dueAt interaction { id } } }`;
const MY_TASKS = `query ($due: TaskDue, $kind: TaskKind) { myTasks(first: 1, due: $due, kind: $kind) { totalCount } }`;

let app: TestApp;
let origin: string;

beforeAll(async () => {
  ({ app, origin } = await startConsoleApp({ CONTACT_QUIET_HOURS: "off" }));
});
afterAll(() => app?.close());

describe("the console's task declarations", () => {
  it("are the server's: kinds, statuses, outcomes, due windows, purposes, channels and the roles that work tasks", () => {
    expect([...TASK_KINDS].sort()).toEqual(Object.values(TaskKind).sort());
    expect([...TASK_STATUSES].sort()).toEqual(Object.values(TaskStatus).sort());
    expect([...TASK_OUTCOMES].sort()).toEqual(Object.values(TaskOutcome).sort());
    expect(TASK_DUE).toEqual(Object.values(TaskDue));
    expect([...CONTACT_PURPOSES].sort()).toEqual(Object.values(ContactPurpose).sort());
    expect([...CHANNELS].sort()).toEqual(Object.values(Channel).sort());
    expect([...TASK_WORKERS].sort()).toEqual([...TASK_WORKER_ROLES].sort());
  });
});

inBrowser("tasks in the console (Chromium)", () => {
  let browser: TestBrowser;
  let agent: string;
  let customerId: string;
  let customerNumber: string;
  const agent1 = staffIdFor("agent1");

  beforeAll(async () => {
    browser = await launchBrowser();
    agent = await app.token(Role.AGENT);
    [{ id: customerId, customer_number: customerNumber }] = await app.db.query(
      `SELECT id, customer_number FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL AND phone IS NOT NULL AND email IS NOT NULL
        ORDER BY customer_number LIMIT 1`, [agent1]);
  });
  afterAll(() => browser?.close());

  async function createTask(input: Record<string, unknown>, customer = customerId): Promise<string> {
    const res = await app.gql(CREATE_TASK, { token: agent, variables: { input: { customerId: customer, kind: "OTHER", queue: "GENERAL", ...input } } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.createTask.id;
  }
  const dueIn = (ms: number) => new Date(Date.now() + ms).toISOString();
  const readTask = async (id: string) => (await app.gql(READ_TASK, { token: agent, variables: { id } })).body.data!.task;
  const myTaskCount = async (variables: Record<string, unknown> = {}): Promise<number> =>
    (await app.gql(MY_TASKS, { token: agent, variables })).body.data!.myTasks.totalCount;
  const countLine = (total: number, noun = "open task") => (total === 0 ? `No ${noun}s.` : `${total} ${noun}${total === 1 ? "" : "s"}${total > 20 ? ", 20 shown" : ""}`);
  const rowOf = (page: Page, id: string) => page.locator(`[data-testid=task-row][data-task="${id}"]`);
  const cells = (row: Locator) => row.locator("td").allTextContents();
  const noStack = async (page: Page) => expect(page.locator("main").textContent()).resolves.not.toMatch(/ at \w+ \(|\.ts:\d+/);

  /** Runs `act` (a filter, a tab, an address) and waits until the list it replaced is gone: two lists may show the same count. */
  async function relisted(page: Page, act: () => Promise<unknown>): Promise<void> {
    const previous = await page.getByTestId("tasks-count").elementHandle();
    await act();
    await previous!.waitForElementState("hidden");
  }
  const filter = (page: Page, name: string, value: string) => relisted(page, async () => {
    await page.getByTestId(`filter-${name}`).selectOption(value);
    await page.getByTestId("task-filter").getByRole("button", { name: "Filter" }).click();
  });

  async function complete(page: Page, row: Locator, values: { outcome: string; channel?: string; satisfaction?: string; note?: string }): Promise<Locator> {
    const panel = page.getByTestId("task-panel");
    if (!(await panel.isVisible())) await row.getByTestId("complete").click();
    await panel.locator('[name="outcome"]').selectOption(values.outcome);
    if (values.channel) await panel.locator('[name="channel"]').selectOption(values.channel);
    if (values.satisfaction !== undefined) await panel.locator('[name="satisfaction"]').fill(values.satisfaction);
    if (values.note) await panel.locator('[name="note"]').fill(values.note);
    await panel.getByRole("button", { name: "Complete the task" }).click();
    return panel;
  }

  it("lists my tasks and filters them by due window and kind; takes a queue task; completes one with NO_ANSWER on PHONE and it leaves the open list", async () => {
    const stamp = Date.now();
    const overdue = await createTask({ subject: `Chase the signed repair invoice ${stamp}`, dueAt: dueIn(-2 * HOUR), assigneeId: agent1 });
    const later = await createTask({ subject: `Visit after the roof repair ${stamp}`, dueAt: dueIn(72 * HOUR), assigneeId: agent1 });
    const queued = await createTask({ subject: `Confirm the new bank account ${stamp}`, dueAt: dueIn(HOUR), queue: "POLICY_SERVICE" });
    const total = await myTaskCount();
    expect(total).toBeGreaterThanOrEqual(2);
    const reach = (await app.gql(`query ($id: ID!) { task(id: $id) { reach { contactChannel heldBack } } }`, { token: agent, variables: { id: overdue } })).body.data!.task.reach;
    expect(reach.heldBack).toBe(false);
    const agentName: string = (await app.gql(`{ me { staff { displayName } } }`, { token: agent })).body.data!.me.staff.displayName;

    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.getByTestId("nav-tasks").click();
    const count = page.getByTestId("tasks-count");
    const rows = page.getByTestId("task-row");
    await count.filter({ hasText: countLine(total) }).waitFor();
    await expect(rows.count()).resolves.toBe(Math.min(total, 20));
    await expect(page.getByTestId("tab-mine").textContent()).resolves.toBe("My tasks");

    // only OTHER: the two planned here, soonest due first
    await filter(page, "kind", "OTHER");
    await count.filter({ hasText: /^2 open tasks$/ }).waitFor();
    expect(page.url()).toBe(`${origin}/console#/tasks?kind=OTHER`);
    await expect(rows.evaluateAll((list) => list.map((row) => row.getAttribute("data-task")))).resolves.toEqual([overdue, later]);
    await expect(cells(rowOf(page, overdue))).resolves.toEqual([
      expect.stringContaining(customerNumber), "other", `Chase the signed repair invoice ${stamp}`,
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTCoverdue$/), `general${agentName}`, "open",
      reach.contactChannel.toLowerCase(), "Complete…",
    ]);
    await expect(rowOf(page, later).locator("td.due").textContent()).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    // overdue only
    await filter(page, "due", "OVERDUE");
    await count.filter({ hasText: /^1 open task$/ }).waitFor();
    expect(page.url()).toBe(`${origin}/console#/tasks?due=OVERDUE&kind=OTHER`);
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().getAttribute("data-task")).resolves.toBe(overdue);
    await expect(rows.first().locator("td.due .badge").textContent()).resolves.toBe("overdue");
    const allOverdue = await myTaskCount({ due: "OVERDUE" });
    await relisted(page, () => page.goto(`${origin}/console#/tasks?due=OVERDUE`));
    await count.filter({ hasText: countLine(allOverdue) }).waitFor();
    await browser.screenshot(page, "my-tasks-overdue");

    // the queue work list: unassigned tasks of POLICY_SERVICE; take one, it becomes mine
    await relisted(page, () => page.goto(`${origin}/console#/tasks?kind=OTHER`));
    await count.filter({ hasText: /^2 open tasks$/ }).waitFor();
    await relisted(page, () => page.getByTestId("tab-queue").click());
    await filter(page, "queue", "POLICY_SERVICE");
    await count.filter({ hasText: /^1 unassigned task$/ }).waitFor();
    expect(page.url()).toBe(`${origin}/console#/tasks?list=queue&kind=OTHER&queue=POLICY_SERVICE`);
    const queuedRow = rowOf(page, queued);
    await expect(queuedRow.locator("td").nth(4).textContent()).resolves.toBe("policy serviceunassigned");
    await expect(queuedRow.locator("button").allTextContents()).resolves.toEqual(["Take it", "Complete…"]);
    await relisted(page, () => queuedRow.getByTestId("take").click());
    await page.getByTestId("notice").filter({ hasText: "The task is yours." }).waitFor();
    await count.filter({ hasText: "No unassigned tasks." }).waitFor();
    await expect(page.getByTestId("tasks-table").isHidden()).resolves.toBe(true);
    expect((await readTask(queued)).assigneeId).toBe(agent1);
    await relisted(page, () => page.getByTestId("tab-mine").click());
    await count.filter({ hasText: /^3 open tasks$/ }).waitFor();
    await expect(rowOf(page, queued).locator("td").nth(4).textContent()).resolves.toBe(`policy service${agentName}`);

    // complete the overdue one: tried by phone, no answer
    await relisted(page, () => complete(page, rowOf(page, overdue), { outcome: "NO_ANSWER", channel: "PHONE", note: "Rang twice, voicemail full." }));
    await page.getByTestId("notice").filter({ hasText: "Task completed: no answer." }).waitFor();
    await count.filter({ hasText: /^2 open tasks$/ }).waitFor();
    await expect(rowOf(page, overdue).count()).resolves.toBe(0);
    await expect(readTask(overdue)).resolves.toMatchObject({ status: "DONE", outcome: "NO_ANSWER", contactChannel: "PHONE", note: "Rang twice, voicemail full.", interaction: null });
    await browser.screenshot(page, "my-tasks");
    await page.close();
  });

  it("completes a satisfaction survey with the customer's answer (4); without an answer the API's BAD_USER_INPUT shows in the row", async () => {
    const survey = await createTask({ kind: "SATISFACTION_SURVEY", subject: "Ask how the claim was handled", dueAt: dueIn(2 * HOUR), assigneeId: agent1 });
    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.goto(`${origin}/console#/tasks?kind=SATISFACTION_SURVEY`);
    const row = rowOf(page, survey);
    await row.waitFor();
    await expect(row.locator("td").nth(1).textContent()).resolves.toBe("satisfaction survey");
    await row.getByTestId("complete").click();
    const panel = page.getByTestId("task-panel");
    const satisfaction = panel.locator('[name="satisfaction"]');
    await expect(satisfaction.isVisible()).resolves.toBe(true);
    await panel.locator('[name="outcome"]').selectOption("NO_ANSWER");
    await expect(satisfaction.isVisible()).resolves.toBe(false);
    await panel.locator('[name="outcome"]').selectOption("NOT_NEEDED");
    await expect(panel.locator('[name="channel"]').isVisible()).resolves.toBe(false);

    await complete(page, row, { outcome: "COMPLETED", channel: "EMAIL" });
    const failure = panel.getByTestId("task-error");
    await failure.waitFor();
    await expect(failure.textContent()).resolves.toBe("Invalid input (satisfaction: a completed survey needs the customer's answer (1–5)) (BAD_USER_INPUT)");
    await complete(page, row, { outcome: "COMPLETED", channel: "EMAIL", satisfaction: "4", note: "Happy with the speed, not with the letters." });
    await page.getByTestId("notice").filter({ hasText: "Task completed: completed." }).waitFor();
    await expect(rowOf(page, survey).count()).resolves.toBe(0);
    const done = await readTask(survey);
    expect(done).toMatchObject({ status: "DONE", outcome: "COMPLETED", contactChannel: "EMAIL", satisfaction: 4 });
    // the answer was recorded as the contact, so it feeds the satisfaction index
    const [{ satisfaction: recorded }] = await app.db.query(`SELECT satisfaction FROM interaction WHERE id = $1`, [done.interaction.id]);
    expect(recorded).toBe(4);
    await page.close();
  });

  it("holds back a MARKETING task for a customer on the do-not-contact list: the row says why, completing shows CONFLICT; a stale version shows STALE_VERSION", async () => {
    const [{ id: flagged }] = await app.db.query(
      `SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL AND id <> $2 ORDER BY customer_number DESC LIMIT 1`, [agent1, customerId]);
    const set = await app.gql(`mutation ($id: ID!) { setDoNotContact(customerId: $id, doNotContact: true, reason: "Asked on the phone") { doNotContact } }`, { token: agent, variables: { id: flagged } });
    expect(set.body.errors).toBeUndefined();
    const offer = await createTask({ purpose: "MARKETING", subject: "Offer the new critical illness plan", dueAt: dueIn(5 * HOUR), assigneeId: agent1 }, flagged);

    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.goto(`${origin}/console#/tasks?kind=OTHER`);
    const row = rowOf(page, offer);
    await row.waitFor();
    const reach = row.getByTestId("task-reach");
    await expect(reach.getAttribute("data-held-back")).resolves.toBe("true");
    await expect(reach.getAttribute("data-reasons")).resolves.toContain("DO_NOT_CONTACT");
    await expect(reach.textContent()).resolves.toMatch(/^held back.*do not contact/);
    await expect(row.locator("td").nth(1).textContent()).resolves.toBe("othermarketing");

    const panel = await complete(page, row, { outcome: "COMPLETED", channel: "EMAIL" });
    const failure = panel.getByTestId("task-error");
    await failure.waitFor();
    await expect(failure.textContent()).resolves.toMatch(/^The contact policy held EMAIL back for this MARKETING task at \S+: .*DO_NOT_CONTACT.* \(CONFLICT, CONTACT_HELD_BACK\)$/);
    await noStack(page);
    await expect(readTask(offer)).resolves.toMatchObject({ status: "OPEN" });
    await browser.screenshot(page, "task-held-back");

    // someone moves it meanwhile: the page's version is stale
    const moved = await app.gql(`mutation ($id: ID!) { assignTask(id: $id, queue: COMPLAINTS) { version } }`, { token: await app.token(Role.ADMIN), variables: { id: offer } });
    expect(moved.body.data?.assignTask.version).toBe(2);
    await complete(page, row, { outcome: "NOT_NEEDED" });
    await failure.filter({ hasText: "STALE_VERSION" }).waitFor();
    await expect(failure.textContent()).resolves.toBe(`Task ${offer} is at version 2, not 1 (CONFLICT, STALE_VERSION)`);
    await noStack(page);
    await page.close();
  });

  it("shows the customer's tasks on the 360 page and plans one from the page", async () => {
    const listed = async () => (await app.gql(`query ($id: ID!) { customer(id: $id) { tasks(first: 1) { totalCount } } }`, { token: agent, variables: { id: customerId } })).body.data!.customer.tasks.totalCount as number;
    const before = await listed();
    const title = (n: number) => (n > 20 ? `Tasks (20 of ${n})` : `Tasks (${n})`);
    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.goto(`${origin}/console#/customer/${customerId}`);
    const section = page.getByTestId("section-tasks");
    await section.locator("h2").filter({ hasText: title(before) }).waitFor();
    await expect(section.locator("tbody tr").count()).resolves.toBe(Math.min(before, 20));

    const form = page.getByTestId("form-createTask");
    const subject = `Collect the medical report ${Date.now()}`;
    await form.locator('[name="kind"]').selectOption("DOCUMENT_CHASE");
    await form.locator('[name="subject"]').fill(subject);
    await form.locator('[name="dueAt"]').fill("2030-01-02T09:30");
    await form.locator('[name="queue"]').selectOption("CLAIMS");
    await form.getByRole("button", { name: "Plan a task" }).click();
    await page.getByTestId("notice").getByText("Task planned.", { exact: true }).waitFor();
    await section.locator("h2").filter({ hasText: title(before + 1) }).waitFor();
    const newest = section.locator("tbody tr").first();
    await expect(cells(newest)).resolves.toEqual(["document chase", subject, "2030-01-02 09:30 UTC", "open", expect.any(String)]);
    const id = await newest.getAttribute("data-task");
    await expect(readTask(id!)).resolves.toMatchObject({ status: "OPEN", queue: "CLAIMS", assigneeId: null, dueAt: "2030-01-02T09:30:00.000Z" });
    // the timeline shows it by its PUBLIC fields
    await expect(page.locator('[data-testid=timeline-list] li[data-kind="TASK"]').first().textContent()).resolves.toMatch(/document chase · due 2030-01-02 09:30 UTC · open$/);
    await browser.screenshot(page, "customer-tasks");
    await page.close();
  });

  it("gives MARKETING no Tasks link; the page and the customer's Tasks section say FORBIDDEN cleanly", async () => {
    const marketing = await app.token(Role.MARKETING);
    const id: string = (await app.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token: marketing })).body.data!.customers.edges[0].node.id;
    const page = await browser.newPage();
    await signInAs(page, origin, "marketing1");
    await expect(page.getByTestId("nav-tasks").count()).resolves.toBe(0);
    await page.goto(`${origin}/console#/tasks`);
    const failure = page.getByTestId("tasks-error");
    await failure.waitFor();
    await expect(failure.textContent()).resolves.toBe("Your role may not do this (FORBIDDEN, ROLE)");
    await expect(page.getByTestId("tasks-table").isHidden()).resolves.toBe(true);
    await expect(page.getByTestId("tasks-count").textContent()).resolves.toBe("");
    await noStack(page);

    await page.goto(`${origin}/console#/customer/${id}`);
    const section = page.getByTestId("section-tasks");
    await section.waitFor();
    await expect(section.textContent()).resolves.toBe("Tasksrestricted");
    await expect(page.getByTestId("form-createTask").count()).resolves.toBe(0);
    await expect(page.getByTestId("section-profile").count()).resolves.toBe(1);
    await page.close();
  });
});
