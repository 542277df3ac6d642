import "reflect-metadata";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Client } from "pg";
import { loadConfig } from "../config";
import { signToken } from "../auth/token";
import { Role } from "../auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../modules/staff/staff-id";
import { integerOption, oneOf } from "./options";
import { runBench, timeLimit } from "./children";
import { droppableBenchDatabase, prepareDatabase, recreateDatabase } from "./database";
import { measureFloors, startStreamConsumer, startWebhookReceiver, type Arrivals, type StreamSpec } from "./event-arrivals";
import { compareDispatch, type DispatchComparison } from "./dispatch-compare";
import { openLoop, type SentMutation } from "./mutation-load";
import { latencySummary, type LatencySummary } from "./percentiles";
import { cpuWindow, processCpuMs } from "./proc-stats";
import { ImportFeed, type FedRecord } from "./import-feed";
import { apiEnvironment, BENCH_PII_KEY, PROJECT_ROOT, startApi, startDispatcherProcess } from "./servers";

/**
 * npm run bench:events [-- --rate 500 --seconds 20 --warmup 3 --poll-ms 50 --drain-seconds 30 --customers 1000
 *                         --producer mutations|import --batch 25 --import-customers 2000 --dispatcher api|process
 *                         --nats-url nats://127.0.0.1:4222 --database-url postgres://postgres@127.0.0.1:5432/c360_bench_events]
 * The outbox's delivery latency: recordInteraction mutations (one interaction.recorded event each)
 * sent over HTTP in an open loop at --rate to the API (a child process, as production runs it,
 * with its dispatcher on, streaming to this run's own NATS stream), and for each event the time
 * from the mutation's answer (its commit mark) to its arrival at a local webhook receiver and at a
 * JetStream consumer; against floors measured in the same run. `--producer import`: the events
 * come from import batches instead (import-feed.ts), each timed from its batch's commit.
 * `--dispatcher process`: the API runs with WEBHOOK_DISPATCH=off beside `npm run dispatcher`.
 * Writes bench/events-results[-import-<rate>][-dispatcher-process].json; see docs/performance.md
 * ("Events: commit to webhook and NATS").
 */
const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/c360_bench_events";
const FLOOR_PROBES = 200;
const MAX_IN_FLIGHT = 2_000;

function options() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string", default: DEFAULT_URL },
      "nats-url": { type: "string", default: "nats://127.0.0.1:4222" },
      customers: { type: "string", default: "1000" },
      rate: { type: "string", default: "500" },
      seconds: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      "poll-ms": { type: "string", default: "50" },
      "drain-seconds": { type: "string", default: "30" },
      "analyze-every": { type: "string", default: "5" },
      "compare-dispatch": { type: "boolean", default: false },
      "compare-pairs": { type: "string", default: "3" },
      "compare-seconds": { type: "string", default: "10" },
      "compare-rate": { type: "string", default: "100" },
      producer: { type: "string", default: "mutations" },
      batch: { type: "string", default: "25" },
      "import-customers": { type: "string", default: "2000" },
      dispatcher: { type: "string", default: "api" },
    },
  });
  const producer = oneOf("producer", values.producer, ["mutations", "import"] as const);
  const batch = integerOption("batch", values.batch, 1, 1_000);
  if (producer === "import" && values["compare-dispatch"]) throw new Error("--compare-dispatch measures mutations: not with --producer import");
  const nats = new URL(values["nats-url"]);
  if (nats.protocol !== "nats:" || !["127.0.0.1", "localhost"].includes(nats.hostname)) throw new Error("--nats-url must be nats://127.0.0.1:<port> (the bench's traffic stays on this machine)");
  return {
    ...droppableBenchDatabase(values["database-url"]),
    natsUrl: `nats://${nats.host}`,
    customers: integerOption("customers", values.customers, 10, 100_000),
    rate: integerOption("rate", values.rate, 1, 5_000),
    seconds: integerOption("seconds", values.seconds, 1, 300),
    warmup: integerOption("warmup", values.warmup, 0, 60),
    pollMs: integerOption("poll-ms", values["poll-ms"], 10, 60_000),
    drainSeconds: integerOption("drain-seconds", values["drain-seconds"], 1, 600),
    analyzeEverySeconds: integerOption("analyze-every", values["analyze-every"], 0, 600),
    compareDispatch: values["compare-dispatch"],
    comparePairs: integerOption("compare-pairs", values["compare-pairs"], 1, 20),
    compareSeconds: integerOption("compare-seconds", values["compare-seconds"], 1, 120),
    compareRate: integerOption("compare-rate", values["compare-rate"], 1, 5_000),
    producer,
    batch,
    importCustomers: Math.max(integerOption("import-customers", values["import-customers"], 10, 100_000), batch),
    dispatcher: oneOf("dispatcher", values.dispatcher, ["api", "process"] as const),
  };
}

