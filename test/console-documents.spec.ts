import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import type { TestApp } from "./support/app";
import { describeInBrowser, launchBrowser, signInAs, startConsoleApp, type TestBrowser } from "./support/browser";

/**
 * `npm run documents` registers every operation the console sends and every one in the README
 * (valid against schema.graphql), so that the console works under PERSISTED_OPERATIONS=only.
 */
const ROOT = path.join(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-documents-"));
const manifestFile = path.join(dir, "persisted-documents.json");

describe("npm run documents", () => {
  let run: ReturnType<typeof spawnSync>;
  let manifest: Record<string, string>;

  beforeAll(() => {
    run = spawnSync(process.execPath, [path.join(ROOT, "scripts/documents.mjs"), "--out", manifestFile], { encoding: "utf8", timeout: 120_000 });
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  });

  it("registers the console's and the README's operations, every one a constant and valid", () => {
    expect(run.stderr).toBe(""); // no document built at run time, none invalid
    expect(run.status).toBe(0);
    const [, fromConsole, fromReadme] = /(\d+) console operations, (\d+) from the README/.exec(String(run.stdout))!.map(Number);
    expect(fromConsole).toBeGreaterThanOrEqual(20);
    expect(fromReadme).toBeGreaterThanOrEqual(30);
    const documents = Object.values(manifest);
    expect(documents).toHaveLength(fromConsole + fromReadme);
    for (const name of ["query Customer360($id: ID!) { customer(id: $id) {", "subscription ConsoleLiveAlerts", "mutation ConsoleRecordInteraction", "query ConsoleCases("]) {
      expect(documents.some((document) => document.startsWith(name))).toBe(true);
    }
    for (const id of Object.keys(manifest)) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describeInBrowser()("the console under PERSISTED_OPERATIONS=only", () => {
  let app: TestApp;
  let origin: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    ({ app, origin } = await startConsoleApp({ PERSISTED_OPERATIONS: "only", PERSISTED_OPERATIONS_FILE: manifestFile }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every GraphQL answer the page gets that refused its document. */
  function refusals(page: Page): string[] {
    const refused: string[] = [];
    page.on("response", async (response) => {
      if (!response.url().includes("/graphql") || response.status() !== 400) return;
      refused.push(`${response.request().postData()?.slice(0, 80)} → ${await response.text().catch(() => "")}`);
    });
    return refused;
  }

  it("opens a 360 view, records an interaction and lists cases and tasks with registered documents only", async () => {
    const ad = await app.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token: await app.token(Role.AGENT) });
    expect(ad.body.errors?.[0].extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND"); // an ad-hoc document is refused here
    const [{ id }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
    const page = await browser.newPage();
    const refused = refusals(page);
    await signInAs(page, origin, "agent1");
    await page.goto(`${origin}/console#/customer/${id}`);
    await page.getByTestId("customer-name").waitFor();
    await page.getByTestId("form-recordInteraction").locator('[name="subject"]').fill("Registered call");
    await page.getByTestId("form-recordInteraction").locator('button[type="submit"]').click();
    await page.getByTestId("notice").getByText("Interaction recorded.", { exact: true }).waitFor();
    for (const [hash, ready] of [["#/cases", "nav-cases"], ["#/tasks", "nav-tasks"]] as const) {
      await page.goto(`${origin}/console${hash}`);
      await page.getByTestId(ready).waitFor();
      await page.waitForLoadState("networkidle");
    }
    expect(refused).toEqual([]);
    await page.close();
  });
});
