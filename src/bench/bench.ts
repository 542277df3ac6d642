import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { signToken } from "../auth/token";
import { Role } from "../auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../modules/staff/staff-id";
import { integerOption } from "./options";
import { runBench, timeLimit, type ServerChild } from "./children";
import { benchDatabaseUrl, prepareDatabase } from "./database";
import { compareAnswers, describeEquivalence } from "./equivalence";
import { counterDelta, readCounter, readStatementCounter, runLoad, statementsPerRequest } from "./measure";
import {
  evaluateTargets, markdownTable, overloadLine, overloadResult, roundLines, scenarioResult,
  type OverloadResult, type ScenarioResult, type ServerMeasurement,
} from "./report";
import os from "node:os";
import { cpuWindow, peakRssMb, resetPeakRss } from "./proc-stats";
import { summariseProfile } from "./profile-summary";
import { roundOrder } from "./rounds";
import { benchScenarios, type Scenario } from "./scenarios";
import { apiEnvironment, BENCH_PII_KEY, PROFILE_DIR, PROJECT_ROOT, startApi, startFloor } from "./servers";
import { HOSTILE_TARGET_MS, hostileLatencies, hostileTable } from "./hostile";

/**
 * npm run bench [-- --customers 100000 --seconds 10 --warmup 3 --rounds 3]
 * npm run bench -- --profile [--scenario customer360|customers|offers|me]   (CPU profile of the API only)
 * npm run bench -- --only offers   (one scenario against both floors; no hostile or overload run, results.json untouched)
 * Our API against a hand-written single-SQL floor, unprepared and prepared, on the same PostgreSQL
 * and data (issue 8): four scenarios at 10 connections (the last one, `{ me { role } }`, is the
 * fixed cost of a request), then 1000 connections against the API (shedding load).
 * Writes bench/results.json; see docs/performance.md for the method and the latest numbers.
 */
const CONNECTIONS = 10;
const OVERLOAD_CONNECTIONS = 1000;
const OVERLOAD_SECONDS = 10;
const ROTATION = 50;

