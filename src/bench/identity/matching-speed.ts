import { preparedBlockingKeys } from "../../modules/identity/matching/blocking-keys";
import type { MatchModel } from "../../modules/identity/matching/match-model";
import { prepareRecord } from "../../modules/identity/matching/prepared-record";
import { scorePrepared } from "../../modules/identity/matching/score-pair";
import type { TermFrequencies } from "../../modules/identity/matching/term-frequencies";
import { MAX_BLOCK, type LabelledHalf } from "./labelled-half";

/** Pairs scored per second over the held-out candidates. */
export function scoringThroughput(half: LabelledHalf, model: MatchModel, frequencies: TermFrequencies): { weights: Float64Array; pairsPerSecond: number } {
  const weights = new Float64Array(half.left.length);
  const started = performance.now();
  half.left.forEach((l, p) => {
    weights[p] = scorePrepared(half.prepared[l], half.prepared[half.right[p]], model, frequencies).weight;
  });
  const seconds = (performance.now() - started) / 1000;
  return { weights, pairsPerSecond: Math.round(half.left.length / Math.max(seconds, 1e-9)) };
}

/**
 * A new customer arriving: normalize, derive keys, fetch the members of its blocks (an in-memory
 * map standing in for the key table) and score them. Milliseconds per record, database excluded.
 */
export function msPerNewRecord(half: LabelledHalf, model: MatchModel, frequencies: TermFrequencies, sample: number): number {
  const count = Math.min(sample, half.records.length);
  const started = performance.now();
  for (let n = 0; n < count; n++) {
    const incoming = prepareRecord(half.records[n]);
    const seen = new Set<number>([n]);
    for (const key of preparedBlockingKeys(incoming)) {
      const block = half.members.get(`${key.kind}:${key.value}`) ?? [];
      if (block.length > MAX_BLOCK) continue;
      for (const other of block) {
        if (seen.has(other)) continue;
        seen.add(other);
        scorePrepared(incoming, half.prepared[other], model, frequencies);
      }
    }
  }
  return (performance.now() - started) / count;
}
