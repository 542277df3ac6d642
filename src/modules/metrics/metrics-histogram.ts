import { HISTOGRAM_GAMMA } from "./metrics-daily";

/** A merged log-bucket histogram (metrics-daily.ts): bucket key → count. */
export type Histogram = Record<string, number>;

/** The value a bucket stands for: within (γ−1)/(γ+1) of every value in it. */
export function bucketValue(key: string): number {
  if (key === "z") return 0;
  const magnitude = (2 * HISTOGRAM_GAMMA ** Number(key.slice(1))) / (HISTOGRAM_GAMMA + 1);
  return key.startsWith("-") ? -magnitude : magnitude;
}

/** The relative bound of a median read from a histogram (of values of one sign). */
export const HISTOGRAM_RELATIVE_ERROR = (HISTOGRAM_GAMMA - 1) / (HISTOGRAM_GAMMA + 1);

/**
 * The median as percentile_cont(0.5) takes it (the middle value, or the mean of the two middle
 * ones), each read as its bucket's value; null for an empty histogram.
 */
export function histogramMedian(histogram: Histogram | null): number | null {
  const buckets = Object.entries(histogram ?? {})
    .map(([key, count]) => ({ value: bucketValue(key), count: Number(count) }))
    .filter((b) => b.count > 0)
    .sort((a, b) => a.value - b.value);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.count;
      if (rank < seen) return b.value;
    }
    return buckets[buckets.length - 1].value;
  };
  const middle = (total - 1) / 2;
  return (at(Math.floor(middle)) + at(Math.ceil(middle))) / 2;
}
