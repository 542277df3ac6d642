import { COMPARISON_LEVELS, COMPARISONS } from "./comparisons";
import type { LevelDistribution } from "./level-distribution";
import type { MatchModel, MatchThresholds } from "./match-model";

export function buildModel(m: LevelDistribution, u: LevelDistribution, prior: number, thresholds: MatchThresholds): MatchModel {
  const comparisons = {} as MatchModel["comparisons"];
  for (const name of COMPARISONS) {
    comparisons[name] = {};
    for (const level of COMPARISON_LEVELS[name]) comparisons[name][level] = { m: m[name][level], u: u[name][level] };
  }
  return { prior, comparisons, thresholds };
}
