import type { DataSource, EntityManager } from "typeorm";
import type { BusinessCalendar } from "./business-calendar";
import { loadBusinessCalendar } from "./business-calendar.query";
import { readSlaClock, type SlaClock, type SlaReading } from "./sla-clock";
import { DEFAULT_SLA_POLICY, SlaMilestone, slaTargetFor, type SlaPolicy } from "./sla-policy";
import type { ServiceCase } from "./service-case.entity";

/** The service levels cases are held to: the declared default policy (sla-policy.ts). */
export const CASE_SLA_POLICY: SlaPolicy = DEFAULT_SLA_POLICY;

// one calendar object per code for the life of the process: its month tables are cached against it
const calendars = new Map<string, Promise<BusinessCalendar>>();

/** The policy's business calendar, read from the database once per process and kept (docs/service-desk.md). */
export function slaCalendar(db: DataSource | EntityManager, code = CASE_SLA_POLICY.calendarCode): Promise<BusinessCalendar> {
  let calendar = calendars.get(code);
  if (!calendar) {
    calendar = loadBusinessCalendar(db, code).then((found) => {
      if (!found) throw new Error(`business calendar ${code} is missing (migration 1795700000730 seeds it)`);
      return found;
    });
    calendars.set(code, calendar);
    calendar.catch(() => calendars.delete(code)); // a failed read is tried again by the next caller
  }
  return calendar;
}

/** The columns of a case its clocks are read from. */
export type CaseClockFacts = Pick<ServiceCase, "channel" | "priority" | "openedAt" | "pauses" | "firstRespondedAt" | "resolvedAt">;
export const CASE_CLOCK_COLUMNS: (keyof CaseClockFacts)[] = ["channel", "priority", "openedAt", "pauses", "firstRespondedAt", "resolvedAt"];

/** One milestone clock of a case: the policy's target for its channel and priority, stopped when the milestone was met. */
export function caseClock(facts: CaseClockFacts, milestone: SlaMilestone, calendar: BusinessCalendar): SlaClock {
  return {
    target: slaTargetFor(CASE_SLA_POLICY, facts.channel, facts.priority, milestone),
    calendar,
    openedAt: facts.openedAt,
    pauses: facts.pauses,
    stoppedAt: milestone === SlaMilestone.FIRST_RESPONSE ? facts.firstRespondedAt : facts.resolvedAt,
  };
}

export function readCaseClock(facts: CaseClockFacts, milestone: SlaMilestone, calendar: BusinessCalendar, now: Date): SlaReading {
  return readSlaClock(caseClock(facts, milestone, calendar), now);
}

/** The SLA facts stored on the case row (derived from its clock facts, never set by a caller). */
export type StoredSlaColumns = Pick<ServiceCase, "firstResponseBreachAt" | "resolutionBreachAt" | "firstResponseBreached" | "resolutionBreached">;
export const STORED_SLA_COLUMNS: (keyof StoredSlaColumns)[] = ["firstResponseBreachAt", "resolutionBreachAt", "firstResponseBreached", "resolutionBreached"];

/**
 * The SLA facts stored on the row, recomputed with every change of the clock facts:
 * - the deadlines the SLA sweep and the work list read: a clock's breachAt while it runs, NULL once
 *   its milestone is met or while it is paused (readSlaClock answers null then, unless already
 *   breached), so `breach_at < now()` over the open cases is the sweep;
 * - once a milestone is met, whether it was met late: readSlaClock's verdict at the stop (pauses
 *   and the business calendar counted), NULL while it is not met. SQL cannot replay a business
 *   calendar with pauses, so the figures (serviceMetrics) read this verdict instead of
 *   re-deriving it; it does not depend on when it is computed (the stop is in the past).
 */
export function breachColumns(facts: CaseClockFacts, calendar: BusinessCalendar, now: Date): StoredSlaColumns {
  const running = (milestone: SlaMilestone, stoppedAt: Date | null) => (stoppedAt ? null : readCaseClock(facts, milestone, calendar, now).breachAt);
  const late = (milestone: SlaMilestone, stoppedAt: Date | null) => (stoppedAt ? readCaseClock(facts, milestone, calendar, stoppedAt).breached : null);
  return {
    firstResponseBreachAt: running(SlaMilestone.FIRST_RESPONSE, facts.firstRespondedAt),
    resolutionBreachAt: running(SlaMilestone.RESOLUTION, facts.resolvedAt),
    firstResponseBreached: late(SlaMilestone.FIRST_RESPONSE, facts.firstRespondedAt),
    resolutionBreached: late(SlaMilestone.RESOLUTION, facts.resolvedAt),
  };
}
