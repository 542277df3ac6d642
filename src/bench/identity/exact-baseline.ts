import type { LabelledHalf } from "./labelled-half";

/**
 * The rule a plain system would use: same national-id blind index, or same normalized phone and
 * the name written identically. Every such pair shares a blocking key, so the candidates hold it.
 */
export function exactMatchBaseline(half: LabelledHalf): { linkedPairs: number; precision: number; recall: number; f1: number } {
  let linkedPairs = 0;
  let truePositives = 0;
  half.left.forEach((l, p) => {
    const a = half.prepared[l];
    const b = half.prepared[half.right[p]];
    const sameId = a.nationalIdHash !== null && a.nationalIdHash === b.nationalIdHash;
    const rawA = half.records[l].fullName?.trim();
    const samePhoneAndName = a.phone !== null && a.phone === b.phone && !!rawA && rawA === half.records[half.right[p]].fullName?.trim();
    if (!sameId && !samePhoneAndName) return;
    linkedPairs++;
    truePositives += half.sameCustomer[p];
  });
  const precision = linkedPairs ? truePositives / linkedPairs : 1;
  const recall = truePositives / Math.max(half.truePairs.length, 1);
  return { linkedPairs, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}
