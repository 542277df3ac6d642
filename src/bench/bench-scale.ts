import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { signToken } from "../auth/token";
import { Role } from "../auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../modules/staff/staff-id";
import { openScriptDatabase } from "../scripts/script-database";
import type { Database } from "../db/data-source";
import { seedDatabase } from "../seed";
import { benchDatabaseUrl, droppableBenchDatabase, recreateDatabase } from "./database";
import { integerOption } from "./options";
import { runBench, timeLimit } from "./children";
import { runLoad, type LoadResult } from "./measure";
import { median, medianLoad, tenth } from "./rounds";
import { addAuditRows, copyCustomers, topUpInteractions } from "./scale-data";
import { refreshSegmentCounts } from "../modules/segment/segment-counts";
import { dispatchOnce } from "../modules/events/webhook-dispatcher";
import { refreshServiceMetricsRollup } from "../modules/metrics/metrics-rollup";
import { CUSTOMER_360_IDS_SQL, CUSTOMER_360_QUERY, CUSTOMER_LIST_QUERY } from "./scenarios";
import { apiEnvironment, BENCH_PII_KEY, startApi } from "./servers";

const usage = () => `usage: npm run bench:scale -- [--sizes 100000,1000000] [--base 10000] [--seconds 15] [--warmup 3] [--connections 8] [--reuse]
  Builds one database per size (c360_bench_scale_<size>, on the server of DATABASE_URL or TEST_DATABASE_URL):
  --base customers seeded, then copied in SQL up to the size; 5 interactions and 10 access-audit rows per
  customer. Then measures each query below on each size with the API as production runs it, and compares
  the largest size with the smallest (p50 and p99 ratios; the target is at most 1.5x).
  --reuse  keep a database that already holds the size (building 1M takes minutes)
  --only KEYS  measure only these queries (comma-separated keys: ${QUERY_KEYS})
  --rounds N  measure the sizes in turn N times (small, large, small, large, …) and compare the medians:
           neither size then runs only on a cache or a machine state the other left behind
  --build-only  build (or --reuse) the databases and stop before measuring
  --replica-url URL  also measure the largest size with DATABASE_REPLICA_URLS=URL (a streaming replica of that
           database, e.g. made with pg_basebackup -R); "self" reads the primary through the replica path
           (read-only sessions on the same server: the routing's own cost, not a replica's capacity)`;

const INTERACTIONS_PER_CUSTOMER = 5;
const AUDIT_ROWS_PER_CUSTOMER = 10;