const RECORD_INTERACTION = `mutation RecordInteraction($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`;
const CREATE_WEBHOOK = `mutation ($url: String!) { createWebhook(url: $url, eventTypes: []) { webhook { id } } }`;

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors[0].message}`);
  return body.data;
}

/** Waits until the dispatcher has handed out, streamed and delivered every event in the outbox (the seed's, a backlog). */
async function dispatcherCaughtUp(db: Client, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [{ waiting }] = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM event_outbox WHERE published_at IS NULL OR streamed_at IS NULL)
              + (SELECT count(*)::int FROM webhook_delivery WHERE status = 'PENDING') AS waiting`,
      )
    ).rows;
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} outbox events or deliveries still waiting after ${withinMs / 1000} s: is the dispatcher running, NATS answering?`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An event the load committed: its key at the consumers, when it was due and when it committed (its commit mark). */
interface Committed {
  key: string;
  dueAt: number;
  committedAt: number;
}

/** What a load window offered: the committed events, the failures (why each), how many were skipped. */
interface Produced {
  offered: number;
  committed: Committed[];
  failures: string[];
  skipped: number;
}

/** Where a consumer's arrivals of the load's events are: by interaction (mutations) or by event id (imports). */
type ArrivalsOf = (sink: Arrivals) => Map<string, number>;

function fromMutations(sent: SentMutation[], skipped: number): Produced {
  const committed = sent.filter((m) => m.answeredAt !== null).map((m) => ({ key: m.interactionId!, dueAt: m.dueAt, committedAt: m.answeredAt! }));
  return { offered: sent.length, committed, failures: sent.filter((m) => m.answeredAt === null).map((m) => m.error!), skipped };
}

function fromImport(records: FedRecord[]): Produced {
  const committed = records.filter((r) => r.committedAt !== null && r.eventId !== null).map((r) => ({ key: r.eventId!, dueAt: r.dueAt, committedAt: r.committedAt! }));
  const failures = records.filter((r) => r.committedAt === null || r.eventId === null).map((r) => (r.committedAt === null ? "batch not committed by the drain deadline" : "committed without an event"));
  return { offered: records.length, committed, failures, skipped: 0 };
}

/** Waits until every committed event arrived at both consumers, or the deadline passed. */
async function drained(committed: Committed[], sinks: Arrivals[], arrivalsOf: ArrivalsOf, withinMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (committed.every((event) => sinks.every((sink) => arrivalsOf(sink).has(event.key)))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Math.round(performance.now() - started);
}

interface Delivery {
  latency: LatencySummary;
  /** Committed events that had not arrived when the drain deadline passed. */
  lost: number;
  /** Events arrived per second, from the first to the last arrival of the measured events. */
  arrivedPerSecond: number;
  duplicates: number;
  unrelated: number;
  /** commit→arrival over the bare floor, at p50 and p95. */
  ratioToFloor: { p50: number; p95: number };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10) / 10 : 0);
const perEvent = (ms: number | null, events: number) => (ms === null ? null : Math.round((ms / Math.max(events, 1)) * 100) / 100);

/** `unrelated`: arrivals not of the load's events (the seed's, the feed's setup). */
function delivery(committed: Committed[], sink: Arrivals, arrivalsOf: ArrivalsOf, unrelated: number, floor: LatencySummary): Delivery {
  const arrivals = arrivalsOf(sink);
  const arrived = committed.filter((event) => arrivals.has(event.key));
  const at = arrived.map((event) => arrivals.get(event.key)!);
  const latency = latencySummary(arrived.map((event, i) => at[i] - event.committedAt));
  const spanMs = arrived.length > 1 ? at.reduce((a, b) => Math.max(a, b)) - at.reduce((a, b) => Math.min(a, b)) : 0;
  return {
    latency, lost: committed.length - arrived.length, arrivedPerSecond: spanMs > 0 ? Math.round((arrived.length / spanMs) * 10_000) / 10 : 0, duplicates: sink.duplicates, unrelated,
    ratioToFloor: { p50: ratio(latency.p50Ms, floor.p50Ms), p95: ratio(latency.p95Ms, floor.p95Ms) },
  };
}

function resultsFile(opts: ReturnType<typeof options>): string {
  const name = `events-results${opts.producer === "import" ? `-import-${opts.rate}` : ""}${opts.dispatcher === "process" ? "-dispatcher-process" : ""}.json`;
  return path.join(PROJECT_ROOT, "bench", name);
}

async function main(): Promise<void> {
  const opts = options();
  const compareSeconds = opts.compareDispatch ? 300 + opts.comparePairs * 2 * (opts.compareSeconds + Math.max(opts.warmup, 2) + 60) : 0;
  const limitSeconds = opts.warmup + opts.seconds + 2 * opts.drainSeconds + compareSeconds + 600;
  timeLimit("bench:events", limitSeconds);
  const run = randomUUID().slice(0, 8);
  const spec: StreamSpec = { subjectPrefix: `c360bench.${run}`, streamName: `C360BENCH_${run}` };

  await recreateDatabase(opts.url, opts.database);
  const seeded = await prepareDatabase(opts.url, opts.customers, BENCH_PII_KEY, 1);
  const db = new Client({ connectionString: opts.url });
  await db.connect();
  const customerIds: string[] = (await db.query(`SELECT id FROM customer WHERE erased_at IS NULL ORDER BY customer_number`)).rows.map((row) => row.id);

  const nc: NatsConnection = await connect({ servers: opts.natsUrl, name: "customer360-bench-events" });
  const receiver = await startWebhookReceiver();
  const consumer = await startStreamConsumer(nc, spec);
  const dispatchEnv = {
    WEBHOOK_DISPATCH: "on", WEBHOOK_POLL_MS: String(opts.pollMs), NATS_URL: opts.natsUrl, NATS_SUBJECT_PREFIX: spec.subjectPrefix, NATS_STREAM: spec.streamName,
    SQL_STATEMENT_COUNTS: "0", // as production runs
  };
  // --dispatcher process: API replicas without a dispatcher, and `npm run dispatcher` beside them
  const api = await startApi(opts.url, false, { ...dispatchEnv, WEBHOOK_DISPATCH: opts.dispatcher === "api" ? "on" : "off" });
  const dispatcher = opts.dispatcher === "process" ? await startDispatcherProcess(opts.url, dispatchEnv) : null;
  const feed = opts.producer === "import" ? await ImportFeed.open(opts.url, BENCH_PII_KEY, opts.importCustomers, opts.batch) : null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let analyzing: NodeJS.Timeout | null = null;
  try {
    const settings = loadConfig(apiEnvironment(opts.url, 0)); // the secret and issuer the API uses
    const token = await signToken({ sub: staffIdFor(DEFAULT_USERNAME_BY_ROLE[Role.ADMIN]), role: Role.ADMIN }, settings, "2h");
    const graphqlUrl = `${api.url}/graphql`;
    await dispatcherCaughtUp(db, 120_000);
    await graphql(graphqlUrl, token, CREATE_WEBHOOK, { url: receiver.url });
    const floors = await measureFloors(receiver, consumer, nc, spec, FLOOR_PROBES);
    const floor = { http: latencySummary(floors.http), nats: latencySummary(floors.nats) };
    console.log(`floors (${FLOOR_PROBES} probes each): bare POST to the receiver p50 ${floor.http.p50Ms} ms p95 ${floor.http.p95Ms} ms; JetStream publish→consume p50 ${floor.nats.p50Ms} ms p95 ${floor.nats.p95Ms} ms`);

    const loadOn = (url: string, rate: number, seconds: number) =>
      openLoop(
        {
          url, token, agent, rate, seconds, maxInFlight: MAX_IN_FLIGHT,
          body: (n) => JSON.stringify({
            query: RECORD_INTERACTION,
            variables: { input: { customerId: customerIds[n % customerIds.length], channel: "PHONE", kind: "INQUIRY", direction: "INBOUND", subject: `Bench ${run} call ${n}` } },
          }),
        },
        (data) => data.recordInteraction?.id,
      );
    // an import window's events are known once its batches committed (resolved below, after the load)
    const load = async (seconds: number): Promise<() => Produced> => {
      if (!feed) {
        const { sent, skipped } = await loadOn(graphqlUrl, opts.rate, seconds);
        return () => fromMutations(sent, skipped);
      }
      const records = await feed.run(opts.rate, seconds, opts.batch);
      return () => fromImport(records);
    };
    const arrivalsOf: ArrivalsOf = feed ? (sink) => sink.byEvent : (sink) => sink.byInteraction;
    // this PostgreSQL runs without autovacuum: the dispatcher's tables, empty at the start, would keep no planner
    // statistics while they grow (and the due-deliveries query is then planned as a nested loop over every pending row)
    analyzing = opts.analyzeEverySeconds > 0
      ? setInterval(() => void db.query("ANALYZE event_outbox, webhook_delivery").catch(() => undefined), opts.analyzeEverySeconds * 1000)
      : null;
    const warmupWindow = opts.warmup > 0 ? await load(opts.warmup) : () => fromMutations([], 0);
    const loadAverage = os.loadavg()[0];
    const cpu = cpuWindow(dispatcher ? [api.pid, dispatcher.pid] : api.pid, opts.database);
    const dispatcherCpuBefore = dispatcher ? processCpuMs(dispatcher.pid) : null;
    const measuredWindow = await load(opts.seconds);
    const used = cpu();
    const dispatcherCpuMs = dispatcher && dispatcherCpuBefore !== null ? (processCpuMs(dispatcher.pid) ?? dispatcherCpuBefore) - dispatcherCpuBefore : null;
    const commitWaitMs = feed ? await feed.allCommitted(opts.drainSeconds * 1000) : 0;
    const feedEvents = feed ? await feed.assignEvents() : null;
    const [warmup, measured] = [warmupWindow(), measuredWindow()];
    const { committed } = measured;
    console.log(`load: ${measured.offered} ${feed ? "records" : "mutations"} offered at ${opts.rate}/s over ${opts.seconds} s, ${committed.length} committed events, ${measured.failures.length} failed, ${measured.skipped} skipped; draining…`);
    const drainMs = commitWaitMs + (await drained([...warmup.committed, ...committed], [receiver.arrivals, consumer.arrivals], arrivalsOf, opts.drainSeconds * 1000));
    const loadEvents = new Set([...warmup.committed, ...committed].map((event) => event.key));
    const unrelated = (sink: Arrivals) => (feed ? [...sink.byEvent.keys()].filter((id) => !loadEvents.has(id)).length : sink.unrelated);

    const firstDue = committed.reduce((min, event) => Math.min(min, event.dueAt), Infinity);
    const lastCommit = committed.reduce((max, event) => Math.max(max, event.committedAt), -Infinity);
    const apiCpuMs = used.serverCpuMs === null ? null : used.serverCpuMs - (dispatcherCpuMs ?? 0);
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cores: os.cpus().length,
      options: { ...opts, url: undefined },
      environment: { ...dispatchEnv, WEBHOOK_DISPATCH: opts.dispatcher === "api" ? "on" : "off (npm run dispatcher)", ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(WEBHOOK_|NATS_ACK)/.test(name))) },
      customers: seeded.customers,
      loadAverageBefore: Math.round(loadAverage * 100) / 100,
      cpu: {
        apiMsPerEvent: perEvent(apiCpuMs, committed.length),
        dispatcherProcessMsPerEvent: perEvent(dispatcherCpuMs, committed.length),
        databaseMsPerEvent: perEvent(used.databaseCpuMs, committed.length),
        // the load generator, receiver and consumer; with --producer import also the import itself
        benchMsPerEvent: perEvent(used.selfCpuMs, committed.length),
        otherCpuShare: used.otherCpuShare,
      },
      load: {
        producer: feed ? `import batches of ${opts.batch} changed customers (${opts.importCustomers} in turn), one customer.updated each` : "recordInteraction mutations, one interaction.recorded each",
        offered: measured.offered, committed: committed.length, failed: measured.failures.length, skipped: measured.skipped,
        failures: Object.entries(measured.failures.reduce<Record<string, number>>((acc, error) => ((acc[error] = (acc[error] ?? 0) + 1), acc), {})).slice(0, 5),
        ...(feed && feedEvents
          ? { jobEventsWithoutRecord: feedEvents.extraEvents, jobEventsOfOtherTypes: feedEvents.otherTypes, batchTransactionMs: latencySummary(feed.transactionMs) } // warm-up included
          : {}),
        achievedEventsPerSecond: committed.length === 0 ? 0 : Math.round((committed.length / ((lastCommit - firstDue) / 1000)) * 10) / 10,
        /** Mutations: due → answer; imports: the batch due → its transaction returned. */
        dueToCommit: latencySummary(committed.map((event) => event.committedAt - event.dueAt)),
      },
      drainMs,
      floors: floor,
      webhook: delivery(committed, receiver.arrivals, arrivalsOf, unrelated(receiver.arrivals), floor.http),
      nats: delivery(committed, consumer.arrivals, arrivalsOf, unrelated(consumer.arrivals), floor.nats),
    };
    const targets = [
      { name: "p95 commit→webhook at the rate", limit: "<= 1000 ms", actual: result.webhook.latency.p95Ms, pass: result.webhook.latency.p95Ms <= 1000 },
      { name: "p95 commit→NATS at the rate", limit: "<= 200 ms", actual: result.nats.latency.p95Ms, pass: result.nats.latency.p95Ms <= 200 },
      { name: "events lost (webhook + NATS)", limit: "= 0", actual: result.webhook.lost + result.nats.lost, pass: result.webhook.lost + result.nats.lost === 0 },
      { name: "achieved events/s", limit: `>= ${Math.round(opts.rate * 0.95)} (95% of --rate)`, actual: result.load.achievedEventsPerSecond, pass: result.load.achievedEventsPerSecond >= opts.rate * 0.95 },
    ];
    const file = resultsFile(opts);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ ...result, targets }, null, 2)}\n`);
    console.log(`\n${report(result, feed ? "import batch (due → commit)" : "mutation (due → answer)")}\n`);
    if (opts.compareDispatch) {
      await api.stop();
      console.log(`dispatcher on vs off: ${opts.comparePairs} pairs of ${opts.compareSeconds} s windows at ${opts.compareRate}/s, the API restarted for each…`);
      const comparison = await compareDispatch(
        {
          startApi: (dispatch) => startApi(opts.url, false, { ...dispatchEnv, WEBHOOK_DISPATCH: dispatch ? "on" : "off" }),
          caughtUp: () => dispatcherCaughtUp(db, 300_000),
          load: (url, seconds) => loadOn(url, opts.compareRate, seconds),
        },
        { pairs: opts.comparePairs, seconds: opts.compareSeconds, warmupSeconds: Math.max(opts.warmup, 2), rate: opts.compareRate, database: opts.database },
      );
      const within = comparison.ratio.p50 <= 1.1;
      targets.push({ name: "mutation p50 dispatcher on / off", limit: "<= 1.1", actual: comparison.ratio.p50, pass: within });
      // the comparison first waited for the dispatcher to catch up: what the drain deadline counted as lost should have arrived since
      const missing = (sink: Arrivals) => committed.filter((event) => !arrivalsOf(sink).has(event.key)).length;
      const missingAfterCatchUp = { webhook: missing(receiver.arrivals), nats: missing(consumer.arrivals) };
      console.log(`measured events still missing after the catch-up: webhook ${missingAfterCatchUp.webhook}, NATS ${missingAfterCatchUp.nats}`);
      fs.writeFileSync(file, `${JSON.stringify({ ...result, missingAfterCatchUp, compareDispatch: comparison, targets }, null, 2)}\n`);
      const side = (name: string, s: DispatchComparison["on"]) =>
        `| dispatcher ${name} | ${ms(s.mutationLatency)} | ${s.failed} | ${s.apiCpuMsPerMutation ?? "n/a"} | ${s.databaseCpuMsPerMutation ?? "n/a"} |`;
      console.log(
        ["| mutation latency | p50 ms | p95 ms | p99 ms | max ms | failed | API CPU ms/mutation | DB CPU ms/mutation |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
          side("on", comparison.on), side("off", comparison.off), `on / off: p50 ${comparison.ratio.p50}×, p95 ${comparison.ratio.p95}×`].join("\n") + "\n",
      );
    }
    for (const t of targets) console.log(`target ${t.name} ${t.limit}: ${t.actual} → ${t.pass ? "PASS" : "MISS"}`);
    console.log(`written ${path.relative(process.cwd(), file)}`);
  } finally {
    if (analyzing) clearInterval(analyzing);
    agent.destroy();
    const job = await feed?.close(60_000);
    if (feed && job?.status !== "COMPLETED") console.error(`the feed's import job did not complete within 60 s (${job?.status ?? "still running"})`);
    await dispatcher?.stop();
    await api.stop();
    await consumer.close();
    await receiver.close();
    await (await jetstreamManager(nc)).streams.delete(spec.streamName).catch(() => undefined);
    await nc.close();
    await db.end();
  }
}

