/**
 * Premium billing rules (pure): when an unpaid instalment is overdue, and where a policy stands
 * with its payments. The grace period is declared here once; the instalment status, the policy's
 * billing status and the risk engine's overdue-premium factor all read it.
 */

/** Days after the due date during which an unpaid instalment keeps the policy in force. */
export const GRACE_PERIOD_DAYS = 30;

const DAY_MS = 86_400_000;

export enum InstalmentStatus {
  DUE = "DUE",
  PAID = "PAID",
  OVERDUE = "OVERDUE",
}

/** What each instalment status means (the schema describes the values from this). */
export const INSTALMENT_STATUS_MEANING: Record<InstalmentStatus, string> = {
  DUE: `Unpaid, and not past the grace period (not yet due, or due and at most ${GRACE_PERIOD_DAYS} days past its due date).`,
  PAID: "Paid.",
  OVERDUE: `Unpaid more than ${GRACE_PERIOD_DAYS} days (the grace period) after its due date.`,
};

export enum BillingStatus {
  UP_TO_DATE = "UP_TO_DATE",
  IN_GRACE = "IN_GRACE",
  OVERDUE = "OVERDUE",
  LAPSED = "LAPSED",
}

/** What each billing status means (the schema describes the values from this). */
export const BILLING_STATUS_MEANING: Record<BillingStatus, string> = {
  UP_TO_DATE: "No unpaid instalment past its due date.",
  IN_GRACE: `An unpaid instalment past its due date, none past the ${GRACE_PERIOD_DAYS}-day grace period.`,
  OVERDUE: `An unpaid instalment past the ${GRACE_PERIOD_DAYS}-day grace period, and the policy not (yet) lapsed.`,
  LAPSED: "The policy has lapsed.",
};

export interface InstalmentDates {
  /** YYYY-MM-DD */
  dueDate: string;
  /** When it was paid (an instant, or its ISO text as JSON carries it); null while unpaid. */
  paidAt: Date | string | null;
}

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whole days from the due date to `today` (both YYYY-MM-DD): 0 on the due date, negative before it. */
export function daysPastDue(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / DAY_MS);
}

/** An instalment's status on `today`: the last day of grace is still DUE, the day after is OVERDUE. */
export function instalmentStatus(instalment: InstalmentDates, today: string): InstalmentStatus {
  if (instalment.paidAt) return InstalmentStatus.PAID;
  return daysPastDue(instalment.dueDate, today) > GRACE_PERIOD_DAYS ? InstalmentStatus.OVERDUE : InstalmentStatus.DUE;
}

/** Where a policy stands with its premium on `today`, from its instalments (and whether it has lapsed). */
export function billingStatusOf(instalments: readonly InstalmentDates[], lapsed: boolean, today: string): BillingStatus {
  if (lapsed) return BillingStatus.LAPSED;
  let status = BillingStatus.UP_TO_DATE;
  for (const instalment of instalments) {
    if (instalment.paidAt) continue;
    const days = daysPastDue(instalment.dueDate, today);
    if (days > GRACE_PERIOD_DAYS) return BillingStatus.OVERDUE;
    if (days > 0) status = BillingStatus.IN_GRACE;
  }
  return status;
}
