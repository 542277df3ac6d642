import type { Workflow } from "../../shared/workflow";
import { ClaimStatus } from "./claim.entity";

const { REPORTED, UNDER_REVIEW, APPROVED, REJECTED, PAID, CLOSED } = ClaimStatus;

/**
 * REPORTED → UNDER_REVIEW → APPROVED | REJECTED; APPROVED → PAID → CLOSED. UNDER_REVIEW → CLOSED
 * closes a claim the policyholder withdrew. REJECTED and CLOSED are final.
 */
export const CLAIM_WORKFLOW: Workflow<ClaimStatus> = {
  [REPORTED]: [UNDER_REVIEW],
  [UNDER_REVIEW]: [APPROVED, REJECTED, CLOSED],
  [APPROVED]: [PAID],
  [PAID]: [CLOSED],
  [REJECTED]: [],
  [CLOSED]: [],
};

/** States whose arrival ends the claim's cycle (closedAt is set). */
export const FINAL_CLAIM_STATUSES: readonly ClaimStatus[] = [REJECTED, CLOSED];
