/** The matching engine's public surface: pure functions and plain-JSON types, no database. */
export type { MatchRecord } from "./match-record";
export { prepareRecord, type PreparedRecord } from "./prepared-record";
export { blockingKeys, preparedBlockingKeys, type BlockingKey, type BlockingKeyKind } from "./blocking-keys";
export { COMPARISON_LEVELS, COMPARISONS, MISSING, compareLevels, comparisonVector, type ComparisonName, type ComparisonVector } from "./comparisons";
export { classify, type LevelProbabilities, type MatchDecision, type MatchModel, type MatchThresholds } from "./match-model";
export { MATCH_SCORE_INPUTS, scorePair, scorePrepared, type ComparisonWeight, type PairScore } from "./score-pair";
export { InMemoryTermFrequencies, type TermFrequencies } from "./term-frequencies";
export { estimateU } from "./estimate-u";
export { estimateM, estimateMFromLabels, type EmOptions, type ExpectationMaximisation, type ReviewedPair } from "./estimate-m";
export { estimateMBySessions, estimatePrior, type SessionEstimate, type TrainingSession } from "./estimate-m-sessions";
export { buildModel } from "./build-model";
export type { LevelDistribution } from "./level-distribution";
export { normalizeName, type NormalizedName } from "./person-name";
export { normalizePhone } from "./phone";
export { normalizeEmail } from "./email";
export { normalizeAddress } from "./address";
