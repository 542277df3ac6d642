// session probe, not committed: one serviceMetrics request at a time against an API on PORT
import { loadConfig } from "./dist/src/config.js";
import { signToken } from "./dist/src/auth/token.js";
import { apiEnvironment } from "./dist/src/bench/servers.js";
import { staffIdFor } from "./dist/src/modules/staff/staff-id.js";
const port = Number(process.env.PORT);
const settings = loadConfig(apiEnvironment(process.env.DATABASE_URL, 0));
const token = await signToken({ sub: staffIdFor("admin"), role: "ADMIN" }, settings, "2h");
const midnight = process.argv[2] === "midnight";
const q = `query ($from: DateTimeISO!, $to: DateTimeISO!) { serviceMetrics(from: $from, to: $to, groupBy: MONTH) { asOf overall { interactions openCases breachedOpenCases } } }`;
for (let i = 0; i < Number(process.argv[3] ?? 6); i++) {
  const to = new Date();
  const from = midnight ? new Date(Math.floor((to.getTime() - 365 * 86400000) / 86400000) * 86400000) : new Date(to.getTime() - 365 * 86400000);
  const t = performance.now();
  const r = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q, variables: { from, to } }) });
  const body = await r.json();
  console.log((performance.now() - t).toFixed(1), "ms", JSON.stringify(body.data?.serviceMetrics?.overall ?? body.errors));
}
