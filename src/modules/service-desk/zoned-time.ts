/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl: local dates as day numbers
 * (days since 1970-01-01 on the local calendar), and the conversions between a local wall time and
 * an instant. Wall times are written as "epoch-like" milliseconds: the instant the wall time would
 * be if the zone were UTC.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // throws RangeError for a zone the runtime does not know: that is the validation of a calendar's zone
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_MS = 15 * MINUTE_MS;
/** `zone|quarter-hour` → the zone's offset throughout that quarter of an hour, or NaN where it changes within it. */
const offsetsByQuarter = new Map<string, number>();
const MAX_QUARTERS = 10_000;

/**
 * The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). Kept per zone and quarter
 * of an hour (a zone changes its offset at most once in one, and never at a finer step than a
 * minute): offsets read at the same times — the contact policy's quiet hours for a page of customers
 * — cost one look-up instead of an Intl call each (~5 µs; 4 % of an offers page's API time).
 */
export function offsetAt(timeZone: string, instant: number): number {
  const quarter = Math.floor(instant / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  let offset = offsetsByQuarter.get(key);
  if (offset === undefined) {
    const start = intlOffsetAt(timeZone, quarter * QUARTER_MS);
    offset = start === intlOffsetAt(timeZone, (quarter + 1) * QUARTER_MS - 1000) ? start : NaN;
    if (offsetsByQuarter.size >= MAX_QUARTERS) offsetsByQuarter.clear();
    offsetsByQuarter.set(key, offset);
  }
  return Number.isNaN(offset) ? intlOffsetAt(timeZone, instant) : offset;
}

/** The offset as Intl gives it for the instant's whole second. */
export function intlOffsetAt(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local wall time. `guessOffset` (usually the offset a moment earlier) saves an
 * Intl call when it is still right. A wall time skipped by a forward shift maps to the instant as
 * many minutes after the shift (03:30 for a missing 02:30); a repeated one to its first occurrence
 * when the guess is the earlier offset — as Temporal's "compatible" disambiguation does.
 */
export function localToInstant(timeZone: string, wall: number, guessOffset: number): number {
  const first = wall - guessOffset;
  const o2 = offsetAt(timeZone, first);
  if (o2 === guessOffset) return first;
  const second = wall - o2;
  const o3 = offsetAt(timeZone, second);
  if (o3 === o2) return second;
  return wall - Math.min(o2, o3);
}

const midnightsByZone = new Map<string, Map<number, Float64Array>>();

/**
 * The instant of each local midnight of a month, and of the next month's first (length days + 1).
 * They depend on the zone alone, so they are kept per zone for the life of the process: about 32
 * Intl calls the first time a zone's month is asked for, none after, whichever calendar asks.
 */
export function monthMidnights(timeZone: string, month: number, guessOffset: number): Float64Array {
  let months = midnightsByZone.get(timeZone);
  if (!months) midnightsByZone.set(timeZone, (months = new Map()));
  let midnights = months.get(month);
  if (!midnights) {
    const { firstDay, length } = daysOfMonth(month);
    midnights = new Float64Array(length + 1);
    let offset = guessOffset;
    for (let i = 0; i <= length; i++) {
      const wall = (firstDay + i) * DAY_MS;
      midnights[i] = localToInstant(timeZone, wall, offset);
      offset = wall - midnights[i];
    }
    months.set(month, midnights);
  }
  return midnights;
}

/** The day number of a "YYYY-MM-DD" date; throws RangeError for anything else. */
export function dayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (!Number.isInteger(day) || isoDateOf(day) !== isoDate) throw new RangeError(`not a date (YYYY-MM-DD): ${isoDate}`);
  return day;
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Months are numbered continuously (year × 12 + month − 1) so that the next one is `month + 1`. */
export function monthOfDay(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The first day of a month and how many days it has. */
export function daysOfMonth(month: number): { firstDay: number; length: number } {
  const year = Math.floor(month / 12);
  const index = month - year * 12;
  const firstDay = Date.UTC(year, index, 1) / DAY_MS;
  return { firstDay, length: Date.UTC(year, index + 1, 1) / DAY_MS - firstDay };
}