const ms = (s: LatencySummary) => `${s.p50Ms} | ${s.p95Ms} | ${s.p99Ms} | ${s.maxMs}`;

/** The run as a Markdown table (printed, and pasted into docs/performance.md). */
function report(r: { load: { achievedEventsPerSecond: number; dueToCommit: LatencySummary }; webhook: Delivery; nats: Delivery; floors: { http: LatencySummary; nats: LatencySummary } }, producer: string): string {
  return [
    `achieved ${r.load.achievedEventsPerSecond} events/s`,
    "",
    "| measured | p50 ms | p95 ms | p99 ms | max ms | events/s | lost | duplicates | p50 / floor | p95 / floor |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${producer} | ${ms(r.load.dueToCommit)} | ${r.load.achievedEventsPerSecond} | | | | |`,
    ...(["webhook", "NATS"] as const).map((name) => {
      const d = name === "webhook" ? r.webhook : r.nats;
      return `| commit → ${name} | ${ms(d.latency)} | ${d.arrivedPerSecond} | ${d.lost} | ${d.duplicates} | ${d.ratioToFloor.p50} | ${d.ratioToFloor.p95} |`;
    }),
    `| floor: bare POST to the receiver | ${ms(r.floors.http)} | | | | | |`,
    `| floor: JetStream publish → consume | ${ms(r.floors.nats)} | | | | | |`,
  ].join("\n");
}

runBench("bench:events", main);
