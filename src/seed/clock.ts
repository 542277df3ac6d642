/** Time arithmetic for the seed: instants are epoch milliseconds, calendar days are UTC day numbers. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR_DAYS = 365;

/** Days since 1970-01-01 (UTC). */
export type DayNumber = number;

export function dayOf(instant: number): DayNumber {
  return Math.floor(instant / DAY);
}

/** Generated instants fall on whole seconds. */
export function atSecond(instant: number): number {
  return Math.floor(instant / 1000) * 1000;
}

export function startOfDay(day: DayNumber): number {
  return day * DAY;
}

export function isoDate(day: DayNumber): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function yearOf(day: DayNumber): number {
  return new Date(day * DAY).getUTCFullYear();
}

/** The same calendar day `years` later (29 February falls back to the 28th). */
export function addYears(day: DayNumber, years: number): DayNumber {
  const date = new Date(day * DAY);
  const target = new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()));
  if (target.getUTCDate() !== date.getUTCDate()) target.setUTCDate(0);
  return dayOf(target.getTime());
}

/** Completed years of age on `day` for someone born on `birthDay`. */
export function ageOn(birthDay: DayNumber, day: DayNumber): number {
  const birth = new Date(birthDay * DAY);
  const at = new Date(day * DAY);
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() || (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
