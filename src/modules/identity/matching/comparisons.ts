import { emailLocalPart } from "./email";
import type { PreparedRecord } from "./prepared-record";
import { jaroWinkler, withinOneEdit } from "./string-similarity";

/**
 * The fields compared, and for each its agreement levels from strongest to weakest. A field
 * absent on either side is MISSING, which carries no weight and has no parameters.
 * Phone and address are one comparison: a household shares both, so as two independent
 * comparisons they would count the same evidence twice and link twins living together.
 */
export const COMPARISON_LEVELS = {
  nationalId: ["EXACT", "DIFFERENT"],
  name: ["EXACT", "CLOSE", "SIMILAR", "DIFFERENT"],
  dateOfBirth: ["EXACT", "CLOSE", "DIFFERENT"],
  gender: ["EXACT", "DIFFERENT"],
  email: ["EXACT", "CLOSE", "DIFFERENT"],
  contact: ["PHONE_AND_ADDRESS", "PHONE", "ADDRESS", "CLOSE", "SAME_CITY", "DIFFERENT"],
} as const;

export type ComparisonName = keyof typeof COMPARISON_LEVELS;
export const COMPARISONS = Object.keys(COMPARISON_LEVELS) as ComparisonName[];
export const MISSING = "MISSING";
/** Level of each comparison as an index into COMPARISON_LEVELS[name], or -1 for MISSING. */
export type ComparisonVector = number[];

const SIMILAR_NAME = 0.88;
const CLOSE_ADDRESS = 0.92;

function levelIndex(name: ComparisonName, level: string): number {
  return (COMPARISON_LEVELS[name] as readonly string[]).indexOf(level);
}

function compareName(a: PreparedRecord, b: PreparedRecord): string {
  if (!a.name || !b.name) return MISSING;
  if (a.name.sorted === b.name.sorted) return "EXACT";
  if (a.name.letters === b.name.letters || withinOneEdit(a.name.sorted, b.name.sorted)) return "CLOSE";
  return jaroWinkler(a.name.sorted, b.name.sorted) >= SIMILAR_NAME ? "SIMILAR" : "DIFFERENT";
}

/** Day and month swapped (03-07 for 07-03), or one digit mistyped or two neighbours swapped. */
function compareDate(a: string | null, b: string | null): string {
  if (!a || !b) return MISSING;
  if (a === b) return "EXACT";
  const swapped = `${b.slice(0, 4)}-${b.slice(8, 10)}-${b.slice(5, 7)}`;
  if (a === swapped || (a.length === b.length && withinOneEdit(a, b))) return "CLOSE";
  return "DIFFERENT";
}

function compareEqual(a: string | null, b: string | null): string {
  if (!a || !b) return MISSING;
  return a === b ? "EXACT" : "DIFFERENT";
}

function comparePhone(a: string | null, b: string | null): string {
  if (!a || !b) return MISSING;
  if (a === b) return "EXACT";
  return a.length === b.length && withinOneEdit(a, b) ? "CLOSE" : "DIFFERENT";
}

function compareEmail(a: string | null, b: string | null): string {
  if (!a || !b) return MISSING;
  if (a === b) return "EXACT";
  return emailLocalPart(a) === emailLocalPart(b) || withinOneEdit(a, b) ? "CLOSE" : "DIFFERENT";
}

function compareAddress(a: PreparedRecord, b: PreparedRecord): string {
  const otherCity = a.city !== null && b.city !== null && a.city !== b.city;
  if (a.address && b.address) {
    if (a.address === b.address) return "EXACT";
    // an address in another city is never a misspelling of this one: spare the comparison
    if (!otherCity && jaroWinkler(a.address, b.address) >= CLOSE_ADDRESS) return "CLOSE";
  }
  if (!a.city || !b.city) return a.address && b.address ? "DIFFERENT" : MISSING;
  return a.city === b.city ? "SAME_CITY" : "DIFFERENT";
}

/** Phone one-digit typos and misspelt addresses are CLOSE; a move within the city is SAME_CITY. */
function compareContact(a: PreparedRecord, b: PreparedRecord): string {
  const phone = comparePhone(a.phone, b.phone);
  const address = compareAddress(a, b);
  if (phone === "EXACT") return address === "EXACT" ? "PHONE_AND_ADDRESS" : "PHONE";
  if (address === "EXACT") return "ADDRESS";
  if (phone === "CLOSE" || address === "CLOSE") return "CLOSE";
  if (address === "SAME_CITY") return "SAME_CITY";
  return phone === MISSING && address === MISSING ? MISSING : "DIFFERENT";
}

export function compareLevels(a: PreparedRecord, b: PreparedRecord): Record<ComparisonName, string> {
  return {
    nationalId: compareEqual(a.nationalIdHash, b.nationalIdHash),
    name: compareName(a, b),
    dateOfBirth: compareDate(a.dateOfBirth, b.dateOfBirth),
    gender: compareEqual(a.gender, b.gender),
    email: compareEmail(a.email, b.email),
    contact: compareContact(a, b),
  };
}

export function comparisonVector(a: PreparedRecord, b: PreparedRecord): ComparisonVector {
  const levels = compareLevels(a, b);
  return COMPARISONS.map((name) => (levels[name] === MISSING ? -1 : levelIndex(name, levels[name])));
}
