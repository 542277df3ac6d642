/** The value at percentile `p` (0–100) of ascending `sorted` (nearest rank, rounding down); 0 when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** p50/p95/p99/max of latencies in milliseconds, rounded to 0.1 ms. */
export function latencySummary(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(sorted, p) * 10) / 10;
  return { samples: sorted.length, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10 };
}
