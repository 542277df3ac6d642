// Takes docs/console.png from a running development server:
//   npm start  (in another shell)  then  node console/screenshot.mjs [http://127.0.0.1:4000]
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const origin = process.argv[2] ?? "http://127.0.0.1:4000";
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/console.png");

const { token } = await (await fetch(`${origin}/console/dev-token`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ username: "agent1" }),
})).json();
const gql = async (query) => (await fetch(`${origin}/graphql`, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
  body: JSON.stringify({ query }),
})).json();
// An individual with policies, claims and a household: a page that shows most sections.
const book = await gql(`{ customers(first: 100, filter: { kind: INDIVIDUAL }) { edges { node { id
  household { kind } policies(first: 1) { totalCount } claims(first: 1) { totalCount } } } } }`);
const nodes = book.data.customers.edges.map((e) => e.node);
const customer = nodes.find((c) => c.household.length > 0 && c.policies.totalCount > 1 && c.claims.totalCount > 0) ?? nodes[0];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "c360-shot-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  viewport: { width: 1280, height: 1000 },
});
try {
  const page = await context.newPage();
  await page.goto(`${origin}/console`);
  await page.evaluate((value) => sessionStorage.setItem("c360.token", value), token);
  await page.goto(`${origin}/console#/customer/${customer.id}`);
  await page.getByTestId("customer-name").waitFor();
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
