/**
 * Premium billing rules (pure): when an unpaid instalment is overdue, and where a policy stands
 * with its payments. The grace period is declared here once; the instalment status, the policy's
 * billing status and the risk engine's overdue-premium factor all read it.
 */

/** Days after the due date during which an unpaid instalment keeps the policy in force. */
export const GRACE_PERIOD_DAYS = 30;

const DAY_MS = 86_400_000;

export enum InstalmentStatus {
  /** Unpaid, and not past the grace period (not yet due, or due and in grace). */
  DUE = "DUE",
  PAID = "PAID",
  /** Unpaid past the grace period. */
  OVERDUE = "OVERDUE",
}

export enum BillingStatus {
  /** No unpaid instalment past its due date. */
  UP_TO_DATE = "UP_TO_DATE",
  /** An unpaid instalment past its due date, none past the grace period. */
  IN_GRACE = "IN_GRACE",
  /** An unpaid instalment past the grace period, and the policy not (yet) lapsed. */
  OVERDUE = "OVERDUE",
  /** The policy has lapsed. */
  LAPSED = "LAPSED",
}

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
