import { COMPARISON_LEVELS, COMPARISONS, type ComparisonName, type ComparisonVector } from "./comparisons";

/** For each comparison, the probability of each of its levels (MISSING left out). */
export type LevelDistribution = Record<ComparisonName, Record<string, number>>;

export function emptyCounts(): number[][] {
  return COMPARISONS.map((name) => COMPARISON_LEVELS[name].map(() => 0));
}

export function addVector(counts: number[][], vector: ComparisonVector, amount: number): void {
  for (let c = 0; c < vector.length; c++) if (vector[c] >= 0) counts[c][vector[c]] += amount;
}

/** Counts to probabilities; `pseudoCount` per level keeps a level never seen from being impossible. */
export function toDistribution(counts: number[][], pseudoCount: number): LevelDistribution {
  const distribution = {} as LevelDistribution;
  COMPARISONS.forEach((name, c) => {
    const total = counts[c].reduce((sum, count) => sum + count, 0) + pseudoCount * counts[c].length;
    distribution[name] = {};
    COMPARISON_LEVELS[name].forEach((level, l) => {
      distribution[name][level] = total > 0 ? (counts[c][l] + pseudoCount) / total : 1 / counts[c].length;
    });
  });
  return distribution;
}

export function levelProbability(distribution: LevelDistribution, comparison: number, level: number): number {
  const name = COMPARISONS[comparison];
  return distribution[name][COMPARISON_LEVELS[name][level]];
}
