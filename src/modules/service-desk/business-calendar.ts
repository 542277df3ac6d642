import { businessBefore, dayIndexOf, monthAfter, monthContaining, type BusinessMonth } from "./business-month";
import { dayNumber, isoDateOf, offsetAt } from "./zoned-time";

export const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working periods of one day as local "HH:MM" pairs, e.g. [["09:00", "12:00"], ["13:00", "18:00"]]; "24:00" closes at midnight. */
export type DayHours = readonly (readonly [open: string, close: string])[];

/** A calendar as data: what the `business_calendar` and `calendar_day` rows hold. */
export interface BusinessCalendarSpec {
  code: string;
  /** IANA zone the hours and dates are read in. */
  timeZone: string;
  /** Hours per weekday; a weekday left out (or with no periods) is closed. */
  week: Partial<Record<Weekday, DayHours>>;
  /** Hours of an adjusted working day (a 调休 make-up Saturday or Sunday). */
  adjustedWorkingDayHours: DayHours;
  /** Local dates ("YYYY-MM-DD") closed all day whatever their weekday. */
  holidays?: Iterable<string>;
  /** Local dates open with `adjustedWorkingDayHours` whatever their weekday. */
  adjustedWorkingDays?: Iterable<string>;
  /** The last date through which the holidays and adjusted days are known (announced); null if never. */
  daysCompleteThrough?: string | null;
}

/** Working periods of a day as [open, close) minutes after local midnight, ascending and disjoint. */
export type DayPeriods = readonly (readonly [open: number, close: number])[];

/**
 * A validated calendar. Treat it as immutable and keep it: the month tables computed for it are
 * cached against the object (see business-month.ts), so a reused calendar answers in microseconds.
 */
export interface BusinessCalendar {
  readonly code: string;
  readonly timeZone: string;
  /** Index 0 = Sunday … 6 = Saturday. */
  readonly week: readonly DayPeriods[];
  readonly adjustedWorkingDayHours: DayPeriods;
  /** Day numbers (days since 1970-01-01, local). */
  readonly holidays: ReadonlySet<number>;
  readonly adjustedWorkingDays: ReadonlySet<number>;
  readonly daysCompleteThrough: string | null;
  /** A usual offset of the zone, only a first guess for finding an instant's local month. */
  readonly typicalOffsetMs: number;
}

/** Mon–Fri 09:00–18:00: the default office week. */
export const OFFICE_WEEK: BusinessCalendarSpec["week"] = {
  MON: [["09:00", "18:00"]],
  TUE: [["09:00", "18:00"]],
  WED: [["09:00", "18:00"]],
  THU: [["09:00", "18:00"]],
  FRI: [["09:00", "18:00"]],
};

function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || !(minutes <= 24 * 60)) throw new RangeError(`not a time of day (HH:MM, 00:00–24:00): ${time}`);
  return minutes;
}

function periodsOf(hours: DayHours): DayPeriods {
  const periods = hours.map(([open, close]) => [minutesOf(open), minutesOf(close)] as const);
  periods.forEach(([open, close], i) => {
    if (open >= close) throw new RangeError(`a working period must close after it opens: ${hours[i].join("–")}`);
    if (i > 0 && open < periods[i - 1][1]) throw new RangeError(`working periods must be in order and not overlap: ${hours.map((h) => h.join("–")).join(", ")}`);
  });
  return periods;
}

/** Validates a spec (zone, times, dates) into a calendar; throws RangeError on anything wrong. */
export function businessCalendar(spec: BusinessCalendarSpec): BusinessCalendar {
  const typicalOffsetMs = offsetAt(spec.timeZone, Date.UTC(2026, 0, 1));
  const unknown = Object.keys(spec.week).filter((day) => !(WEEKDAYS as readonly string[]).includes(day));
  if (unknown.length > 0) throw new RangeError(`unknown weekdays: ${unknown.join(", ")}`);
  const week = WEEKDAYS.map((day) => periodsOf(spec.week[day] ?? []));
  if (week.every((periods) => periods.length === 0)) throw new RangeError(`calendar ${spec.code} has no working hours in its week`);
  const holidays = new Set([...(spec.holidays ?? [])].map(dayNumber));
  const adjustedWorkingDays = new Set([...(spec.adjustedWorkingDays ?? [])].map(dayNumber));
  const both = [...holidays].filter((day) => adjustedWorkingDays.has(day));
  if (both.length > 0) throw new RangeError(`both a holiday and an adjusted working day: ${both.map(isoDateOf).join(", ")}`);
  if (spec.daysCompleteThrough != null) dayNumber(spec.daysCompleteThrough);
  return Object.freeze({
    code: spec.code,
    timeZone: spec.timeZone,
    week,
    adjustedWorkingDayHours: periodsOf(spec.adjustedWorkingDayHours),
    holidays,
    adjustedWorkingDays,
    daysCompleteThrough: spec.daysCompleteThrough ?? null,
    typicalOffsetMs,
  });
}

/** Whether the instant falls in a working period (an opening instant does, a closing one does not). */
export function isWorkingTime(calendar: BusinessCalendar, instant: Date): boolean {
  const at = instant.getTime();
  const month = monthContaining(calendar, at);
  const shifts = month.shifts[dayIndexOf(month, at)];
  for (let i = 0; i < shifts.length; i += 2) if (shifts[i] <= at && at < shifts[i + 1]) return true;
  return false;
}

/**
 * The earliest instant by which `durationMs` of business time has elapsed since `start`. A start
 * outside working hours counts from the next opening; a duration that ends exactly at a closing
 * time answers that closing instant (Friday 17:00 + 1 h → Friday 18:00, not Monday 09:00). Zero
 * answers `start` itself. Whole months are skipped by their totals, days found by binary search.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, durationMs: number): Date {
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError(`a business duration must be a finite number of ms ≥ 0: ${durationMs}`);
  const from = start.getTime();
  if (durationMs === 0) return new Date(from);
  let month = monthContaining(calendar, from);
  let need = businessBefore(month, from) + durationMs;
  while (need > month.total) {
    need -= month.total;
    month = monthAfter(calendar, month);
  }
  return new Date(instantAtPosition(month, need));
}

/** The instant within a month at which `position` ms (0 < position ≤ total) of its business time have elapsed. */
function instantAtPosition(month: BusinessMonth, position: number): number {
  let low = 0;
  let high = month.shifts.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (month.before[mid + 1] >= position) high = mid;
    else low = mid + 1;
  }
  let rest = position - month.before[low];
  const shifts = month.shifts[low];
  for (let i = 0; i < shifts.length; i += 2) {
    const length = shifts[i + 1] - shifts[i];
    if (rest <= length) return shifts[i] + rest;
    rest -= length;
  }
  throw new Error(`business month ${month.month} is inconsistent at position ${position}`);
}

/** Business time from `from` to `to` in ms; negative when `to` is earlier. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessTimeBetween(calendar, to, from);
  let month = monthContaining(calendar, a);
  const last = monthContaining(calendar, b);
  let total = -businessBefore(month, a);
  while (month.month < last.month) {
    total += month.total;
    month = monthAfter(calendar, month);
  }
  return total + businessBefore(last, b);
}
