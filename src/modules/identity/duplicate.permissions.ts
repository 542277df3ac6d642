import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

const reviewers = signedInAs(Role.COMPLIANCE, Role.ADMIN);
/** Row scope (the agent's own book) is checked by the service: a record outside it is NOT_FOUND. */
const proposers = signedInAs(Role.AGENT, Role.COMPLIANCE, Role.ADMIN);

/**
 * Duplicate review and identity links: COMPLIANCE and ADMIN only. The pair's customers are
 * Customer objects, so their fields pass the policy table like any other read (masked contact
 * and identity for COMPLIANCE). A score and its explanation are derived from CONTACT and IDENTITY
 * values (name, birth date, national id, phone, e-mail, address) and go to the reviewers alone;
 * the explanation carries levels and weights, never a value.
 */
export const duplicatePermissions = {
  Query: { duplicateCandidates: reviewers },
  Mutation: { linkCustomers: reviewers, unlinkCustomer: reviewers, rejectCandidate: reviewers, proposeDuplicate: proposers },
  DuplicateCandidate: {
    id: reviewers, reason: reviewers, detectedAt: reviewers, status: reviewers, customer: reviewers, candidate: reviewers,
    score: reviewers, matchWeight: reviewers, matchExplanation: reviewers, decidedAt: reviewers, decisionReason: reviewers,
  },
  MatchComparison: { comparison: reviewers, level: reviewers, weight: reviewers },
};
