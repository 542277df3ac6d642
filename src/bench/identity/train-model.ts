import type { BlockingKeyKind } from "../../modules/identity/matching/blocking-keys";
import { buildModel } from "../../modules/identity/matching/build-model";
import type { ComparisonName, ComparisonVector } from "../../modules/identity/matching/comparisons";
import { estimateMFromLabels } from "../../modules/identity/matching/estimate-m";
import { estimateMBySessions, estimatePrior, type TrainingSession } from "../../modules/identity/matching/estimate-m-sessions";
import { estimateU } from "../../modules/identity/matching/estimate-u";
import type { MatchModel } from "../../modules/identity/matching/match-model";
import { InMemoryTermFrequencies } from "../../modules/identity/matching/term-frequencies";
import type { SeedRandom } from "../../seed/random";
import { sharedKinds } from "./candidate-pairs";
import { blockingRecall, candidateVectors, MAX_BLOCK, type LabelledHalf } from "./labelled-half";
import { scoringThroughput } from "./matching-speed";
import { RankedPairs } from "./pair-metrics";

/**
 * Thresholds are chosen on training with a margin over the held-out targets: link precision
 * 0.995 (target 0.99); review catching 99.8 % of the true pairs blocking found (target 0.99 overall).
 */
const TRAINING_PRECISION = 0.995;
const TRAINING_REVIEW_RECALL = 0.998;
const U_SAMPLE = 1_000_000;
const EM_SAMPLE = 1_000_000;
const round3 = (value: number) => Number(value.toFixed(3));

/** Training sessions: the blocking rules EM learns from, and the comparisons each forces to agree. */
const SESSIONS: readonly (readonly [BlockingKeyKind, readonly ComparisonName[]])[] = [
  ["nameBirth", ["name", "dateOfBirth"]],
  ["phone", ["contact"]],
  ["email", ["email"]],
];

function trainingSessions(half: LabelledHalf, vectors: ComparisonVector[], random: SeedRandom): TrainingSession[] {
  const byKind = new Map<string, ComparisonVector[]>(SESSIONS.map(([kind]) => [kind, []]));
  half.left.forEach((l, p) => {
    for (const kind of sharedKinds(half.keys[l], half.keys[half.right[p]], half.members, MAX_BLOCK)) byKind.get(kind)?.push(vectors[p]);
  });
  return SESSIONS.map(([kind, blockedOn]) => {
    const sessionVectors = byKind.get(kind)!;
    return { blockedOn, vectors: sessionVectors.length > EM_SAMPLE ? random.sample(sessionVectors, EM_SAMPLE) : sessionVectors };
  });
}

export function trainModel(half: LabelledHalf, random: SeedRandom, log: (message: string) => void = () => {}, uSample = U_SAMPLE) {
  let started = performance.now();
  const u = estimateU(half.prepared, uSample, () => random.next());
  const uMs = performance.now() - started;
  started = performance.now();
  const vectors = candidateVectors(half);
  const estimate = estimateMBySessions(trainingSessions(half, vectors, random), u, { maxIterations: 200 });
  const prior = estimatePrior(vectors, estimate.m, u);
  const emMs = performance.now() - started;
  log(`u from ${uSample} random pairs in ${Math.round(uMs)} ms; EM sessions ${JSON.stringify(estimate.sessions)}; λ ${prior.toFixed(4)}; ${Math.round(emMs)} ms`);
  const { model, ranked } = withThresholds(half, buildModel(estimate.m, u, prior, { link: 0, review: 0 }));
  // the same, had reviewers labelled every training candidate: how far EM is from supervised m
  const labelledM = estimateMFromLabels(vectors.map((vector, p) => ({ vector, sameCustomer: half.sameCustomer[p] === 1 })));
  const labelled = withThresholds(half, buildModel(labelledM, u, prior, { link: 0, review: 0 })).model;
  return { model, labelled, em: { sessions: estimate.sessions, ms: Math.round(emMs), uSample, uMs: Math.round(uMs) }, training: ranked };
}

/** Link and review thresholds chosen on the training half's labels. */
function withThresholds(half: LabelledHalf, untuned: MatchModel): { model: MatchModel; ranked: RankedPairs } {
  const frequencies = new InMemoryTermFrequencies(half.prepared);
  const ranked = new RankedPairs(scoringThroughput(half, untuned, frequencies).weights, half.sameCustomer, half.truePairs.length);
  const link = ranked.lowestThresholdWithPrecision(TRAINING_PRECISION);
  const review = Math.min(link, ranked.highestThresholdWithRecall(TRAINING_REVIEW_RECALL * blockingRecall(half).overall));
  return { model: { ...untuned, thresholds: { link: round3(link), review: round3(review) } }, ranked };
}
