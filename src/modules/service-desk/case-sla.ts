import type { DataSource, EntityManager } from "typeorm";
import type { BusinessCalendar } from "./business-calendar";
import { loadBusinessCalendar } from "./business-calendar.query";
import { readSlaClock, type SlaClock, type SlaReading } from "./sla-clock";
import { DEFAULT_SLA_POLICY, SlaMilestone, slaPolicyFingerprint, slaPolicyWith, slaTargetFor, type SlaPolicy } from "./sla-policy";
import { OPEN_CASE_STATUSES, ServiceCase } from "./service-case.entity";

/**
 * The service levels cases are held to in this process: the declared defaults (sla-policy.ts) with
 * the deployment's CASE_SLA_TARGETS, set once at start (useCaseSlaPolicy) as the PII key is.
 */
let activePolicy: SlaPolicy = DEFAULT_SLA_POLICY;
export const caseSlaPolicy = (): SlaPolicy => activePolicy;

// one calendar object per code for the life of the process: its month tables are cached against it
const calendars = new Map<string, Promise<BusinessCalendar>>();

/** The policy's business calendar, read from the database once per process and kept (docs/service-desk.md). */
export function slaCalendar(db: DataSource | EntityManager, code = activePolicy.calendarCode): Promise<BusinessCalendar> {
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
    target: slaTargetFor(activePolicy, facts.channel, facts.priority, milestone),
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

const BATCH = 5_000;

/** Holds this process's cases to `policy` from now on (no database: the readings follow it at once). */
export function setCaseSlaPolicy(policy: SlaPolicy): void {
  activePolicy = policy;
}

/** The deployment's policy: CASE_SLA_TARGETS over the declared defaults; a setting that cannot be read throws SlaSettingError. */
export const configuredSlaPolicy = (setting: string | null): SlaPolicy => slaPolicyWith(DEFAULT_SLA_POLICY, setting);

/**
 * Brings the running deadlines stored on open cases (the sweep's and the work list's) in line with
 * this process's policy. They were computed under the policy of their last change: when the policy
 * differs from the one they were last brought in line with (`sla_policy_state`), every open case's
 * running deadlines are recomputed, in batches, under an advisory lock (replicas starting together
 * recompute once). Met milestones keep their verdicts: they were met under the policy of their day.
 * Run once the database is there (the API starts without it). Answers how many cases it recomputed.
 */
export async function alignStoredDeadlines(db: DataSource, now = new Date()): Promise<number> {
  const policy = activePolicy;
  const fingerprint = slaPolicyFingerprint(policy);
  return db.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('customer360:sla-policy'))`);
    const [state] = await manager.query(`SELECT fingerprint FROM sla_policy_state WHERE id = 1`);
    const appliedTo = state?.fingerprint ?? slaPolicyFingerprint(DEFAULT_SLA_POLICY);
    let recomputed = 0;
    if (appliedTo !== fingerprint) {
      const calendar = await slaCalendar(manager, policy.calendarCode);
      let after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const cases = await manager.getRepository(ServiceCase).createQueryBuilder("k")
          .where("k.status IN (:...open) AND k.id > :after", { open: OPEN_CASE_STATUSES, after }).orderBy("k.id").take(BATCH).getMany();
        if (cases.length === 0) break;
        const deadlines = cases.map((found) => breachColumns(found, calendar, now));
        await manager.query(
          `UPDATE service_case k SET first_response_breach_at = d.first_response, resolution_breach_at = d.resolution
             FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS d(id, first_response, resolution) WHERE k.id = d.id`,
          [cases.map((found) => found.id), deadlines.map((d) => d.firstResponseBreachAt), deadlines.map((d) => d.resolutionBreachAt)],
        );
        recomputed += cases.length;
        after = cases[cases.length - 1].id;
      }
    }
    await manager.query(
      `INSERT INTO sla_policy_state (id, fingerprint, applied_at) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, applied_at = EXCLUDED.applied_at WHERE sla_policy_state.fingerprint <> EXCLUDED.fingerprint`,
      [fingerprint, now],
    );
    return recomputed;
  });
}

/** Holds this process's cases to `policy` and brings the stored deadlines in line (the database must be there). */
export async function useCaseSlaPolicy(db: DataSource, policy: SlaPolicy, now = new Date()): Promise<number> {
  setCaseSlaPolicy(policy);
  return alignStoredDeadlines(db, now);
}

/** The deployment's policy for this process (scripts, tests: the database is there), its stored deadlines in line. */
export function useConfiguredSlaPolicy(db: DataSource, setting: string | null): Promise<number> {
  return useCaseSlaPolicy(db, configuredSlaPolicy(setting));
}
