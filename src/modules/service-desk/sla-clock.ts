import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from "./business-calendar";
import { SlaMeasure, type SlaTarget } from "./sla-policy";

/** A period the clock stood still (the case was WAITING_ON_CUSTOMER); `to` null while it lasts. */
export interface SlaPause {
  readonly from: Date;
  readonly to: Date | null;
}

/** One milestone clock of one case. */
export interface SlaClock {
  readonly target: SlaTarget;
  /** Counts BUSINESS targets; ignored for ELAPSED ones. */
  readonly calendar: BusinessCalendar;
  readonly openedAt: Date;
  readonly pauses: readonly SlaPause[];
  /** When the milestone was met (first response sent, case resolved); the clock counts no further. */
  readonly stoppedAt?: Date | null;
}

export interface SlaReading {
  /**
   * The last instant at which the milestone is still met in time. Null while the clock is paused
   * and not yet breached: a paused clock has no deadline, it resumes with `remainingMs` to go.
   */
  readonly breachAt: Date | null;
  /** Target time used so far (pauses excluded), counted as the target counts. */
  readonly elapsedMs: number;
  /** Target time left, 0 once used up. */
  readonly remainingMs: number;
  /** Stopped (or now) after breachAt. Once breached, always breached: a later pause changes nothing. */
  readonly breached: boolean;
  readonly paused: boolean;
  readonly stopped: boolean;
}

interface Measure {
  between(from: number, to: number): number;
  add(start: number, durationMs: number): number;
}

const ELAPSED: Measure = { between: (from, to) => to - from, add: (start, durationMs) => start + durationMs };

function measureOf(clock: SlaClock): Measure {
  if (clock.target.measure === SlaMeasure.ELAPSED) return ELAPSED;
  const { calendar } = clock;
  return {
    between: (from, to) => businessTimeBetween(calendar, new Date(from), new Date(to)),
    add: (start, durationMs) => addBusinessTime(calendar, new Date(start), durationMs).getTime(),
  };
}

/**
 * The pauses as ordered, disjoint [from, to) periods inside [openedAt, stoppedAt]: overlapping
 * ones merged, a pause still open at the stop closed there; `to` is Infinity for a pause still open.
 */
function pausePeriods(clock: SlaClock): [number, number][] {
  const start = clock.openedAt.getTime();
  const stop = clock.stoppedAt?.getTime() ?? Infinity;
  const periods = clock.pauses
    .map((p): [number, number] => [Math.max(p.from.getTime(), start), Math.min(p.to?.getTime() ?? Infinity, stop)])
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const period of periods) {
    const last = merged[merged.length - 1];
    if (last && period[0] <= last[1]) last[1] = Math.max(last[1], period[1]);
    else merged.push([...period]);
  }
  return merged;
}

/**
 * The deadline, independent of now: run the target down from openedAt, skipping pauses; each pause
 * moves it on by the target time (business or elapsed) the pause covered. Null when an open pause
 * began before the target was used up.
 */
function deadline(clock: SlaClock, measure: Measure, pauses: [number, number][]): number | null {
  let running = clock.openedAt.getTime();
  let left = clock.target.durationMs;
  for (const [from, to] of pauses) {
    const before = measure.between(running, from);
    if (before >= left) break;
    left -= before;
    if (to === Infinity) return null;
    running = to;
  }
  return measure.add(running, left);
}

/** Reads a clock at `now`: its deadline, time used and left, and whether it has breached. */
export function readSlaClock(clock: SlaClock, now: Date): SlaReading {
  if (!(clock.target.durationMs > 0)) throw new RangeError(`an SLA target must be positive: ${clock.target.durationMs}`);
  const measure = measureOf(clock);
  const pauses = pausePeriods(clock);
  const breachAt = deadline(clock, measure, pauses);
  const stop = clock.stoppedAt?.getTime() ?? Infinity;
  const start = clock.openedAt.getTime();
  const end = Math.max(start, Math.min(now.getTime(), stop));
  let elapsedMs = measure.between(start, end);
  for (const [from, to] of pauses) if (from < end) elapsedMs -= measure.between(from, Math.min(to, end));
  return {
    breachAt: breachAt === null ? null : new Date(breachAt),
    elapsedMs,
    remainingMs: Math.max(0, clock.target.durationMs - elapsedMs),
    breached: breachAt !== null && end > breachAt,
    paused: end < stop && pauses.some(([from, to]) => from <= end && end < to),
    stopped: stop <= now.getTime(),
  };
}
