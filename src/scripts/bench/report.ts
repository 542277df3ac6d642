import type { LoadResult } from "./measure";

/** What the bench measured, as printed and as written to bench/results.json. */
export interface ServerMeasurement extends LoadResult {
  /** SQL statements per request (the API from /metrics; the floor is 1 by construction); null: not available. */
  sqlStatementsPerRequest: number | null;
  /** CPU milliseconds per request of the server process, and of the database backends (all connections to the bench database). */
  serverCpuMsPerRequest: number | null;
  databaseCpuMsPerRequest: number | null;
  /** Share of all cores that other processes (neither server, database backends nor the load generator) used meanwhile. */
  otherCpuShare: number | null;
  peakRssMb: number | null;
}

export interface ScenarioResult {
  key: string;
  title: string;
  equivalence: string;
  ours: ServerMeasurement;
  floor: ServerMeasurement;
  ratios: { requestsPerSecond: number; p99: number };
}

export interface OverloadResult {
  connections: number;
  seconds: number;
  requests: number;
  ok2xx: number;
  unavailable503: number;
  otherStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  maxLatencyMs: number;
  p99Ms: number;
  peakRssMb: number | null;
  readyAfterwards: boolean;
  /** From the API's /metrics over the overload run: why requests were shed, and error codes returned. */
  shedByReason: Record<string, number>;
  errorsByCode: Record<string, number>;
  checks: Record<string, boolean>;
  pass: boolean;
}

export interface Target {
  name: string;
  limit: string;
  actual: number | null;
  pass: boolean;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

export function scenarioResult(key: string, title: string, equivalence: string, ours: ServerMeasurement, floor: ServerMeasurement): ScenarioResult {
  return {
    key,
    title,
    equivalence,
    ours,
    floor,
    ratios: { requestsPerSecond: ratio(ours.requestsPerSecond, floor.requestsPerSecond), p99: ratio(ours.p99Ms, floor.p99Ms) },
  };
}

export function overloadResult(
  run: LoadResult,
  connections: number,
  seconds: number,
  peakRssMb: number | null,
  readyAfterwards: boolean,
  reasons: Pick<OverloadResult, "shedByReason" | "errorsByCode">,
): OverloadResult {
  const ok2xx = Object.entries(run.statusCodes).filter(([code]) => code.startsWith("2")).reduce((n, [, count]) => n + count, 0);
  const unavailable503 = run.statusCodes["503"] ?? 0;
  const otherStatuses = Object.fromEntries(Object.entries(run.statusCodes).filter(([code]) => !code.startsWith("2") && code !== "503"));
  const checks = {
    noErrorsOrTimeouts: run.errors === 0 && run.timeouts === 0,
    non2xxAre503: Object.keys(otherStatuses).length === 0,
    maxLatencyWithin10s: run.maxMs <= 10_000,
    rssWithin600MB: peakRssMb !== null && peakRssMb <= 600,
  };
  return {
    connections, seconds, requests: run.requests, ok2xx, unavailable503, otherStatuses, errors: run.errors, timeouts: run.timeouts,
    maxLatencyMs: run.maxMs, p99Ms: run.p99Ms, peakRssMb, readyAfterwards, ...reasons, checks, pass: Object.values(checks).every(Boolean),
  };
}

/** The issue's targets: our/floor throughput on the 360 and the list, and p99 at most 5× the floor's. */
export function evaluateTargets(scenarios: ScenarioResult[]): Target[] {
  const byKey = new Map(scenarios.map((s) => [s.key, s]));
  const targets: Target[] = [];
  const minimum = (key: string, limit: number) => {
    const actual = byKey.get(key)?.ratios.requestsPerSecond ?? null;
    targets.push({ name: `${key} req/s ours/floor`, limit: `>= ${limit}`, actual, pass: actual !== null && actual >= limit });
  };
  minimum("customer360", 0.18);
  minimum("customers", 0.3);
  for (const s of scenarios) {
    targets.push({ name: `${s.key} p99 ours/floor`, limit: "<= 5", actual: s.ratios.p99, pass: s.ratios.p99 > 0 && s.ratios.p99 <= 5 });
  }
  return targets;
}

const n = (value: number | null, digits = 0) => (value === null ? "n/a" : value.toFixed(digits));

/** The comparison as a Markdown table (printed, and pasted into docs/performance.md). */
export function markdownTable(scenarios: ScenarioResult[]): string {
  const lines = [
    "| scenario | server | req/s | p50 ms | p99 ms | non-2xx | errors | SQL/request | server CPU ms/req | DB CPU ms/req | peak RSS MB | other load | req/s ratio | p99 ratio |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const s of scenarios) {
    for (const [server, m] of [["ours", s.ours], ["floor", s.floor]] as const) {
      const ratios = server === "ours" ? `${n(s.ratios.requestsPerSecond, 3)} | ${n(s.ratios.p99, 2)}` : " | ";
      lines.push(
        `| ${server === "ours" ? s.title : ""} | ${server} | ${n(m.requestsPerSecond, 1)} | ${m.p50Ms} | ${m.p99Ms} | ${m.non2xx} | ${m.errors} | ` +
          `${n(m.sqlStatementsPerRequest, 2)} | ${n(m.serverCpuMsPerRequest, 2)} | ${n(m.databaseCpuMsPerRequest, 2)} | ${n(m.peakRssMb)} | ` +
          `${m.otherCpuShare === null ? "n/a" : `${Math.round(m.otherCpuShare * 100)}%`} | ${ratios} |`,
      );
    }
  }
  return lines.join("\n");
}

export function overloadLine(o: OverloadResult): string {
  const others = Object.entries(o.otherStatuses).map(([code, count]) => `${code}: ${count}`).join(", ") || "none";
  const failed = Object.entries(o.checks).filter(([, ok]) => !ok).map(([name]) => name);
  return (
    `overload ${o.connections} connections × ${o.seconds} s: ${o.requests} responses, 2xx ${o.ok2xx}, 503 ${o.unavailable503}, ` +
    `other statuses ${others}, errors ${o.errors} (timeouts ${o.timeouts}), max latency ${o.maxLatencyMs} ms, p99 ${o.p99Ms} ms, ` +
    `peak RSS ${n(o.peakRssMb)} MB, ready afterwards: ${o.readyAfterwards} → ${o.pass ? "PASS" : `FAIL (${failed.join(", ")})`}\n` +
    `  shed by the API (reason: count): ${JSON.stringify(o.shedByReason)}; GraphQL error codes: ${JSON.stringify(o.errorsByCode)}`
  );
}