function options() {
  const { values } = parseArgs({
    options: {
      customers: { type: "string", default: "100000" },
      seconds: { type: "string", default: "10" },
      warmup: { type: "string", default: "3" },
      profile: { type: "boolean", default: false },
      scenario: { type: "string", default: "customer360" },
      only: { type: "string" },
      rounds: { type: "string", default: "3" },
    },
  });
  return {
    customers: integerOption("customers", values.customers, 1, 1_000_000),
    seconds: integerOption("seconds", values.seconds, 1, 300),
    warmup: integerOption("warmup", values.warmup, 0, 60),
    /** Rounds per scenario: each measures the three servers one after another, in an order that turns (ratios are the rounds' median). */
    rounds: integerOption("rounds", values.rounds, 1, 9),
    profile: values.profile,
    profiledScenario: values.scenario,
    /** One scenario against both floors, no hostile or overload run, results.json left alone (for quick before/after). */
    only: values.only ?? null,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

type Options = ReturnType<typeof options> & { database: string };

const perRequest = (spent: number | null, requests: number) => (spent === null || requests === 0 ? null : Math.round((spent / requests) * 100) / 100);

/**
 * Warm-up, then the measured run, with that window's peak RSS, CPU per request of the server
 * process and of the database's backends, and (for the API) SQL statements per request.
 */
async function measure(server: ServerChild & { metricsUrl?: string }, url: string, token: string, bodies: string[], opts: Options, api: boolean): Promise<ServerMeasurement> {
  resetPeakRss(server.pid);
  if (opts.warmup > 0) await runLoad({ url, token, bodies, connections: CONNECTIONS, seconds: opts.warmup });
  const statementsBefore = api && server.metricsUrl ? await readStatementCounter(server.metricsUrl) : null;
  const cpu = cpuWindow(server.pid, opts.database);
  const run = await runLoad({ url, token, bodies, connections: CONNECTIONS, seconds: opts.seconds });
  const used = cpu();
  const statementsAfter = api && server.metricsUrl ? await readStatementCounter(server.metricsUrl) : null;
  return {
    ...run,
    sqlStatementsPerRequest: api ? statementsPerRequest(statementsBefore, statementsAfter) : 1,
    serverCpuMsPerRequest: perRequest(used.serverCpuMs, run.requests),
    databaseCpuMsPerRequest: perRequest(used.databaseCpuMs, run.requests),
    otherCpuShare: used.otherCpuShare,
    peakRssMb: peakRssMb(server.pid),
  };
}

async function overload(api: ServerChild & { metricsUrl: string }, token: string, scenario: Scenario): Promise<OverloadResult> {
  resetPeakRss(api.pid);
  const counters = () => Promise.all([readCounter(api.metricsUrl, "customer360_requests_shed_total"), readCounter(api.metricsUrl, "customer360_graphql_errors_total")]);
  const [shedBefore, errorsBefore] = await counters();
  const run = await runLoad({
    url: `${api.url}/graphql`, token, bodies: scenario.bodies, connections: OVERLOAD_CONNECTIONS, seconds: OVERLOAD_SECONDS, timeoutSeconds: 10,
  });
  const rss = peakRssMb(api.pid);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const ready = await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((res) => res.status === 200, () => false);
  const [shedAfter, errorsAfter] = await counters();
  return overloadResult(run, OVERLOAD_CONNECTIONS, OVERLOAD_SECONDS, rss, ready, {
    shedByReason: counterDelta(shedBefore, shedAfter),
    errorsByCode: counterDelta(errorsBefore, errorsAfter),
  });
}

async function profileRun(api: ServerChild & { metricsUrl: string }, token: string, scenario: Scenario, opts: Options): Promise<void> {
  const ours = await measure(api, `${api.url}/graphql`, token, scenario.bodies, opts, true);
  console.log(`profiled ${scenario.title}: ${ours.requestsPerSecond} req/s, p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms (slower while profiling)`);
  await api.stop();
  const profiles = fs.readdirSync(PROFILE_DIR).filter((file) => file.endsWith(".cpuprofile")).sort();
  const newest = profiles[profiles.length - 1];
  if (!newest) throw new Error(`no CPU profile was written to ${PROFILE_DIR}`);
  console.log(summariseProfile(path.join(PROFILE_DIR, newest)));
  console.log(`CPU profile: ${path.join(PROFILE_DIR, newest)} — open it in Chrome DevTools (Performance) or speedscope`);
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl(process.env);
  const opts = { ...options(), database: new URL(databaseUrl).pathname.slice(1) };
  const database = await prepareDatabase(databaseUrl, opts.customers, BENCH_PII_KEY, ROTATION);
  const settings = loadConfig(apiEnvironment(databaseUrl, 0)); // the same secret and issuer the API will use
  const token = (role: Role) => signToken({ sub: staffIdFor(DEFAULT_USERNAME_BY_ROLE[role]), role }, settings, "2h");
  const tokens = { [Role.AGENT]: await token(Role.AGENT), [Role.ADMIN]: await token(Role.ADMIN), [Role.MARKETING]: await token(Role.MARKETING) } as Record<Role, string>;
  const all = benchScenarios(database.customer360Ids);
  const scenarios = opts.only ? all.filter((s) => s.key === opts.only) : all;
  if (scenarios.length === 0) throw new Error(`--only must be one of ${all.map((s) => s.key).join(", ")}`);

  // everything below is bounded: per run (warm-up + measure + slack) per server and scenario, plus start-up and overload
  const limitSeconds = scenarios.length * opts.rounds * 3 * (opts.warmup + opts.seconds + 30) + OVERLOAD_SECONDS + 240;
  timeLimit("bench", limitSeconds);

  const api = await startApi(databaseUrl, opts.profile);
  if (opts.profile) {
    const profiled = scenarios.find((s) => s.key === opts.profiledScenario);
    if (!profiled) throw new Error(`--scenario must be one of ${scenarios.map((s) => s.key).join(", ")}`);
    return profileRun(api, tokens[profiled.role], profiled, opts);
  }
  const floor = await startFloor(databaseUrl, false);
  const preparedFloor = await startFloor(databaseUrl, true);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const apiUrl = `${api.url}/graphql`;
    const floorUrl = `${floor.url}${scenario.floorPath}`;
    const tokenOf = tokens[scenario.role];
    const equivalence = describeEquivalence(await compareAnswers(apiUrl, floorUrl, tokenOf, scenario.bodies));
    console.log(`${scenario.title}: ours vs floor ${equivalence}`);
    const servers = [
      { name: "ours", run: () => measure(api, apiUrl, tokenOf, scenario.bodies, opts, true) },
      { name: "floor", run: () => measure(floor, floorUrl, tokenOf, scenario.bodies, opts, false) },
      { name: "preparedFloor", run: () => measure(preparedFloor, `${preparedFloor.url}${scenario.floorPath}`, tokenOf, scenario.bodies, opts, false) },
    ] as const;
    const rounds = [];
    for (let round = 0; round < opts.rounds; round += 1) {
      const measured = {} as Record<(typeof servers)[number]["name"], ServerMeasurement>;
      const order = roundOrder(servers.length, round).map((i) => servers[i]);
      for (const server of order) measured[server.name] = await server.run();
      rounds.push({ order: order.map((server) => server.name), ...measured });
      const { ours, floor: floorRun, preparedFloor: preparedRun } = measured;
      console.log(
        `  round ${round + 1}/${opts.rounds}: ours ${ours.requestsPerSecond} req/s p99 ${ours.p99Ms} ms, ${ours.serverCpuMsPerRequest ?? "n/a"} ms API CPU/req; ` +
          `floor ${floorRun.requestsPerSecond} req/s p99 ${floorRun.p99Ms} ms; prepared floor ${preparedRun.requestsPerSecond} req/s p99 ${preparedRun.p99Ms} ms`,
      );
    }
    results.push(scenarioResult(scenario.key, scenario.title, equivalence, rounds));
  }
  await Promise.all([floor.stop(), preparedFloor.stop()]);
  if (opts.only) {
    await api.stop();
    console.log(`\n${markdownTable(results)}\n\n${roundLines(results)}\n`);
    return;
  }
  const hostile = await hostileLatencies(`${api.url}/graphql`, await token(Role.ADMIN), {
    production: true,
    maxCost: settings.limits.maxCost,
    customerId: database.customer360Ids[0],
    jwt: { secret: settings.jwtSecret, issuer: settings.jwtIssuer, audience: settings.jwtAudience },
    staff: { admin: staffIdFor("admin"), agent: staffIdFor(DEFAULT_USERNAME_BY_ROLE[Role.AGENT]), inactive: staffIdFor("former.agent") },
  });
  const overloaded = await overload(api, tokens[Role.AGENT], scenarios.find((s) => s.key === "customer360") ?? scenarios[0]);
  await api.stop();

  const targets = evaluateTargets(results);
  const report = {
    date: new Date().toISOString(),
    gitCommit: git(["rev-parse", "HEAD"]) || "unknown",
    gitDirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
    node: process.version,
    cores: os.cpus().length,
    // settings from the environment that change what is measured
    environment: Object.fromEntries(
      ["NODE_OPTIONS", "MAX_IN_FLIGHT", "REQUEST_TIMEOUT_MS", "DB_ACQUIRE_TIMEOUT_MS", "STATEMENT_TIMEOUT_MS", "MAX_COST", "SQL_STATEMENT_COUNTS", "COMPILED_READS", "AUDIT_IN_READ"]
        .filter((name) => process.env[name]).map((name) => [name, process.env[name]]),
    ),
    database: { host: new URL(databaseUrl).host, name: new URL(databaseUrl).pathname.slice(1) },
    customers: database.customers,
    method: {
      connections: CONNECTIONS,
      warmupSeconds: opts.warmup,
      seconds: opts.seconds,
      rounds: opts.rounds,
      ratios: "per scenario, the median over the rounds of each round's ratio; each round measures the three servers one after another, the order turning by one place per round",
      rotationOf360Ids: database.customer360Ids.length,
      floors: "unprepared (pg's unnamed statements) and prepared (named statements), both measured",
    },
    scenarios: results,
    hostile: { targetMs: HOSTILE_TARGET_MS, categories: hostile },
    overload: overloaded,
    targets,
    pass: targets.every((t) => t.pass) && overloaded.pass,
  };
  const file = path.join(PROJECT_ROOT, "bench", "results.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n${markdownTable(results)}\n\n${roundLines(results)}\n`);
  console.log(`hostile input (sequential, production mode):\n${hostileTable(hostile)}\n`);
  console.log(overloadLine(overloaded));
  for (const t of targets) console.log(`target ${t.name} ${t.limit}: ${t.actual ?? "n/a"} → ${t.pass ? "PASS" : "FAIL"}`);
  if (results.some((r) => r.ours.sqlStatementsPerRequest === null)) console.log("SQL statements per request: n/a (the API has no /metrics histogram yet)");
  console.log(`written ${path.relative(process.cwd(), file)}`);
}

runBench("bench", main);
