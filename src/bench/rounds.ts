import type { LoadResult } from "./measure";

/** The middle value (the mean of the two middle ones for an even count); 0 when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.ceil((sorted.length - 1) / 2)]) / 2;
}

/** Rounded to a tenth, as the bench prints rates and latencies. */
export const tenth = (value: number) => Math.round(value * 10) / 10;

/**
 * Several rounds of one load as one result: the medians of throughput and latencies (each its own
 * median), the highest latency seen, and the requests and failures of all rounds together.
 */
export function medianLoad(results: LoadResult[]): LoadResult {
  if (results.length === 1) return results[0];
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const statusCodes: Record<string, number> = {};
  for (const r of results) for (const [code, count] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    requestsPerSecond: tenth(median(results.map((r) => r.requestsPerSecond))),
    requests: sum((r) => r.requests),
    p50Ms: tenth(median(results.map((r) => r.p50Ms))),
    p99Ms: tenth(median(results.map((r) => r.p99Ms))),
    maxMs: Math.max(...results.map((r) => r.maxMs)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
  };
}

/** Round r's order of n servers: each server takes each place once over n rounds (0 1 2, 1 2 0, 2 0 1, …). */
export function roundOrder(n: number, round: number): number[] {
  return Array.from({ length: n }, (_, place) => (place + round) % n);
}
