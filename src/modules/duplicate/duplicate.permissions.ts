import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

const reviewers = signedInAs(Role.COMPLIANCE, Role.ADMIN);

/**
 * Duplicate review: COMPLIANCE and ADMIN only. The pair's customers are Customer objects, so their
 * fields pass the policy table like any other read (masked contact and identity for COMPLIANCE).
 */
export const duplicatePermissions = {
  Query: { duplicateCandidates: reviewers },
  DuplicateCandidate: { id: reviewers, reason: reviewers, detectedAt: reviewers, status: reviewers, customer: reviewers, candidate: reviewers },
};
