import { COMPARISON_LEVELS, COMPARISONS, type ComparisonName, type ComparisonVector } from "./comparisons";
import { estimateM, type EmOptions } from "./estimate-m";
import { levelProbability, type LevelDistribution } from "./level-distribution";

/**
 * Candidate pairs found by one blocking rule, and the comparisons that rule forces to agree.
 * Within the session those comparisons say nothing about matching, so they are left out.
 */
export interface TrainingSession {
  vectors: readonly ComparisonVector[];
  blockedOn: readonly ComparisonName[];
}

export interface SessionEstimate {
  m: LevelDistribution;
  /** For each session: iterations, whether it converged, and its λ. */
  sessions: { blockedOn: readonly ComparisonName[]; pairs: number; iterations: number; converged: boolean; prior: number }[];
}

/**
 * Splink's way round the bias of blocking: pairs that share a phone agree on the phone far more
 * often than u says, so one EM over all candidates would call every pair a match. Each session
 * estimates the comparisons its rule did not block on; their m is averaged across sessions.
 */
export function estimateMBySessions(sessions: readonly TrainingSession[], u: LevelDistribution, options: EmOptions = {}): SessionEstimate {
  const sums = COMPARISONS.map((name) => COMPARISON_LEVELS[name].map(() => 0));
  const counts = COMPARISONS.map(() => 0);
  const report: SessionEstimate["sessions"] = [];
  for (const session of sessions) {
    const blocked = COMPARISONS.map((name) => session.blockedOn.includes(name));
    const masked = session.vectors.map((vector) => vector.map((level, c) => (blocked[c] ? -1 : level)));
    const em = estimateM(masked, u, { initialPrior: 0.5, ...options });
    report.push({ blockedOn: session.blockedOn, pairs: masked.length, iterations: em.iterations, converged: em.converged, prior: em.prior });
    COMPARISONS.forEach((name, c) => {
      if (blocked[c]) return;
      counts[c]++;
      COMPARISON_LEVELS[name].forEach((_, l) => (sums[c][l] += levelProbability(em.m, c, l)));
    });
  }
  const m = {} as LevelDistribution;
  COMPARISONS.forEach((name, c) => {
    if (counts[c] === 0) throw new Error(`no training session estimates ${name}`);
    m[name] = Object.fromEntries(COMPARISON_LEVELS[name].map((level, l) => [level, sums[c][l] / counts[c]]));
  });
  return { m, sessions: report };
}

/** λ among all candidate pairs, with m and u held: the prior a new pair starts from. */
export function estimatePrior(vectors: readonly ComparisonVector[], m: LevelDistribution, u: LevelDistribution, iterations = 100): number {
  const likelihood = (vector: ComparisonVector, distribution: LevelDistribution) =>
    vector.reduce((product, level, c) => (level >= 0 ? product * levelProbability(distribution, c, level) : product), 1);
  const ratios = vectors.map((vector) => likelihood(vector, m) / Math.max(likelihood(vector, u), Number.MIN_VALUE));
  let prior = 0.5;
  for (let iteration = 0; iteration < iterations; iteration++) {
    let matches = 0;
    for (const ratio of ratios) matches += (prior * ratio) / (prior * ratio + 1 - prior);
    const next = matches / Math.max(vectors.length, 1);
    if (Math.abs(next - prior) < 1e-7) return next;
    prior = next;
  }
  return prior;
}