interface Query {
  key: string;
  title: string;
  role: Role;
  bodies: (ids: string[]) => string[];
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** The reads whose cost must not grow with the tables: the 360, a list page, and every count or aggregate a user can ask for. */
const QUERIES: Query[] = [
  { key: "customer360", title: "360 view (AGENT)", role: Role.AGENT, bodies: (ids) => ids.map((id) => body(CUSTOMER_360_QUERY, { id })) },
  { key: "customers100", title: "customers(first: 100) + policies (ADMIN)", role: Role.ADMIN, bodies: () => [body(CUSTOMER_LIST_QUERY)] },
  { key: "count", title: "customers(first: 20) { count } (ADMIN)", role: Role.ADMIN, bodies: () => [body(`{ customers(first: 20) { count { value precision } edges { node { id } } } }`)] },
  { key: "agentList", title: "customers(first: 20) own book + count (AGENT)", role: Role.AGENT, bodies: () => [body(`{ customers(first: 20) { count { value precision } edges { node { id fullName } } } }`)] },
  { key: "segmentCounts", title: "segments { memberCount } (MARKETING, kept counts)", role: Role.MARKETING, bodies: () => [body(`{ segments(first: 3) { edges { node { name memberCount memberCountAsOf } } } }`)] },
  {
    key: "serviceMetrics",
    title: "serviceMetrics, 12 months by MONTH (ADMIN)",
    role: Role.ADMIN,
    bodies: () => [body(`query ($from: DateTimeISO!, $to: DateTimeISO!) { serviceMetrics(from: $from, to: $to, groupBy: MONTH) { asOf overall { interactions satisfactionIndex complaints medianComplaintResolutionHours openCases } groups { key interactions complaintsPerThousandCustomers medianClaimCycleDays resolutionAttainment } } }`, { from: new Date(Date.now() - 365 * 86_400_000).toISOString(), to: new Date().toISOString() })],
  },
  { key: "auditLog", title: "auditLog(first: 50) (ADMIN)", role: Role.ADMIN, bodies: () => [body(`{ auditLog(first: 50) { count { value precision } edges { node { customerId outcome at } } pageInfo { endCursor } } }`)] },
  {
    key: "auditOfCustomer",
    title: "auditLog of one customer (ADMIN)",
    role: Role.ADMIN,
    bodies: (ids) => ids.slice(0, 20).map((id) => body(`query ($id: ID!) { auditLog(filter: { customerId: $id }, first: 20) { count { value precision } edges { node { at outcome } } } }`, { id })),
  },
];

const QUERY_KEYS = QUERIES.map((query) => query.key).join(",");

interface Options {
  sizes: number[];
  base: number;
  seconds: number;
  warmup: number;
  connections: number;
  reuse: boolean;
  buildOnly: boolean;
  queries: Query[];
  rounds: number;
  replicaUrl: string | null;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "100000,1000000" },
      base: { type: "string", default: "10000" },
      seconds: { type: "string", default: "15" },
      warmup: { type: "string", default: "3" },
      connections: { type: "string", default: "8" },
      reuse: { type: "boolean", default: false },
      "build-only": { type: "boolean", default: false },
      only: { type: "string" },
      rounds: { type: "string", default: "1" },
      "replica-url": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const base = integerOption("base", values.base, 100, 1_000_000);
  const sizes = values.sizes.split(",").map((size) => integerOption("sizes", size.trim(), base, 10_000_000)).sort((a, b) => a - b);
  for (const size of sizes) if (size % base !== 0) throw new Error(`each size must be a multiple of --base (${base}), got ${size}`);
  return {
    sizes,
    base,
    seconds: integerOption("seconds", values.seconds, 1, 300),
    warmup: integerOption("warmup", values.warmup, 0, 60),
    connections: integerOption("connections", values.connections, 1, 256),
    reuse: values.reuse,
    buildOnly: values["build-only"],
    rounds: integerOption("rounds", values.rounds, 1, 9),
    queries: values.only === undefined ? QUERIES : values.only.split(",").map((key) => {
      const query = QUERIES.find((candidate) => candidate.key === key.trim());
      if (!query) throw new Error(`--only: unknown query ${key} (known: ${QUERY_KEYS})`);
      return query;
    }),
    replicaUrl: values["replica-url"] ?? null,
  };
}

function sizeUrl(serverUrl: string, size: number): string {
  return Object.assign(new URL(serverUrl), { pathname: `/c360_bench_scale_${size}` }).toString();
}

