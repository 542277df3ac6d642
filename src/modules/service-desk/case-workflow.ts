import { ConflictError } from "../../shared/errors";
import type { Workflow } from "../../shared/workflow";
import { Severity } from "../interaction/complaint.entity";
import { CasePriority } from "./sla-policy";
import { CaseStatus } from "./service-case.entity";

const { NEW, IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED, CLOSED } = CaseStatus;

/**
 * NEW → IN_PROGRESS → WAITING_ON_CUSTOMER ⇄ IN_PROGRESS → RESOLVED → CLOSED. A question answered at
 * the first contact goes NEW → RESOLVED, a request that needs the customer first NEW →
 * WAITING_ON_CUSTOMER. RESOLVED and CLOSED go back to IN_PROGRESS (reopen) within the window below.
 * Read by the same engine as the complaint and claim workflows (shared/workflow.ts).
 */
export const CASE_WORKFLOW: Workflow<CaseStatus> = {
  [NEW]: [IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED],
  [IN_PROGRESS]: [WAITING_ON_CUSTOMER, RESOLVED],
  [WAITING_ON_CUSTOMER]: [IN_PROGRESS, RESOLVED],
  [RESOLVED]: [CLOSED, IN_PROGRESS],
  [CLOSED]: [IN_PROGRESS],
};

/** A resolved or closed case may be reopened this many days after it was resolved. */
export const REOPEN_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

/** A move out of RESOLVED or CLOSED back into work. */
export function isReopen(from: CaseStatus, to: CaseStatus): boolean {
  return (from === RESOLVED || from === CLOSED) && to === IN_PROGRESS;
}

/** A reopen later than REOPEN_WINDOW_DAYS after the resolution is CONFLICT (as an illegal move): open a new case instead. */
export function assertReopenWindow(resolvedAt: Date | null, now: Date): void {
  if (resolvedAt && now.getTime() - resolvedAt.getTime() > REOPEN_WINDOW_DAYS * DAY_MS) {
    throw new ConflictError(`A case can be reopened within ${REOPEN_WINDOW_DAYS} days of its resolution (resolved ${resolvedAt.toISOString()}); open a new case`, {
      reason: "REOPEN_WINDOW_PASSED",
      resolvedAt: resolvedAt.toISOString(),
    });
  }
}

/** A complaint's severity as the priority of its case (fileComplaint and the demo data). */
export const PRIORITY_OF_SEVERITY: Readonly<Record<Severity, CasePriority>> = {
  [Severity.LOW]: CasePriority.LOW,
  [Severity.MEDIUM]: CasePriority.NORMAL,
  [Severity.HIGH]: CasePriority.HIGH,
  [Severity.CRITICAL]: CasePriority.URGENT,
};
