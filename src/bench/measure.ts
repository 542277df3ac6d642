import autocannon from "autocannon";

/** One load run: POST bodies in rotation to one URL, summarised as the bench reports it. */
export interface LoadOptions {
  url: string;
  token: string;
  bodies: string[];
  connections: number;
  seconds: number;
  /** Seconds before autocannon counts a request as timed out. */
  timeoutSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: options.url,
    method: "POST",
    connections: options.connections,
    duration: options.seconds,
    timeout: options.timeoutSeconds ?? 10,
    headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
    // every request takes the next body, so that all connections together rotate over them
    requests: [{ method: "POST", setupRequest: (request) => ({ ...request, body: options.bodies[next++ % options.bodies.length] }) }],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  return {
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

export interface StatementCounter {
  sum: number;
  count: number;
}

/**
 * customer360_sql_statements_per_request (_sum and _count over every operation label) from the
 * API's /metrics (the metrics port in production mode); null when the endpoint or the histogram is not there.
 */
export async function readStatementCounter(metricsUrl: string): Promise<StatementCounter | null> {
  try {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (res.status !== 200) return null;
    const text = await res.text();
    const total = (suffix: "sum" | "count") =>
      [...text.matchAll(new RegExp(`^customer360_sql_statements_per_request_${suffix}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, "gm"))]
        .reduce((acc, match) => acc + Number(match[1]), 0);
    if (!/^customer360_sql_statements_per_request_count/m.test(text)) return null;
    return { sum: total("sum"), count: total("count") };
  } catch {
    return null;
  }
}

/** Statements per request between two readings, or null when either is missing or nothing was counted. */
export function statementsPerRequest(before: StatementCounter | null, after: StatementCounter | null): number | null {
  if (!before || !after || after.count <= before.count) return null;
  return Math.round(((after.sum - before.sum) / (after.count - before.count)) * 100) / 100;
}

/** A labelled counter from /metrics as { "<label value>": value } (first label only); {} when absent. */
export async function readCounter(metricsUrl: string, metric: string): Promise<Record<string, number>> {
  try {
    const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (res.status !== 200) return {};
    const values: Record<string, number> = {};
    for (const match of (await res.text()).matchAll(new RegExp(`^${metric}\\{[a-z_]+="([^"]*)"[^}]*\\} ([0-9.eE+-]+)$`, "gm"))) {
      values[match[1]] = (values[match[1]] ?? 0) + Number(match[2]);
    }
    return values;
  } catch {
    return {};
  }
}

export function counterDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([label, value]) => [label, value - (before[label] ?? 0)]).filter(([, delta]) => (delta as number) > 0),
  );
}
