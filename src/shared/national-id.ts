/**
 * Mainland China resident identity numbers (GB 11643-1999): 6-digit administrative region code
 * (GB/T 2260), birth date YYYYMMDD, 3-digit sequence (odd for men, even for women) and an
 * ISO 7064 MOD 11-2 check character (0–9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = "10X98765432";
const RESIDENT_ID = /^(\d{6})(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error("a resident id body is 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isValidResidentId(id: string): boolean {
  const normalized = id.toUpperCase();
  const match = RESIDENT_ID.exec(normalized);
  if (!match) return false;
  const [, region, year, month, day] = match;
  if (region.startsWith("0")) return false;
  if (Number(year) < 1900 || !isCalendarDate(Number(year), Number(month), Number(day))) return false;
  return residentIdCheckDigit(normalized.slice(0, 17)) === normalized[17];
}

/** Builds a valid id; `sequence` 0–999 (its parity encodes gender: odd male, even female). */
export function makeResidentId(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^[1-9]\d{5}$/.test(regionCode)) throw new Error(`invalid region code "${regionCode}"`);
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!birth || !isCalendarDate(Number(birth[1]), Number(birth[2]), Number(birth[3]))) {
    throw new Error(`invalid birth date "${birthDate}"`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new Error("sequence must be 0–999");
  const body = `${regionCode}${birth[1]}${birth[2]}${birth[3]}${String(sequence).padStart(3, "0")}`;
  return body + residentIdCheckDigit(body);
}
