import type { BusinessCalendar, DayPeriods } from "./business-calendar";
import { DAY_MS, MINUTE_MS, daysOfMonth, localToInstant, monthMidnights, monthOfDay, weekdayOf } from "./zoned-time";

/**
 * One local month of a calendar resolved to instants: where each day starts, its working periods,
 * and the business time before each day. Every question about the calendar is answered from these
 * tables by arithmetic and binary search. A built month is kept for the life of the calendar object;
 * building one asks Intl about the zone only for its midnights, which are kept per zone (see
 * monthMidnights), and for working periods on a day the clocks change.
 */
export interface BusinessMonth {
  /** year × 12 + month − 1 */
  readonly month: number;
  /** Instant of each local midnight: length days + 1, the last being the next month's first. */
  readonly midnights: Float64Array;
  /** Business ms from the month's start to each midnight: length days + 1, the last is `total`. */
  readonly before: Float64Array;
  /** Per day, its working periods as instants: [open, close, open, close, …]. */
  readonly shifts: readonly Float64Array[];
  readonly total: number;
}

const CLOSED = new Float64Array(0);

/** The working periods of a local day: none on a holiday, the adjusted hours on a make-up day, else its weekday's. */
function periodsOn(calendar: BusinessCalendar, day: number): DayPeriods {
  if (calendar.holidays.has(day)) return [];
  if (calendar.adjustedWorkingDays.has(day)) return calendar.adjustedWorkingDayHours;
  return calendar.week[weekdayOf(day)];
}
const monthsByCalendar = new WeakMap<BusinessCalendar, Map<number, BusinessMonth>>();

function buildMonth(calendar: BusinessCalendar, month: number): BusinessMonth {
  const { firstDay, length } = daysOfMonth(month);
  const midnights = monthMidnights(calendar.timeZone, month, calendar.typicalOffsetMs);
  const before = new Float64Array(length + 1);
  const shifts: Float64Array[] = [];
  for (let i = 0; i < length; i++) {
    const day = firstDay + i;
    const periods = periodsOn(calendar, day);
    const wall = day * DAY_MS;
    const startOffset = wall - midnights[i];
    // the same offset at both midnights: no shift of the clock within the day, plain arithmetic
    const steady = startOffset === wall + DAY_MS - midnights[i + 1];
    const instantOf = (minutes: number): number =>
      minutes === 0 ? midnights[i] : minutes === 24 * 60 ? midnights[i + 1]
      : steady ? wall + minutes * MINUTE_MS - startOffset
      : localToInstant(calendar.timeZone, wall + minutes * MINUTE_MS, startOffset);
    const dayShifts = periods.length === 0 ? CLOSED : new Float64Array(periods.length * 2);
    let open = 0;
    periods.forEach(([from, to], p) => {
      dayShifts[2 * p] = instantOf(from);
      dayShifts[2 * p + 1] = Math.max(dayShifts[2 * p], instantOf(to));
      open += dayShifts[2 * p + 1] - dayShifts[2 * p];
    });
    shifts.push(dayShifts);
    before[i + 1] = before[i] + open;
  }
  return { month, midnights, before, shifts, total: before[length] };
}

export function businessMonth(calendar: BusinessCalendar, month: number): BusinessMonth {
  let months = monthsByCalendar.get(calendar);
  if (!months) monthsByCalendar.set(calendar, (months = new Map()));
  let found = months.get(month);
  if (!found) months.set(month, (found = buildMonth(calendar, month)));
  return found;
}

export function monthAfter(calendar: BusinessCalendar, month: BusinessMonth): BusinessMonth {
  return businessMonth(calendar, month.month + 1);
}

/** The local month an instant falls in: guessed with the zone's usual offset, then checked against the month's own midnights. */
export function monthContaining(calendar: BusinessCalendar, instant: number): BusinessMonth {
  if (!Number.isFinite(instant)) throw new RangeError("not a valid instant");
  let month = businessMonth(calendar, monthOfDay(Math.floor((instant + calendar.typicalOffsetMs) / DAY_MS)));
  while (instant < month.midnights[0]) month = businessMonth(calendar, month.month - 1);
  while (instant >= month.midnights[month.midnights.length - 1]) month = businessMonth(calendar, month.month + 1);
  return month;
}

/** Index of the day of the month an instant (inside the month) falls on. */
export function dayIndexOf(month: BusinessMonth, instant: number): number {
  let low = 0;
  let high = month.midnights.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (month.midnights[mid] <= instant) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Business ms from the month's start to an instant inside the month. */
export function businessBefore(month: BusinessMonth, instant: number): number {
  const day = dayIndexOf(month, instant);
  const shifts = month.shifts[day];
  let elapsed = month.before[day];
  for (let i = 0; i < shifts.length; i += 2) elapsed += Math.min(Math.max(instant - shifts[i], 0), shifts[i + 1] - shifts[i]);
  return elapsed;
}
