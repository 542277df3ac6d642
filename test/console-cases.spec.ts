import type { Page } from "playwright-core";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { CASE_WORKER_ROLES } from "../src/modules/service-desk/case-roles";
import { CASE_WORKFLOW } from "../src/modules/service-desk/case-workflow";
import { CaseQueue, CaseStatus, OPEN_CASE_STATUSES } from "../src/modules/service-desk/service-case.entity";
import { CasePriority } from "../src/modules/service-desk/sla-policy";
import { CASE_MOVES, CASE_PRIORITIES, CASE_QUEUES, CASE_STATUSES, CASE_WORKERS, OPEN_STATUSES } from "../console/app/case-model";
import type { TestApp } from "./support/app";
import { describeInBrowser, launchBrowser, signInAs, startConsoleApp, type TestBrowser } from "./support/browser";

const inBrowser = describeInBrowser();

const OPEN_CASE = `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id version } }`;
const TRANSITION = `mutation ($id: ID!, $to: CaseStatus!, $note: String, $expectedVersion: Int) {
  transitionCase(id: $id, to: $to, note: $note, expectedVersion: $expectedVersion) { status version } }`;
const HOUR = 3_600_000;

let app: TestApp;
let origin: string;

beforeAll(async () => {
  ({ app, origin } = await startConsoleApp());
});
afterAll(() => app?.close());

describe("the console's case declarations", () => {
  it("are the server's: the workflow, the statuses, queues, priorities and the roles that work cases", () => {
    expect(CASE_MOVES).toEqual(CASE_WORKFLOW);
    expect([...CASE_STATUSES].sort()).toEqual(Object.values(CaseStatus).sort());
    expect(OPEN_STATUSES).toEqual(OPEN_CASE_STATUSES);
    expect([...CASE_QUEUES].sort()).toEqual(Object.values(CaseQueue).sort());
    expect([...CASE_PRIORITIES].sort()).toEqual(Object.values(CasePriority).sort());
    expect([...CASE_WORKERS].sort()).toEqual([...CASE_WORKER_ROLES].sort());
  });
});

