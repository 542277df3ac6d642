import { bucketValue, histogramMedian, HISTOGRAM_RELATIVE_ERROR } from "./metrics-histogram";
import { HISTOGRAM_GAMMA } from "./metrics-daily";

/** The bucket SQL computes ⌈log_γ v⌉; the same in JavaScript for these checks. */
const keyOf = (v: number) => (Math.abs(v) < 1e-9 ? "z" : `${v > 0 ? "+" : "-"}${Math.ceil(Math.log(Math.abs(v)) / Math.log(HISTOGRAM_GAMMA))}`);
const histogramOf = (values: number[]) => values.reduce<Record<string, number>>((h, v) => ({ ...h, [keyOf(v)]: (h[keyOf(v)] ?? 0) + 1 }), {});
const exactMedian = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2;
};

describe("log-bucket histogram medians", () => {
  it("reads every value back within the relative bound (≈ 2.44 %)", () => {
    expect(HISTOGRAM_RELATIVE_ERROR).toBeCloseTo(0.0244, 4);
    for (const v of [0.001, 0.37, 1, 2.5, 24, 71.9, 1000, 86_400]) {
      for (const signed of [v, -v]) expect(Math.abs(bucketValue(keyOf(signed)) - signed) / v).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 1e-12);
    }
    expect(bucketValue("z")).toBe(0);
  });

  it("takes the median as percentile_cont does: the middle value, or the mean of the two", () => {
    expect(histogramMedian({})).toBeNull();
    expect(histogramMedian(null)).toBeNull();
    for (const values of [[5], [1, 100], [0, 0, 3], [2, 4, 8, 16, 32, 64], [0.5, 0.5, 700, 3, 3, 3, 9]]) {
      const exact = exactMedian(values);
      const read = histogramMedian(histogramOf(values))!;
      expect(Math.abs(read - exact)).toBeLessThanOrEqual(Math.abs(exact) * HISTOGRAM_RELATIVE_ERROR + 1e-12);
    }
    expect(histogramMedian({ z: 2, "+10": 1 })).toBe(0);
  });
});
