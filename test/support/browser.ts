import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startTestApp, type TestApp } from "./app";

/** Debian's Chromium (package `chromium`); .ci/run installs it when missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const ARTIFACTS_DIR = path.resolve(__dirname, "../../test-artifacts");

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * Why the browser specs cannot run here, or null when Chromium starts. Checked synchronously (a
 * headless run on about:blank) so that jest can skip the whole describe block with the reason.
 */
export function chromiumUnavailable(): string | null {
  if (!fs.existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} is missing (apt-get install chromium)`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-chromium-probe-"));
  try {
    const probe = spawnSync(CHROMIUM_PATH, ["--headless", ...ARGS, `--user-data-dir=${userDataDir}`, "--dump-dom", "about:blank"], {
      timeout: 60_000,
      encoding: "utf8",
    });
    if (probe.status === 0 && probe.stdout.includes("<html")) return null;
    return `${CHROMIUM_PATH} does not start: ${(probe.error?.message ?? probe.stderr ?? "").trim().split("\n").slice(-2).join(" ")}`;
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** `describe` for the browser specs, or `describe.skip` with a warning saying why Chromium cannot run here. */
export function describeInBrowser(): jest.Describe {
  const unavailable = chromiumUnavailable();
  if (!unavailable) return describe;
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the browser tests of the console: ${unavailable}`);
  return describe.skip;
}

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile; every page it opens fails the test on a script error. */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const pageErrors: string[] = [];
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      return page;
    },
    async screenshot(page, name, options = {}) {
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
      if (pageErrors.length) throw new Error(`script errors in the browser: ${pageErrors.join("; ")}`);
    },
  };
}

/** Builds the browser bundles when they are missing or stale (a no-op when fresh). */
export function buildWebBundles(): void {
  const build = spawnSync(process.execPath, [path.resolve(__dirname, "../../console/build.mjs")], { encoding: "utf8", timeout: 300_000 });
  if (build.status !== 0) throw new Error(`console/build.mjs failed: ${build.stderr}`);
}

/** Signs in through the console's development sign-in as a seeded user; resolves once the header names the viewer. */
export async function signInAs(page: Page, origin: string, username: string): Promise<void> {
  await page.goto(`${origin}/console`);
  await page.locator("#dev-user").selectOption(username);
  await page.locator("#dev-sign-in").click();
  await page.getByTestId("viewer").waitFor();
}

/** The server of a browser spec: the bundles built (when stale), a seeded app on a free port (`env` overrides its settings), and its origin. */
export async function startConsoleApp(env?: Record<string, string>): Promise<{ app: TestApp; origin: string }> {
  buildWebBundles();
  const app = await startTestApp({ customers: 40, env });
  return { app, origin: new URL(app.server.url).origin };
}
