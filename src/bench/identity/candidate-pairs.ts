import type { BlockingKey } from "../../modules/identity/matching/blocking-keys";

const blockName = (key: BlockingKey) => `${key.kind}:${key.value}`;

export function buildBlocks(keysByRecord: readonly BlockingKey[][]): Map<string, number[]> {
  const members = new Map<string, number[]>();
  keysByRecord.forEach((keys, record) => {
    for (const key of keys) {
      const name = blockName(key);
      const block = members.get(name);
      if (block) block.push(record);
      else members.set(name, [record]);
    }
  });
  return members;
}

/** Pair codes left * count + right (left < right), unique and sorted. */
export function candidatePairCodes(members: Map<string, number[]>, recordCount: number, maxBlock: number): { codes: Float64Array; oversized: number } {
  let codes = new Float64Array(1 << 20);
  let length = 0;
  let oversized = 0;
  for (const block of members.values()) {
    if (block.length < 2) continue;
    if (block.length > maxBlock) {
      oversized++;
      continue;
    }
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        if (length === codes.length) {
          const grown = new Float64Array(codes.length * 2);
          grown.set(codes);
          codes = grown;
        }
        const [left, right] = block[i] < block[j] ? [block[i], block[j]] : [block[j], block[i]];
        codes[length++] = left * recordCount + right;
      }
    }
  }
  const sorted = codes.subarray(0, length).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i];
  return { codes: sorted.slice(0, unique), oversized };
}

/** Kinds of the keys two records share, counting only blocks that were expanded into pairs. */
export function sharedKinds(a: readonly BlockingKey[], b: readonly BlockingKey[], members: Map<string, number[]>, maxBlock: number): string[] {
  const kinds: string[] = [];
  for (const key of a) {
    if (!b.some((other) => other.kind === key.kind && other.value === key.value)) continue;
    if ((members.get(blockName(key))?.length ?? 0) <= maxBlock) kinds.push(key.kind);
  }
  return kinds;
}
