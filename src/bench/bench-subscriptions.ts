import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Client as PgClient } from "pg";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../config";
import { signToken } from "../auth/token";
import { Role } from "../auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../modules/staff/staff-id";
import { integerOption } from "./options";
import { runBench, timeLimit } from "./children";
import { droppableBenchDatabase, prepareDatabase, recreateDatabase } from "./database";
import { currentRssMb } from "./proc-stats";
import { apiEnvironment, BENCH_PII_KEY, PROJECT_ROOT, startApi } from "./servers";

/**
 * npm run bench:subscriptions [-- --subscriptions 10000 --per-socket 20 --customers 500
 *                               --database-url postgres://postgres@127.0.0.1:5432/c360_bench_subscriptions]
 * What idle live subscriptions cost the API: its resident memory (RSS, /proc) before any socket and
 * once `--subscriptions` customerChanged subscriptions are open on sockets of `--per-socket` each,
 * then that a change still reaches its subscribers (push latency from the mutation's answer).
 * Writes bench/subscriptions-results.json; see docs/performance.md ("Live subscriptions").
 */
const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/c360_bench_subscriptions";
const CHANGES = `subscription ($id: ID!) { customerChanged(id: $id) { eventType customer { id city } } }`;

function options() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string", default: DEFAULT_URL },
      subscriptions: { type: "string", default: "10000" },
      "per-socket": { type: "string", default: "20" },
      customers: { type: "string", default: "500" },
    },
  });
  return {
    ...droppableBenchDatabase(values["database-url"]),
    subscriptions: integerOption("subscriptions", values.subscriptions, 1, 100_000),
    perSocket: integerOption("per-socket", values["per-socket"], 1, 20),
    customers: integerOption("customers", values.customers, 10, 100_000),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The API's gauge of open live subscriptions, read from its /metrics. */
async function openSubscriptions(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split("\n").find((l) => l.startsWith("customer360_live_subscriptions "));
  return line ? Number(line.split(" ")[1]) : -1;
}

/** RSS after the API settled: the lowest of a few readings a second apart (the garbage collector runs in between). */
async function settledRssMb(pid: number): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < 5; i++) {
    low = Math.min(low, currentRssMb(pid) ?? Infinity);
    await sleep(1000);
  }
  return Math.round(low);
}

async function main(): Promise<void> {
  const opts = options();
  timeLimit("bench:subscriptions", 900);
  await recreateDatabase(opts.url, opts.database);
  await prepareDatabase(opts.url, opts.customers, BENCH_PII_KEY, 1);
  const db = new PgClient({ connectionString: opts.url });
  await db.connect();
  const customerIds: string[] = (await db.query(`SELECT id FROM customer WHERE erased_at IS NULL ORDER BY customer_number`)).rows.map((row) => row.id);
  const api = await startApi(opts.url, false, { WEBHOOK_DISPATCH: "on", WEBHOOK_POLL_MS: "1000", SQL_STATEMENT_COUNTS: "0" });
  const clients: Client[] = [];
  try {
    const settings = loadConfig(apiEnvironment(opts.url, 0));
    const token = await signToken({ sub: staffIdFor(DEFAULT_USERNAME_BY_ROLE[Role.ADMIN]), role: Role.ADMIN }, settings, "2h");
    await sleep(2000);
    const before = await settledRssMb(api.pid);

    // open the sockets and their subscriptions; every push is counted per customer
    const pushes = new Map<string, number[]>();
    const wsUrl = `${api.url.replace(/^http/, "ws")}/graphql`;
    const sockets = Math.ceil(opts.subscriptions / opts.perSocket);
    const opening = performance.now();
    let n = 0;
    const errors: string[] = [];
    for (let s = 0; s < sockets; s++) {
      let connected!: () => void;
      const acknowledged = new Promise<void>((resolve) => (connected = resolve));
      const client = createClient({
        url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false,
        on: { connected: () => connected(), closed: (event) => errors.push(`socket closed ${(event as { code?: number }).code}`) },
      });
      clients.push(client);
      for (let k = 0; k < opts.perSocket && n < opts.subscriptions; k++, n++) {
        const id = customerIds[n % customerIds.length];
        client.subscribe({ query: CHANGES, variables: { id } }, {
          next: () => pushes.set(id, [...(pushes.get(id) ?? []), performance.now()]),
          error: (err) => errors.push(JSON.stringify(err).slice(0, 200)),
          complete: () => undefined,
        });
      }
      // a few sockets at a time, each acknowledged before more open (a burst of 500 would outrun the 3 s init timeout)
      if (s % 10 === 9) await Promise.race([acknowledged, sleep(10_000)]);
    }
    let open = 0;
    for (let i = 0; i < 600 && (open = await openSubscriptions(api.metricsUrl)) < opts.subscriptions; i++) await sleep(200);
    const openMs = Math.round(performance.now() - opening);
    if (open < opts.subscriptions) throw new Error(`only ${open} of ${opts.subscriptions} subscriptions open after ${openMs} ms; ${errors.length} errors, e.g. ${errors.slice(0, 3).join(" | ")}`);
    const after = await settledRssMb(api.pid);

    // a change still reaches its subscribers: one customer's, timed from the mutation's answer
    const target = customerIds[0];
    const expected = Math.ceil(opts.subscriptions / customerIds.length);
    const [{ version }] = (await db.query(`SELECT version FROM customer WHERE id = $1`, [target])).rows;
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation ($id: ID!, $v: Int!) { updateCustomer(id: $id, expectedVersion: $v, input: { city: "Bench Town" }) { id } }`, variables: { id: target, v: version } }),
    });
    const answeredAt = performance.now();
    if (!res.ok) throw new Error(`updateCustomer answered ${res.status}`);
    for (let i = 0; i < 300 && (pushes.get(target)?.length ?? 0) < expected; i++) await sleep(20);
    const arrivals = (pushes.get(target) ?? []).map((at) => Math.round(at - answeredAt));

    const result = {
      at: new Date().toISOString(),
      options: { subscriptions: opts.subscriptions, perSocket: opts.perSocket, sockets, customers: customerIds.length },
      open,
      openMs,
      rssMb: { before, after, extra: after - before, perThousandSubscriptions: Math.round(((after - before) / opts.subscriptions) * 1000 * 10) / 10 },
      push: { subscribers: expected, received: arrivals.length, firstMs: Math.min(...arrivals), lastMs: Math.max(...arrivals) },
      target: { extraRssMbAtMost: 300, pass: after - before <= 300 && opts.subscriptions >= 10_000 },
    };
    console.log(
      `${open} subscriptions on ${sockets} sockets open in ${openMs} ms; API RSS ${before} → ${after} MB (+${after - before} MB, ` +
        `${result.rssMb.perThousandSubscriptions} MB per 1,000); a change reached ${arrivals.length}/${expected} subscribers ` +
        `${result.push.firstMs}–${result.push.lastMs} ms after its answer; target ≤ 300 MB extra at 10,000: ${result.target.pass ? "PASS" : "MISS"}`,
    );
    fs.writeFileSync(path.join(PROJECT_ROOT, "bench", "subscriptions-results.json"), JSON.stringify(result, null, 2) + "\n");
  } finally {
    await Promise.all(clients.map((client) => Promise.resolve(client.dispose()).catch(() => undefined)));
    await api.stop();
    await db.end();
  }
}

runBench("bench:subscriptions", main);
