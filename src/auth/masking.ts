/**
 * Fixed masking rules per personal field (DESIGN §5). Each keeps only what its rule allows:
 * a masked value never carries more of the original.
 */

function stars(n: number): string {
  return "*".repeat(Math.max(0, n));
}

/** National id: first 3 and last 4 characters, e.g. 110***********1234. */
export function maskNationalId(value: string): string {
  if (value.length <= 7) return stars(value.length);
  return value.slice(0, 3) + stars(value.length - 7) + value.slice(-4);
}

/** Phone: first 3 and last 4 digits (of the national number for +86), e.g. +8613812345678 → 138****5678. */
export function maskPhone(value: string): string {
  const digits = (value.startsWith("+86") ? value.slice(3) : value).replace(/\D/g, "");
  if (digits.length <= 7) return stars(digits.length);
  return digits.slice(0, 3) + stars(digits.length - 7) + digits.slice(-4);
}

/** E-mail: first letter of the local part and the domain, e.g. z***@example.com. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${value[0]}***${value.slice(at)}`;
}

/** Name: initials only, e.g. "Zhang Wei" → "Z*** W***". */
export function maskName(value: string): string {
  return value
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${Array.from(part)[0]}***`)
    .join(" ");
}

/** Date of birth: the year only. */
export function maskDateOfBirth(value: string): string {
  return value.slice(0, 4);
}

/** Address: the street is hidden; city and region (public fields of the customer) remain. */
export function maskAddress(_value: string, place: { city?: string | null; region?: string | null }): string {
  return ["***", place.city, place.region].filter(Boolean).join(", ");
}

/** Licence plate: the issuing region (first 2 characters) and the last character, e.g. 京A12345 → 京A****5. */
export function maskPlate(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 3) return stars(chars.length);
  return chars.slice(0, 2).join("") + stars(chars.length - 3) + chars[chars.length - 1];
}

/** VIN: the manufacturer code (first 3 characters) only, e.g. LSV************** (the rest identifies the car). */
export function maskVin(value: string): string {
  if (value.length <= 3) return stars(value.length);
  return value.slice(0, 3) + stars(value.length - 3);
}

export enum IncomeBand {
  UNDER_50K = "UNDER_50K",
  FROM_50K_TO_150K = "FROM_50K_TO_150K",
  FROM_150K_TO_300K = "FROM_150K_TO_300K",
  FROM_300K_TO_1M = "FROM_300K_TO_1M",
  OVER_1M = "OVER_1M",
}

/** Upper bounds in major currency units (yuan); the band of an amount in minor units. */
const BAND_LIMITS: [number, IncomeBand][] = [
  [50_000, IncomeBand.UNDER_50K],
  [150_000, IncomeBand.FROM_50K_TO_150K],
  [300_000, IncomeBand.FROM_150K_TO_300K],
  [1_000_000, IncomeBand.FROM_300K_TO_1M],
];

/** The band boundaries in minor units: the only values a role with banded income may compare income with. */
export const INCOME_BAND_BOUNDARIES_MINOR: readonly number[] = BAND_LIMITS.map(([limit]) => limit * 100);

/** The lower boundary of an amount's band (minor units): a value that says no more than the band; null for the lowest band. */
export function incomeBandFloor(amountMinor: number): number | null {
  const floor = INCOME_BAND_BOUNDARIES_MINOR.filter((boundary) => boundary <= amountMinor).pop();
  return floor ?? null;
}

/** What each band covers, from BAND_LIMITS (annual income in major currency units). */
export function incomeBandMeanings(): Record<IncomeBand, string> {
  const yuan = (n: number) => n.toLocaleString("en-US");
  const meanings = {} as Record<IncomeBand, string>;
  let lower = 0;
  for (const [limit, band] of BAND_LIMITS) {
    meanings[band] = lower === 0 ? `Under ${yuan(limit)} a year.` : `At least ${yuan(lower)} and under ${yuan(limit)} a year.`;
    lower = limit;
  }
  meanings[IncomeBand.OVER_1M] = `${yuan(lower)} a year or more.`;
  return meanings;
}

export function incomeBand(amountMinor: number): IncomeBand {
  const major = amountMinor / 100;
  for (const [limit, band] of BAND_LIMITS) if (major < limit) return band;
  return IncomeBand.OVER_1M;
}

/** An amount with its band (the GraphQL Income type). */
export interface BandedAmount {
  amount: unknown;
  band: IncomeBand;
}

/** The banded form: the band without the amount (an object of the same class). */
export function bandOnly<T extends BandedAmount>(value: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value)) as T, { amount: null, band: value.band });
}
