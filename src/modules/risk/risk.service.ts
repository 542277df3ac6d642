import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { pageRequest, toConnection, type PageArgs } from "../../shared/pagination";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskAssessmentConnection } from "./risk.types";
import { NotFoundError } from "../../shared/errors";
import { requireCustomer } from "../customer/customer.service";
import { HealthDeclaration } from "./health-declaration.entity";
import { storeAssessments } from "./risk-assessor";
import { loadRiskFacts } from "./risk-facts.query";
import { roleOf } from "../../auth/viewer";
import { ConsentPurpose } from "../consent/consent.entity";
import { needsConsent, releasedFactors, releasedWarnings, RISK_FACTOR_INPUTS, RISK_WARNING_INPUTS } from "./risk-derived";
import type { RiskFactor, RiskWarning } from "./risk-assessment.entity";

const riskHistory: ChildListSpec<RiskAssessment> = {
  target: RiskAssessment,
  table: "risk_assessment",
  parentColumn: "customer_id",
  parentProperty: "customerId",
  sortColumn: "assessed_at",
  sortProperty: "assessedAt",
  sortCast: "timestamptz",
  direction: "DESC",
};

export function riskProfileOf(ctx: RequestContext, customerId: string): Promise<RiskAssessment | null> {
  return ctx.loaders.riskProfileByCustomerId.load(customerId);
}

export async function riskHistoryOf(ctx: RequestContext, customerId: string, args: PageArgs) {
  const page = await ctx.loaders.childPages(riskHistory, args).load(customerId);
  return toConnection(page, RiskAssessmentConnection);
}

/** Assesses a customer in the viewer's scope now and stores the assessment as the new risk profile. */
export async function assessRisk(ctx: RequestContext, customerId: string): Promise<RiskAssessment> {
  await requireCustomer(ctx, customerId);
  const now = new Date();
  const [facts] = await loadRiskFacts(ctx.db, [customerId], now);
  if (!facts) throw new NotFoundError("Customer", customerId);
  const assessedBy = ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
  const [assessment] = await ctx.db.transaction((manager) => storeAssessments(manager, [facts], now, assessedBy));
  return assessment;
}

/** The customer's current SENSITIVE_DATA consent, read only when a consent-bound output needs it. */
async function sensitiveConsentOf(ctx: RequestContext, customerId: string): Promise<boolean> {
  const consents = await ctx.loaders.currentConsentsByCustomerId.load(customerId);
  return consents.some((consent) => consent.purpose === ConsentPurpose.SENSITIVE_DATA && consent.granted);
}

/**
 * The factors of a stored assessment that the viewer may receive: each is released at the most
 * restrictive access among the fields it was computed from (health factors are HEALTH, income
 * ratios FINANCIAL), and a withdrawn consent hides consent-bound ones in old assessments too.
 */
export async function factorsFor(ctx: RequestContext, assessment: RiskAssessment): Promise<RiskFactor[]> {
  const role = roleOf(ctx.viewer);
  const consent = needsConsent(role, Object.values(RISK_FACTOR_INPUTS)) && (await sensitiveConsentOf(ctx, assessment.customerId));
  return releasedFactors(role, assessment.factors ?? [], consent);
}

/** The warnings of a stored assessment the viewer may receive (as factorsFor). */
export async function warningsFor(ctx: RequestContext, assessment: RiskAssessment): Promise<RiskWarning[]> {
  const role = roleOf(ctx.viewer);
  const consent = needsConsent(role, Object.values(RISK_WARNING_INPUTS)) && (await sensitiveConsentOf(ctx, assessment.customerId));
  return releasedWarnings(role, assessment.warnings ?? [], consent);
}

export function healthDeclarationOf(ctx: RequestContext, customerId: string): Promise<HealthDeclaration | null> {
  return ctx.loaders.healthDeclarationByCustomerId.load(customerId);
}
