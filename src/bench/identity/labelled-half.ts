import { preparedBlockingKeys, type BlockingKey } from "../../modules/identity/matching/blocking-keys";
import { comparisonVector, type ComparisonVector } from "../../modules/identity/matching/comparisons";
import { prepareRecord, type PreparedRecord } from "../../modules/identity/matching/prepared-record";
import { buildBlocks, candidatePairCodes, sharedKinds } from "./candidate-pairs";
import type { LabelledRecord } from "./record-variants";

/** One half of the benchmark (training or held-out), normalized, blocked and labelled. */
export interface LabelledHalf {
  records: LabelledRecord[];
  prepared: PreparedRecord[];
  keys: BlockingKey[][];
  members: Map<string, number[]>;
  left: Uint32Array;
  right: Uint32Array;
  sameCustomer: Uint8Array;
  truePairs: [number, number][];
  oversizedBlocks: number;
  prepareMs: number;
  blockingMs: number;
}

export const MAX_BLOCK = 100;

function truePairsOf(records: readonly LabelledRecord[]): [number, number][] {
  const byPerson = new Map<number, number[]>();
  records.forEach((record, i) => byPerson.set(record.personId, [...(byPerson.get(record.personId) ?? []), i]));
  const pairs: [number, number][] = [];
  for (const members of byPerson.values()) {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) pairs.push([members[i], members[j]]);
  }
  return pairs;
}

export function labelledHalf(records: LabelledRecord[]): LabelledHalf {
  let started = performance.now();
  const prepared = records.map((record) => prepareRecord(record));
  const prepareMs = performance.now() - started;
  started = performance.now();
  const keys = prepared.map(preparedBlockingKeys);
  const members = buildBlocks(keys);
  const { codes, oversized } = candidatePairCodes(members, records.length, MAX_BLOCK);
  const blockingMs = performance.now() - started;
  const left = new Uint32Array(codes.length);
  const right = new Uint32Array(codes.length);
  const sameCustomer = new Uint8Array(codes.length);
  codes.forEach((code, p) => {
    left[p] = Math.floor(code / records.length);
    right[p] = code % records.length;
    sameCustomer[p] = records[left[p]].personId === records[right[p]].personId ? 1 : 0;
  });
  return { records, prepared, keys, members, left, right, sameCustomer, truePairs: truePairsOf(records), oversizedBlocks: oversized, prepareMs, blockingMs };
}

export function candidateVectors(half: LabelledHalf): ComparisonVector[] {
  return Array.from(half.left, (l, p) => comparisonVector(half.prepared[l], half.prepared[half.right[p]]));
}

/** Share of true pairs sharing at least one key, overall and for each kind of key alone. */
export function blockingRecall(half: LabelledHalf): { overall: number; byKind: Record<string, number> } {
  let found = 0;
  const byKind: Record<string, number> = {};
  for (const [a, b] of half.truePairs) {
    const kinds = new Set(sharedKinds(half.keys[a], half.keys[b], half.members, MAX_BLOCK));
    if (kinds.size > 0) found++;
    for (const kind of kinds) byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  const total = Math.max(half.truePairs.length, 1);
  for (const kind of Object.keys(byKind)) byKind[kind] /= total;
  return { overall: found / total, byKind };
}