inBrowser("cases in the console (Chromium)", () => {
  let browser: TestBrowser;
  let agent: string;
  let customerId: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    agent = await app.token(Role.AGENT);
    [{ id: customerId }] = await app.db.query(
      `SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
  });
  afterAll(() => browser?.close());

  async function openCase(input: Record<string, unknown>, token = agent): Promise<{ id: string; version: number }> {
    const res = await app.gql(OPEN_CASE, { token, variables: { input: { customerId, channel: "EMAIL", priority: "NORMAL", queue: "GENERAL", ...input } } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.openCase;
  }
  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
  const moveButtons = (page: Page) => page.locator("[data-testid=case-actions] button[data-testid]").evaluateAll((list) => list.map((b) => b.getAttribute("data-testid")));

  it("lists, filters and pages the work list; an agent takes a breached case, works it and resolves it; a stale move shows CONFLICT", async () => {
    // 21 fresh requests and one whose 24-hour first response passed two days ago in the GENERAL queue (the seed's cases are
    // complaints), and one request in another queue
    const breachedSubject = "Address change still not confirmed";
    const breached = await openCase({ subject: breachedSubject, openedAt: new Date(Date.now() - 72 * HOUR).toISOString() });
    for (let n = 1; n <= 21; n++) await openCase({ subject: `Routine request ${n}` });
    await openCase({ subject: "Change of beneficiary", queue: "POLICY_SERVICE" });
    const everyOpen = await app.gql(`{ cases(first: 1) { totalCount } }`, { token: agent });
    const total: number = everyOpen.body.data!.cases.totalCount;
    expect(total).toBeGreaterThanOrEqual(23);
    const me = await app.gql(`{ me { staff { displayName } } }`, { token: agent });
    const agentName: string = me.body.data!.me.staff.displayName;

    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.getByTestId("nav-cases").click();
    const count = page.getByTestId("cases-count");
    const rows = page.getByTestId("case-row");
    await count.filter({ hasText: `${total} open cases, 20 shown` }).waitFor();
    await expect(rows.count()).resolves.toBe(20);

    const filterBy = async (filters: { queue?: string; assignee?: string; breached?: boolean }, expected: string | RegExp) => {
      await page.getByTestId("filter-queue").selectOption(filters.queue ?? "");
      await page.getByTestId("filter-assignee").selectOption(filters.assignee ?? "");
      await page.getByTestId("filter-breached").setChecked(filters.breached ?? false);
      await page.getByTestId("case-filter").getByRole("button", { name: "Filter" }).click();
      await count.filter({ hasText: expected }).waitFor();
    };
    await filterBy({ queue: "GENERAL" }, "22 open cases, 20 shown");
    expect(page.url()).toBe(`${origin}/console#/cases?queue=GENERAL`);
    // oldest first: the request opened three days ago leads
    await expect(rows.first().locator("td.subject").textContent()).resolves.toBe(breachedSubject);
    await page.getByTestId("cases-more").click();
    await count.filter({ hasText: /^22 open cases$/ }).waitFor();
    await expect(rows.count()).resolves.toBe(22);
    await expect(page.getByTestId("cases-more").isHidden()).resolves.toBe(true);

    await filterBy({ queue: "GENERAL", breached: true }, /^1 open case$/);
    await expect(rows.count()).resolves.toBe(1);
    const row = rows.first();
    await expect(row.getAttribute("data-case")).resolves.toBe(breached.id);
    await expect(row.locator('td.sla[data-milestone="FIRST_RESPONSE"] .badge').textContent()).resolves.toBe("breached");
    await expect(row.locator('td.sla[data-milestone="RESOLUTION"]').textContent()).resolves.toMatch(/^due \d{4}-\d\d-\d\d \d\d:\d\d UTC\d+h \d\dm business left$/);
    await expect(row.getByTestId("case-status").textContent()).resolves.toBe("new");
    await expect(row.textContent()).resolves.toContain("unassigned");
    await browser.screenshot(page, "case-work-list");

    await row.getByTestId("case-link").click();
    const version = page.getByTestId("case-version");
    await version.filter({ hasText: "version 1" }).waitFor();
    expect(page.url()).toBe(`${origin}/console#/cases/${breached.id}`);
    await expect(page.getByTestId("case-subject").textContent()).resolves.toBe(breachedSubject);
    await expect(page.locator('[data-testid=case-sla] td.sla[data-milestone="FIRST_RESPONSE"] .badge').textContent()).resolves.toBe("breached");
    await expect(page.getByTestId("case-pauses").textContent()).resolves.toBe("Never waited on the customer.");
    await expect(moveButtons(page)).resolves.toEqual(["move-IN_PROGRESS", "move-WAITING_ON_CUSTOMER", "move-RESOLVED", "take"]);

    const act = async (button: string, notice: string, expectedVersion: number) => {
      await page.getByTestId(button).click();
      await page.getByTestId("notice").filter({ hasText: notice }).waitFor();
      await version.filter({ hasText: `version ${expectedVersion}` }).waitFor();
    };
    await act("take", "The case is yours.", 2);
    await expect(page.locator('dd[data-field="assignee"]').textContent()).resolves.toBe(agentName);
    await expect(moveButtons(page)).resolves.toEqual(["move-IN_PROGRESS", "move-WAITING_ON_CUSTOMER", "move-RESOLVED", "unassign"]);
    await act("move-IN_PROGRESS", "Moved to in progress.", 3);
    await expect(page.getByTestId("case-status").textContent()).resolves.toBe("in progress");
    // answered two days late: the first-response clock stopped, breached
    await expect(page.locator('[data-testid=case-sla] td.sla[data-milestone="FIRST_RESPONSE"]').textContent()).resolves.toBe("met late");
    await expect(page.locator('dd[data-field="firstRespondedAt"]').textContent()).resolves.toMatch(/UTC$/);
    await expect(moveButtons(page)).resolves.toEqual(["move-WAITING_ON_CUSTOMER", "move-RESOLVED", "unassign"]);

    // resolving needs the resolution: the API says so, by code, and nothing changes
    await page.getByTestId("move-RESOLVED").click();
    const failure = page.getByTestId("case-error");
    await failure.waitFor();
    await expect(failure.textContent()).resolves.toBe("Invalid input (note: a resolution (1–4000 characters) is required to resolve a case) (BAD_USER_INPUT) Reload the case");
    await expect(version.textContent()).resolves.toBe("version 3");
    const resolution = "Confirmed the new address by phone; the policy documents follow by post.";
    await page.getByTestId("case-note").fill(resolution);
    await act("move-RESOLVED", "Moved to resolved.", 4);
    await expect(page.getByTestId("case-status").textContent()).resolves.toBe("resolved");
    await expect(page.locator('dd[data-field="resolution"]').textContent()).resolves.toBe(resolution);
    await expect(page.locator('[data-testid=case-sla] td.sla[data-milestone="RESOLUTION"]').textContent()).resolves.toBe("met");
    await expect(moveButtons(page)).resolves.toEqual(["move-CLOSED", "move-IN_PROGRESS"]);
    await expect(page.getByTestId("move-IN_PROGRESS").textContent()).resolves.toBe("Reopen");
    await browser.screenshot(page, "case-resolved");

    // someone closes it meanwhile: the page's reopen is at version 4, the case at 5
    const closed = await app.gql(TRANSITION, { token: await app.token(Role.ADMIN), variables: { id: breached.id, to: "CLOSED", expectedVersion: 4 } });
    expect(closed.body.data?.transitionCase).toEqual({ status: "CLOSED", version: 5 });
    await page.getByTestId("case-note").fill("The customer says the letter went to the old address.");
    await page.getByTestId("move-IN_PROGRESS").click();
    await failure.filter({ hasText: "CONFLICT" }).waitFor();
    await expect(failure.textContent()).resolves.toBe(`Case ${breached.id} is at version 5, not 4 (CONFLICT, STALE_VERSION) Reload the case`);
    await expect(page.locator("main").textContent()).resolves.not.toMatch(/ at \w+ \(|\.ts:\d+/);
    await expect(version.textContent()).resolves.toBe("version 4");
    await failure.getByRole("button", { name: "Reload the case" }).click();
    await version.filter({ hasText: "version 5" }).waitFor();
    await expect(page.getByTestId("case-status").textContent()).resolves.toBe("closed");
    await expect(moveButtons(page)).resolves.toEqual(["move-IN_PROGRESS"]);

    // the list reads the same: resolved and closed cases leave the open list, the agent's own are filtered by "mine"
    await page.goto(`${origin}/console#/cases?queue=GENERAL&assignee=ME`);
    await count.filter({ hasText: "No open cases." }).waitFor();
    await expect(page.getByTestId("cases-table").isHidden()).resolves.toBe(true);
    await page.goto(`${origin}/console#/cases?queue=GENERAL&status=CLOSED`);
    await count.filter({ hasText: /^1 closed case$/ }).waitFor();
    await expect(texts(page, "[data-testid=case-row] td.subject")).resolves.toEqual([breachedSubject]);
    await page.close();
  });

  it("shows the customer's cases on the 360 page, linked to each case, and opens a case from the page", async () => {
    const listed = async () => (await app.gql(`query ($id: ID!) { customer(id: $id) { cases(first: 1) { totalCount } } }`, { token: agent, variables: { id: customerId } })).body.data!.customer.cases.totalCount as number;
    if ((await listed()) === 0) await openCase({ subject: "Asks for a duplicate policy document" });
    const before = await listed();
    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.goto(`${origin}/console#/customer/${customerId}`);
    const section = page.getByTestId("section-cases");
    const title = before > 20 ? `Cases (20 of ${before})` : `Cases (${before})`;
    await section.locator("h2").filter({ hasText: title }).waitFor();
    await expect(section.locator("tbody tr").count()).resolves.toBe(Math.min(before, 20));

    await page.getByTestId("form-openCase").locator('[name="channel"]').selectOption("PHONE");
    const subject = `Wants the renewal moved to March (${Date.now()})`;
    await page.getByTestId("form-openCase").locator('[name="subject"]').fill(subject);
    await page.getByTestId("form-openCase").locator('[name="priority"]').selectOption("HIGH");
    await page.getByTestId("form-openCase").locator('[name="queue"]').selectOption("POLICY_SERVICE");
    await page.getByTestId("form-openCase").getByRole("button", { name: "Open a case" }).click();
    await page.getByTestId("notice").getByText("Case opened.", { exact: true }).waitFor();
    const after = before + 1;
    await section.locator("h2").filter({ hasText: after > 20 ? `Cases (20 of ${after})` : `Cases (${after})` }).waitFor();
    const newest = section.locator("tbody tr").first();
    await expect(newest.locator("td").allTextContents()).resolves.toEqual([subject, "new", "high", "phone", expect.stringMatching(/ UTC$/), expect.stringMatching(/^due .* UTC\dh \d\dm left$/), expect.stringMatching(/business left$/)]);
    // the timeline shows it too, from fields every reader of the entry may read (not the subject)
    await expect(page.locator('[data-testid=timeline-list] li[data-kind="CASE"]').first().textContent()).resolves.toMatch(/^case \d{4}-\d\d-\d\d \d\d:\d\d UTC high case by phone · new$/);
    await browser.screenshot(page, "customer-cases");

    await newest.getByTestId("case-link").click();
    await page.getByTestId("case-subject").filter({ hasText: subject }).waitFor();
    await expect(page.locator('dd[data-field="queue"]').textContent()).resolves.toBe("policy service");
    await expect(page.locator('dd[data-field="assignee"]').textContent()).resolves.toBe("nobody (in its queue)");
    await page.close();
  });

  it("shows a case waiting on the customer as paused: no deadline, the time left frozen, the open pause listed", async () => {
    const waiting = await openCase({ subject: "Needs the signed claim form back", channel: "PHONE" });
    const moved = await app.gql(TRANSITION, { token: agent, variables: { id: waiting.id, to: "WAITING_ON_CUSTOMER", expectedVersion: waiting.version } });
    expect(moved.body.data?.transitionCase).toEqual({ status: "WAITING_ON_CUSTOMER", version: 2 });
    const page = await browser.newPage();
    await signInAs(page, origin, "agent1");
    await page.goto(`${origin}/console#/cases?status=WAITING_ON_CUSTOMER`);
    const row = page.locator(`[data-testid=case-row][data-case="${waiting.id}"]`);
    await row.waitFor();
    await expect(row.getByTestId("case-status").textContent()).resolves.toBe("waiting on customer");
    // leaving NEW was the first response; the resolution clock stands still
    await expect(row.locator('td.sla[data-milestone="FIRST_RESPONSE"]').textContent()).resolves.toBe("met");
    await expect(row.locator('td.sla[data-milestone="RESOLUTION"]').textContent()).resolves.toMatch(/^paused \d+h \d\dm business left$/);
    await row.getByTestId("case-link").click();
    await page.getByTestId("case-version").filter({ hasText: "version 2" }).waitFor();
    await expect(page.getByTestId("case-pauses").textContent()).resolves.toMatch(/^Waited on the customer \d{4}-\d\d-\d\d \d\d:\d\d UTC → still waiting$/);
    await expect(moveButtons(page)).resolves.toEqual(["move-IN_PROGRESS", "move-RESOLVED", "take"]);
    await expect(page.getByTestId("move-IN_PROGRESS").textContent()).resolves.toBe("Resume work");
    await page.close();
  });

  it("gives MARKETING no case list (the API refuses, the page says so) and shows it case subjects as restricted", async () => {
    const marketing = await app.token(Role.MARKETING);
    const inScope = await app.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token: marketing });
    const id: string = inScope.body.data!.customers.edges[0].node.id;
    const opened = await app.gql(OPEN_CASE, { token: await app.token(Role.ADMIN), variables: { input: { customerId: id, channel: "WEB", subject: "Cancel my newsletter", priority: "LOW" } } });
    expect(opened.body.errors).toBeUndefined();

    const page = await browser.newPage();
    await signInAs(page, origin, "marketing1");
    await expect(page.getByTestId("nav-cases").count()).resolves.toBe(0);
    await page.goto(`${origin}/console#/cases`);
    const failure = page.getByTestId("cases-error");
    await failure.waitFor();
    await expect(failure.textContent()).resolves.toBe("Your role may not do this (FORBIDDEN, ROLE)");
    await expect(page.getByTestId("cases-table").isHidden()).resolves.toBe(true);
    await expect(page.getByTestId("cases-count").textContent()).resolves.toBe("");
    await expect(page.locator("main").textContent()).resolves.not.toMatch(/ at \w+ \(|\.ts:\d+/);

    await page.goto(`${origin}/console#/customer/${id}`);
    const row = page.locator(`[data-testid=section-cases] tr[data-case="${opened.body.data!.openCase.id}"]`);
    await row.waitFor();
    await expect(row.getByTestId("case-link").textContent()).resolves.toBe("restricted");
    await expect(page.getByTestId("section-cases").textContent()).resolves.not.toContain("Cancel my newsletter");
    await page.close();
  });
});
