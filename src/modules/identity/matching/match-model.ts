import type { ComparisonName } from "./comparisons";

/** m = P(level | same person), u = P(level | different people). */
export interface LevelProbabilities {
  m: number;
  u: number;
}

/** Weights at or above `link` are linked automatically; from `review` up to `link`, reviewed. */
export interface MatchThresholds {
  link: number;
  review: number;
}

/** Plain JSON: stored, versioned and reloaded as is. */
export interface MatchModel {
  /** λ: the share of same-person pairs among the candidate pairs that blocking produces. */
  prior: number;
  comparisons: Record<ComparisonName, Record<string, LevelProbabilities>>;
  thresholds: MatchThresholds;
}

export type MatchDecision = "LINK" | "REVIEW" | "NONE";

export function classify(weight: number, thresholds: MatchThresholds): MatchDecision {
  if (weight >= thresholds.link) return "LINK";
  return weight >= thresholds.review ? "REVIEW" : "NONE";
}

/** Keeps a zero probability from giving an infinite weight. */
export const PROBABILITY_FLOOR = 1e-9;

export function matchWeight(m: number, u: number): number {
  return Math.log2(Math.max(m, PROBABILITY_FLOOR) / Math.max(u, PROBABILITY_FLOOR));
}
