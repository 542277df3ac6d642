import { Writable } from "node:stream";
import pino from "pino";
import { buildServedSchema } from "../src/graphql/schema";
import { startHttpServer, type RunningServer } from "../src/http/server";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { CUSTOMER_360 } from "./support/operations";

/** Sum of a metric's samples whose labels contain `labels` (prometheus text format). */
function sample(metrics: string, name: string, labels = ""): number {
  return metrics
    .split("\n")
    .filter((line) => line.startsWith(name) && (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

describe("operations: metrics, request logs, readiness", () => {
  let app: TestApp;
  let agent: string;
  let customerId: string;
  let logged: Record<string, unknown>[];
  let observed: RunningServer;

  beforeAll(async () => {
    app = await startTestApp({ customers: 12 });
    agent = await app.token(Role.AGENT);
    const list = await app.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token: agent });
    customerId = list.body.data!.customers.edges[0].node.id;
    logged = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged.push(JSON.parse(String(chunk)));
        done();
      },
    });
    observed = await startHttpServer(app.db, app.config, await buildServedSchema(), { logger: pino({ level: "info" }, sink) });
  });
  afterAll(async () => {
    await observed?.stop();
    await app?.close();
  });

  const metrics = async () => (await fetch(app.server.url.replace("/graphql", "/metrics"))).text();

  it("counts requests by operation, statements per request, errors by code and audit writes", async () => {
    const before = await metrics();
    const view = await app.gql(CUSTOMER_360, { token: agent, variables: { id: customerId } });
    expect(view.body.errors).toBeUndefined();
    await app.gql(`query Broken { customer(id: "nope") { id } }`, { token: "not-a-token" });
    const after = await metrics();
    const op = 'operation="Customer360"';
    expect(sample(after, "customer360_http_request_duration_seconds_count", op) - sample(before, "customer360_http_request_duration_seconds_count", op)).toBe(1);
    expect(sample(after, "customer360_sql_statements_per_request_sum", op) - sample(before, "customer360_sql_statements_per_request_sum", op)).toBe(view.statements);
    expect(sample(after, "customer360_audit_writes_total", 'outcome="written"') - sample(before, "customer360_audit_writes_total", 'outcome="written"')).toBe(1);
    expect(after).toMatch(/^customer360_db_pool_in_use \d+$/m);
    expect(after).toMatch(/^customer360_graphql_errors_total\{code="[A-Z_]+"\} \d+$/m);
    expect(after).toMatch(/^customer360_process_resident_memory_bytes \d+/m);
  });

  it("logs one structured line per request with id, operation, viewer, duration, statements and codes — no personal values", async () => {
    const ask = async (query: string, variables: Record<string, unknown> = {}) =>
      fetch(observed.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${agent}`, "x-request-id": "req-observed-1" },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data?: Record<string, any> }>);
    const view = await ask(CUSTOMER_360, { id: customerId });
    await ask(`query TooLarge { customers(first: 101) { totalCount } }`);
    const lines = logged.filter((line) => line.msg === "graphql request");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ requestId: "req-observed-1", operation: "Customer360", role: "AGENT", status: 200 });
    expect(typeof lines[0].viewerId).toBe("string");
    expect(lines[0].durationMs).toBeGreaterThan(0);
    expect(lines[0].statements).toBeGreaterThan(1);
    expect(lines[1]).toMatchObject({ operation: "TooLarge", errorCodes: ["BAD_USER_INPUT"] });
    const text = JSON.stringify(logged);
    const customer = view.data!.customer;
    for (const value of [customer.fullName, customer.email, customer.phone].filter(Boolean)) expect(text).not.toContain(value);
  });

  it("reports not ready (and refuses GraphQL with 503) until the database is ready, while staying alive", async () => {
    let ready = false;
    const gated = await startHttpServer(app.db, app.config, await buildServedSchema(), { isReady: () => ready });
    try {
      const base = gated.url.replace("/graphql", "");
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      const refused = await fetch(gated.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${agent}` }, body: JSON.stringify({ query: "{ me { role } }" }) });
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("2");
      expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("UNAVAILABLE");
      ready = true;
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: "ready" });
    } finally {
      await gated.stop();
    }
  });
});
