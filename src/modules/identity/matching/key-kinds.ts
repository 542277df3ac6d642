import type { BlockingKeyKind } from "./blocking-keys";

/** Key kinds that only count how common a name or birth date is: never used to find candidates. */
export const FREQUENCY_KINDS = { name: "nameCount", dateOfBirth: "birthCount" } as const;

export type StoredKeyKind = BlockingKeyKind | (typeof FREQUENCY_KINDS)[keyof typeof FREQUENCY_KINDS];

/**
 * Each key kind's code in `customer_match_key.kind` (smallint). Stored: never renumber or reuse a
 * code (migration 1795700000970 converted the stored names to these; test/identity.spec.ts checks
 * that its list is this one).
 */
export const KEY_KIND_CODES: Readonly<Record<StoredKeyKind, number>> = {
  nationalId: 1, phone: 2, email: 3, emailLocal: 4, nameBirth: 5, initialsBirth: 6, nameYear: 7, name: 8, address: 9, nameCount: 10, birthCount: 11,
};

/** The codes of the frequency kinds, as a statement's parameter. */
export const FREQUENCY_CODES = Object.values(FREQUENCY_KINDS).map((kind) => KEY_KIND_CODES[kind]);

/** A stored code's kind, or undefined for a code no kind has. */
export function keyKindOfCode(code: number): StoredKeyKind | undefined {
  return NAMES.get(code);
}

const NAMES = new Map(Object.entries(KEY_KIND_CODES).map(([name, code]) => [code, name as StoredKeyKind]));
