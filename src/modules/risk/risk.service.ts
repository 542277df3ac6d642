import type { RequestContext } from "../../auth/request-context";
import { causeOf } from "../events/outbox";
import { RiskAssessment } from "./risk-assessment.entity";
import { NotFoundError } from "../../shared/errors";
import { requireCustomer } from "../customer/customer.service";
import { storeAssessments } from "./risk-assessor";
import { loadRiskFacts } from "./risk-facts.query";
import { roleOf } from "../../auth/viewer";
import { sensitiveDataConsented } from "../consent/consent-check";
import type { Role } from "../../auth/role";
import { assessmentFor, needsConsent, RISK_FACTOR_INPUTS, RISK_WARNING_INPUTS, STORED_RATING_INPUTS, type StoredRating } from "./risk-derived";

/** Assesses a customer in the viewer's scope now and stores the assessment as the new risk profile. */
export async function assessRisk(ctx: RequestContext, customerId: string): Promise<RiskAssessment> {
  await requireCustomer(ctx, customerId);
  const now = new Date();
  const [facts] = await loadRiskFacts(ctx.db, [customerId], now);
  if (!facts) throw new NotFoundError("Customer", customerId);
  const assessedBy = ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
  const [assessment] = await ctx.db.transaction((manager) => storeAssessments(manager, [facts], now, assessedBy, causeOf(ctx)));
  return assessment;
}

const DERIVED = [...Object.values(RISK_FACTOR_INPUTS), ...Object.values(RISK_WARNING_INPUTS), STORED_RATING_INPUTS];
/** Per request, keyed by its loaders: a live subscription keeps its context but renews them for every push (renewForPush). */
const views = new WeakMap<RequestContext["loaders"], Map<string, Promise<StoredRating>>>();

/** assessmentView for a stored rating whose customer's SENSITIVE_DATA consent the caller already knows. */
export function ratingForRole(role: Role | null, stored: StoredRating, sensitiveConsent: boolean): StoredRating {
  return assessmentFor(role, stored, consentBound(role) && sensitiveConsent);
}

/** needsConsent over every risk output, per role (the policy table is fixed: worked out once per process). */
const consentBoundByRole = new Map<Role | null, boolean>();
function consentBound(role: Role | null): boolean {
  let bound = consentBoundByRole.get(role);
  if (bound === undefined) consentBoundByRole.set(role, (bound = needsConsent(role, DERIVED)));
  return bound;
}

/**
 * A stored assessment as the viewer may receive it (once per request and assessment): each factor
 * and warning released at the most restrictive access among the fields it was computed from
 * (health factors HEALTH, income ratios FINANCIAL; a withdrawn consent hides consent-bound ones in
 * old assessments too), and score, tier, likelihood and impact recomputed from the released
 * factors when any is withheld — so no part of the answer depends on a value the role may not use.
 */
export function assessmentView(ctx: RequestContext, assessment: RiskAssessment): Promise<StoredRating> {
  let perRequest = views.get(ctx.loaders);
  if (!perRequest) views.set(ctx.loaders, (perRequest = new Map()));
  let view = perRequest.get(assessment.id);
  if (!view) {
    const role = roleOf(ctx.viewer);
    view = (async () => ratingForRole(role, assessment, consentBound(role) && (await sensitiveDataConsented(ctx, assessment.customerId))))();
    perRequest.set(assessment.id, view);
  }
  return view;
}