const elapsed = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** The database of one size: built (seed, copies, history, audit rows, VACUUM ANALYZE) unless --reuse finds it complete. */
async function buildSize(url: string, size: number, opts: Options): Promise<void> {
  const { database } = droppableBenchDatabase(url);
  if (opts.reuse) {
    try {
      const db = await openScriptDatabase({ databaseUrl: url, poolSize: 1, purpose: "bench:scale" });
      try {
        const [{ n, audit }] = await db.query(`SELECT (SELECT count(*) FROM customer)::int AS n, (SELECT count(*) FROM audit_entry)::bigint AS audit`);
        if (n === size && Number(audit) >= size * AUDIT_ROWS_PER_CUSTOMER) {
          // a database built by an earlier build: brought to this build's schema (new migrations only)
          const applied = await db.runMigrations({ transaction: "each" });
          return void console.log(`${database}: reused (${size.toLocaleString("en-US")} customers${applied.length ? `, migrated: ${applied.map((m) => m.name).join(", ")}` : ""})`);
        }
      } finally {
        await db.destroy();
      }
    } catch {
      // not there yet: built below
    }
  }
  const started = performance.now();
  await recreateDatabase(url, database);
  const db = await openScriptDatabase({ databaseUrl: url, poolSize: 2, purpose: "bench:scale" });
  try {
    await db.runMigrations();
    console.log(`${database}: seeding ${opts.base.toLocaleString("en-US")} customers…`);
    await seedDatabase(db, { customers: opts.base, seed: 1, piiKey: BENCH_PII_KEY });
    if (size > opts.base) {
      console.log(`${database}: copying them ${size / opts.base - 1} times (${elapsed(started)})`);
      await copyCustomers(db, size / opts.base - 1, (line) => console.log(line));
    }
    const history = await topUpInteractions(db, INTERACTIONS_PER_CUSTOMER);
    console.log(`${database}: +${history.toLocaleString("en-US")} earlier interactions (${elapsed(started)})`);
    const audit = await addAuditRows(db, AUDIT_ROWS_PER_CUSTOMER);
    console.log(`${database}: +${audit.toLocaleString("en-US")} access-audit rows (${elapsed(started)})`);
    await db.query("VACUUM ANALYZE");
    const [counts] = await db.query(`SELECT (SELECT count(*) FROM customer)::bigint AS customers, (SELECT count(*) FROM interaction)::bigint AS interactions,
      (SELECT count(*) FROM audit_entry)::bigint AS audit, pg_size_pretty(pg_database_size(current_database())) AS size`);
    console.log(`${database}: ${Number(counts.customers).toLocaleString("en-US")} customers, ${Number(counts.interactions).toLocaleString("en-US")} interactions, ${Number(counts.audit).toLocaleString("en-US")} audit rows, ${counts.size}; built in ${elapsed(started)}`);
  } finally {
    await db.destroy();
  }
}

/** Agent1's customers with policies (the 360 rotation), as the main bench picks them. */
async function customer360Ids(url: string): Promise<string[]> {
  const rows: { id: string }[] = await withDatabase(url, (db) => db.query(CUSTOMER_360_IDS_SQL, [staffIdFor("agent1"), 200]));
  return rows.map((row) => row.id);
}

/** The API measured runs its background refreshes hourly (SEGMENT_COUNT_REFRESH, METRICS_ROLLUP_REFRESH): what is younger is served as it is. */
const KEPT_FOR_MS = 3_600_000;

