import { comparisonVector } from "./comparisons";
import { addVector, emptyCounts, toDistribution, type LevelDistribution } from "./level-distribution";
import type { PreparedRecord } from "./prepared-record";

/**
 * u probabilities from `sampleSize` random pairs: nearly all of them are different people, so
 * their level frequencies are what chance agreement looks like. `random` returns [0, 1).
 */
export function estimateU(records: readonly PreparedRecord[], sampleSize: number, random: () => number): LevelDistribution {
  if (records.length < 2) throw new Error("u needs at least two records");
  const counts = emptyCounts();
  for (let drawn = 0; drawn < sampleSize; drawn++) {
    const i = Math.floor(random() * records.length);
    let j = Math.floor(random() * (records.length - 1));
    if (j >= i) j++;
    addVector(counts, comparisonVector(records[i], records[j]), 1);
  }
  return toDistribution(counts, 1);
}
