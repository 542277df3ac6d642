import { daysPastDue, GRACE_PERIOD_DAYS, utcDate } from "../policy/premium-billing";
import type { Rated, Warning } from "./risk-engine";

/**
 * Premiums unpaid past their due date on policies in force: a likelihood factor and a lapse
 * warning (the grace period is the policy module's). Present only when a premium is unpaid past
 * due, so the assessment of a customer who pays on time is what it was without this rule.
 */
export const PREMIUM_OVERDUE_WEIGHT = 0.1;

/** The unpaid due dates (YYYY-MM-DD) of policies in force that are past due on `now`'s UTC day, with their days past due. */
function pastDue(unpaidDueDates: readonly string[], now: Date): number[] {
  const today = utcDate(now);
  return unpaidDueDates.map((due) => daysPastDue(due, today)).filter((days) => days > 0);
}

export function premiumOverdueFactors(unpaidDueDates: readonly string[], now: Date): Rated[] {
  const days = pastDue(unpaidDueDates, now);
  if (days.length === 0) return [];
  const worst = Math.max(...days);
  const beyondGrace = worst > GRACE_PERIOD_DAYS;
  return [{
    name: "PREMIUM_OVERDUE",
    value: `${days.length} unpaid, ${worst} days past due`,
    weight: PREMIUM_OVERDUE_WEIGHT,
    risk: beyondGrace ? 1 : 0.5,
    explanation: `Premium unpaid past its due date on a policy in force (${GRACE_PERIOD_DAYS} days of grace).`,
  }];
}

export function premiumOverdueWarnings(unpaidDueDates: readonly string[], now: Date): Warning[] {
  const days = pastDue(unpaidDueDates, now);
  if (days.length === 0) return [];
  const worst = Math.max(...days);
  return worst > GRACE_PERIOD_DAYS
    ? [{ code: "PREMIUM_OVERDUE", severity: "HIGH", message: `A premium is ${worst} days past due, beyond the ${GRACE_PERIOD_DAYS}-day grace period: the policy lapses unless paid.` }]
    : [{ code: "PREMIUM_OVERDUE", severity: "MEDIUM", message: `A premium is ${worst} days past due; the policy lapses after ${GRACE_PERIOD_DAYS - worst} more days of grace unless paid.` }];
}