/** Runs `use` on a one-connection script database of `url`, closed afterwards. */
async function withDatabase<T>(url: string, use: (db: Database) => Promise<T>): Promise<T> {
  const db = await openScriptDatabase({ databaseUrl: url, poolSize: 1, purpose: "bench:scale" });
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Does a server background job's work ahead (segment counts, the metrics rollup), unless it was
 * done within the hour (an earlier run on this database: what the server would serve), and says how long it took.
 */
async function keepAhead<T>(url: string, what: string, refresh: (db: Database) => Promise<T | null>, made: (done: T) => string): Promise<void> {
  await withDatabase(url, async (db) => {
    const started = performance.now();
    const done = await refresh(db);
    console.log(done ? `  ${what}: ${made(done)} in ${elapsed(started)} (the background job's work, once per interval)` : `  ${what}: made within the hour, kept`);
  });
}

/**
 * Hands out the events the build wrote (the seed's and each copy's: about a third of a customer's
 * worth each), as a running server would have long ago. Left in the outbox, the API's dispatcher
 * drains them during the measurement — 500 per pass, with their alerts — a backlog 10 times larger
 * at 10 times the customers, which the run would then report as the queries' growth.
 */
async function drainOutbox(url: string): Promise<void> {
  await withDatabase(url, async (db) => {
    const started = performance.now();
    const pass = () => dispatchOnce(db, { retrySchedule: [60], timeoutMs: 1000 });
    let events = 0;
    for (let handed = (await pass()).fannedOut; handed > 0; handed = (await pass()).fannedOut) events += handed;
    if (events > 0) console.log(`  outbox drained: ${events.toLocaleString("en-US")} events the build wrote handed out in ${elapsed(started)} (before measuring)`);
  });
}

async function measureSize(url: string, opts: Options, queries: Query[] = opts.queries, env: NodeJS.ProcessEnv = {}): Promise<Map<string, LoadResult>> {
  const ids = await customer360Ids(url);
  await drainOutbox(url);
  if (queries.some((query) => query.key === "segmentCounts")) {
    await keepAhead(url, "segment member counts kept ahead", (db) => refreshSegmentCounts(db, { unlessNewerThanMs: KEPT_FOR_MS }), (r) => `${r.segments} segments, ${r.rows} counts`);
  }
  if (queries.some((query) => query.key === "serviceMetrics")) {
    await keepAhead(url, "service metrics rolled up", (db) => refreshServiceMetricsRollup(db, { unlessNewerThanMs: KEPT_FOR_MS }), (r) => `${r.rows.toLocaleString("en-US")} day rows`);
  }
  // memberCount and serviceMetrics from the counts and rollup just made (the server's own jobs find them fresh for an hour and leave them)
  // a job whose work was not done ahead is off: its first run (10 s after start) would refresh inside the measurement
  // (at 1M the segment counts take minutes of a core), and its statement would outlive the API stopped after it
  const kept = (key: string) => (queries.some((query) => query.key === key) ? `${KEPT_FOR_MS / 1000}s` : "off");
  const api = await startApi(url, false, { SQL_STATEMENT_COUNTS: "0", SEGMENT_COUNT_REFRESH: kept("segmentCounts"), METRICS_ROLLUP_REFRESH: kept("serviceMetrics"), ...env });
  const results = new Map<string, LoadResult>();
  try {
    const settings = loadConfig(apiEnvironment(url, 0));
    for (const query of queries) {
      const token = await signToken({ sub: staffIdFor(DEFAULT_USERNAME_BY_ROLE[query.role]), role: query.role }, settings, "2h");
      const bodies = query.bodies(ids);
      const load = { url: `${api.url}/graphql`, token, bodies, connections: opts.connections };
      await expectAnswers(load.url, token, query, bodies);
      if (opts.warmup > 0) await runLoad({ ...load, seconds: opts.warmup });
      const result = await runLoad({ ...load, seconds: opts.seconds });
      results.set(query.key, result);
      // a query that the API cuts off (statement or request timeout → 503) is a finding, reported, not a crash of the bench
      const failed = result.non2xx > 0 || result.errors > 0 ? `  FAILED ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodes)}, ${result.errors} errors` : "";
      console.log(`  ${query.title.padEnd(52)} ${String(result.requestsPerSecond).padStart(8)} req/s  p50 ${String(result.p50Ms).padStart(5)} ms  p99 ${String(result.p99Ms).padStart(5)} ms${failed}`);
    }
  } finally {
    await api.stop();
  }
  return results;
}

/**
 * Every body of the rotation answered once, without GraphQL errors, before it is measured: the load
 * counts HTTP statuses only, and an answer with `errors` (a 200) would be timed as if it were the read.
 */
async function expectAnswers(url: string, token: string, query: Query, bodies: string[]): Promise<void> {
  for (const body of new Set(bodies)) {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
    const answer = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
    if (response.status !== 200 || answer.errors || !answer.data) {
      throw new Error(`${query.key}: the API answered ${response.status} ${JSON.stringify(answer.errors ?? answer).slice(0, 300)} to ${body.slice(0, 200)}`);
    }
  }
}

async function main(): Promise<void> {
  const opts = options();
  const serverUrl = benchDatabaseUrl(process.env);
  // building 1M customers takes minutes; each measurement (warm-up + run) per query and size is bounded too
  timeLimit("bench:scale", 3600 + opts.rounds * opts.sizes.length * opts.queries.length * (opts.seconds + opts.warmup + 30));
  const rounds = new Map<number, Map<string, LoadResult>[]>(opts.sizes.map((size) => [size, []]));
  for (const size of opts.sizes) await buildSize(sizeUrl(serverUrl, size), size, opts);
  if (opts.buildOnly) return;
  for (let round = 1; round <= opts.rounds; round += 1) {
    for (const size of opts.sizes) {
      console.log(`\n${size.toLocaleString("en-US")} customers (${opts.connections} connections, ${opts.seconds} s per query${opts.rounds > 1 ? `, round ${round} of ${opts.rounds}` : ""}):`);
      rounds.get(size)!.push(await measureSize(sizeUrl(serverUrl, size), opts));
    }
  }
  // per size and query: the median round's req/s, p50 and p99 (each its own median), every round's failures
  const measured = new Map<number, Map<string, LoadResult>>(
    [...rounds].map(([size, results]) => [size, new Map(opts.queries.map((query) => [query.key, medianLoad(results.map((r) => r.get(query.key)!))]))]),
  );
  const small = opts.sizes[0];
  const large = opts.sizes[opts.sizes.length - 1];
  if (small === large) return;
  console.log(`\n${large.toLocaleString("en-US")} against ${small.toLocaleString("en-US")} customers (target: p50 and p99 at most 1.5x):`);
  console.log(`| Query | req/s ${small} | req/s ${large} | p50 ms | p99 ms | p50 ratio | p99 ratio |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  let over = 0;
  for (const query of opts.queries) {
    const a = measured.get(small)!.get(query.key)!;
    const b = measured.get(large)!.get(query.key)!;
    // a p50 of 0-1 ms is below autocannon's resolution: compared from 1 ms
    const ratio = (x: number, y: number) => Math.max(y, 1) / Math.max(x, 1);
    const failures = (r: LoadResult) => (r.non2xx + r.errors > 0 ? ` (${r.non2xx + r.errors} failed)` : "");
    const p50 = ratio(a.p50Ms, b.p50Ms);
    const p99 = ratio(a.p99Ms, b.p99Ms);
    if (p50 > 1.5 || p99 > 1.5) over += 1;
    console.log(`| ${query.title} | ${a.requestsPerSecond}${failures(a)} | ${b.requestsPerSecond}${failures(b)} | ${a.p50Ms} → ${b.p50Ms} | ${a.p99Ms} → ${b.p99Ms} | ${p50.toFixed(2)}${p50 > 1.5 ? " ✗" : ""} | ${p99.toFixed(2)}${p99 > 1.5 ? " ✗" : ""} |`);
  }
  console.log(over === 0 ? "every query within 1.5x" : `${over} of ${opts.queries.length} queries grew more than 1.5x`);
  if (opts.replicaUrl) await compareReplica(sizeUrl(serverUrl, large), large, opts);
}

/** The largest size again, primary only and routed to the replica in turn (twice each): medians of req/s and latency, same run. */
async function compareReplica(url: string, size: number, opts: Options): Promise<void> {
  const replica = opts.replicaUrl === "self" ? url : opts.replicaUrl!;
  const reads = QUERIES.filter((query) => ["customer360", "customers100"].includes(query.key));
  console.log(`\n${size.toLocaleString("en-US")} customers, reads routed to ${opts.replicaUrl === "self" ? "the same server through the replica path" : "the replica"}:`);
  // alternating, so that neither side runs only on a cache the other warmed (or a scan before it emptied)
  const rounds: { routed: boolean; results: Map<string, LoadResult> }[] = [];
  for (const routed of [false, true, false, true]) {
    console.log(`  ${routed ? "routed to the replica" : "primary only"}:`);
    rounds.push({ routed, results: await measureSize(url, opts, reads, routed ? { DATABASE_REPLICA_URLS: replica, REPLICA_MAX_LAG: "30s" } : {}) });
  }
  const of = (routed: boolean, key: string, pick: (r: LoadResult) => number) =>
    tenth(median(rounds.filter((r) => r.routed === routed).map((r) => pick(r.results.get(key)!))));
  console.log("| Query | req/s primary only | req/s with replica | p50 ms | p99 ms |");
  console.log("|---|---:|---:|---:|---:|");
  for (const query of reads) {
    const rps = [of(false, query.key, (r) => r.requestsPerSecond), of(true, query.key, (r) => r.requestsPerSecond)];
    console.log(`| ${query.title} | ${rps[0]} | ${rps[1]} (${(rps[1] / rps[0]).toFixed(2)}x) | ${of(false, query.key, (r) => r.p50Ms)} → ${of(true, query.key, (r) => r.p50Ms)} | ${of(false, query.key, (r) => r.p99Ms)} → ${of(true, query.key, (r) => r.p99Ms)} |`);
  }
}

runBench("bench:scale", main);
