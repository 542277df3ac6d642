import type { ComparisonVector } from "./comparisons";
import { addVector, emptyCounts, levelProbability, toDistribution, type LevelDistribution } from "./level-distribution";

export interface ExpectationMaximisation {
  m: LevelDistribution;
  /** λ among the pairs given. */
  prior: number;
  iterations: number;
  converged: boolean;
}

export interface EmOptions {
  initialPrior?: number;
  maxIterations?: number;
  /** Stop when no m or λ moved by more than this. */
  tolerance?: number;
}

interface Pattern {
  vector: ComparisonVector;
  count: number;
}

/** Candidate pairs collapse to few distinct level patterns; EM then runs over patterns. */
function patterns(vectors: readonly ComparisonVector[]): Pattern[] {
  const byKey = new Map<string, Pattern>();
  for (const vector of vectors) {
    const key = vector.join(",");
    const pattern = byKey.get(key);
    if (pattern) pattern.count++;
    else byKey.set(key, { vector, count: 1 });
  }
  return [...byKey.values()];
}

/** The first level (EXACT) likely among matches, the rest sharing what is left. */
function initialM(): LevelDistribution {
  const counts = emptyCounts().map((levels) => levels.map((_, l) => (l === 0 ? 0.9 : 0.1 / (levels.length - 1))));
  return toDistribution(counts, 0);
}

function likelihood(vector: ComparisonVector, distribution: LevelDistribution): number {
  let product = 1;
  for (let c = 0; c < vector.length; c++) if (vector[c] >= 0) product *= levelProbability(distribution, c, vector[c]);
  return product;
}

/**
 * m probabilities and λ by expectation–maximisation over candidate pairs, with u held fixed
 * (as Splink does by default): u from random pairs is more reliable than what EM would find.
 */
export function estimateM(vectors: readonly ComparisonVector[], u: LevelDistribution, options: EmOptions = {}): ExpectationMaximisation {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  const observed = patterns(vectors);
  const uLikelihood = observed.map((pattern) => likelihood(pattern.vector, u));
  let m = initialM();
  let prior = options.initialPrior ?? 0.3;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const counts = emptyCounts();
    let matches = 0;
    let total = 0;
    observed.forEach((pattern, p) => {
      const matchTerm = prior * likelihood(pattern.vector, m);
      const share = matchTerm / (matchTerm + (1 - prior) * uLikelihood[p]);
      addVector(counts, pattern.vector, share * pattern.count);
      matches += share * pattern.count;
      total += pattern.count;
    });
    const next = toDistribution(counts, 1e-6);
    const nextPrior = matches / total;
    const moved = Math.max(Math.abs(nextPrior - prior), largestChange(m, next));
    m = next;
    prior = nextPrior;
    if (moved < tolerance) return { m, prior, iterations: iteration, converged: true };
  }
  return { m, prior, iterations: maxIterations, converged: false };
}

function largestChange(before: LevelDistribution, after: LevelDistribution): number {
  let largest = 0;
  for (const name of Object.keys(before) as (keyof LevelDistribution)[]) {
    for (const level of Object.keys(before[name])) largest = Math.max(largest, Math.abs(before[name][level] - after[name][level]));
  }
  return largest;
}

export interface ReviewedPair {
  vector: ComparisonVector;
  sameCustomer: boolean;
}

/** m probabilities from reviewers' decisions: level frequencies among confirmed matches. */
export function estimateMFromLabels(pairs: readonly ReviewedPair[]): LevelDistribution {
  const counts = emptyCounts();
  for (const pair of pairs) if (pair.sameCustomer) addVector(counts, pair.vector, 1);
  return toDistribution(counts, 0.5);
}
