import type { Role } from "../../auth/role";
import { derivedGrant, type DerivedFrom } from "../../auth/use-policy";
import { matrix, ratingOfMean, type Tier } from "./risk-engine";
import type { RiskFactor, RiskWarning } from "./risk-assessment.entity";

export type { DerivedFrom };
type Group = "likelihood" | "impact";

const DOB = "Customer.dateOfBirth";
const INCOME = "Customer.annualIncome";
const HEALTH = "Customer.healthDeclaration";

/** Every factor the risk model writes (src/modules/risk/risk-engine.ts), by name, with its side of the matrix. A name not listed is withheld. */
export const RISK_FACTOR_INPUTS: Record<string, DerivedFrom & { group: Group }> = {
  AGE_BAND: { group: "likelihood", inputs: [DOB], coarse: [DOB] },
  // written instead of AGE_BAND when an individual has no date of birth on record: it tells that much
  CUSTOMER_KIND: { group: "likelihood", inputs: ["Customer.kind", DOB], coarse: [DOB] },
  OCCUPATION_CLASS: { group: "likelihood", inputs: ["Customer.occupationClass"] },
  HEALTH_DECLARATION: { group: "likelihood", inputs: [HEALTH] },
  SMOKER: { group: "likelihood", inputs: [HEALTH] },
  CHRONIC_CONDITIONS: { group: "likelihood", inputs: [HEALTH] },
  CLAIM_FREQUENCY: { group: "likelihood", inputs: ["Claim.reportedAt"] },
  LAPSE_HISTORY: { group: "likelihood", inputs: ["Policy.status"] },
  FRAUD_INDICATORS: { group: "likelihood", inputs: ["Claim.fraudScore"] },
  PREMIUM_OVERDUE: { group: "likelihood", inputs: ["PremiumInstalment.dueDate", "PremiumInstalment.paidAt", "Policy.status"] },
  CLAIM_SEVERITY: { group: "impact", inputs: ["Claim.claimedAmount"] },
  SUM_INSURED: { group: "impact", inputs: ["Policy.sumInsured"] },
  SUM_INSURED_TO_INCOME: { group: "impact", inputs: [INCOME, "Policy.sumInsured"] },
  DEPENDENTS: { group: "impact", inputs: ["Customer.dependents"] },
};

/**
 * The stored score, tier, likelihood and impact are computed from every factor: their inputs are
 * the union. A role that may use all of them (with consent where consent-bound) uses the stored
 * values — also in filters and segment rules; any other role receives them recomputed from the
 * factors released to it (assessmentFor) and may not filter or segment by them.
 */
export const STORED_RATING_INPUTS: DerivedFrom = {
  inputs: [...new Set(Object.values(RISK_FACTOR_INPUTS).flatMap((factor) => factor.inputs))],
  coarse: [...new Set(Object.values(RISK_FACTOR_INPUTS).flatMap((factor) => factor.coarse ?? []))],
};

/** Every warning the risk model raises, by code. A code not listed is withheld. */
export const RISK_WARNING_INPUTS: Record<string, DerivedFrom> = {
  CLAIMS_SPIKE: { inputs: ["Claim.reportedAt"] },
  SUM_INSURED_OVER_INCOME: { inputs: [INCOME, "Policy.sumInsured"] },
  LAPSE_RISK: { inputs: ["Policy.status", "Policy.renewalDate", "Complaint.receivedAt"] },
  POSSIBLE_FRAUD: { inputs: ["Claim.fraudScore"] },
  PREMIUM_OVERDUE: { inputs: ["PremiumInstalment.dueDate", "PremiumInstalment.paidAt", "Policy.status"] },
};

/** Whether a role may receive a derived value for a customer: the most restrictive access among its inputs decides. */
export function releasable(role: Role | null, derived: DerivedFrom | undefined, sensitiveConsent: boolean): boolean {
  const grant = derivedGrant(role, derived);
  return grant === "any" || (grant === "consent" && sensitiveConsent);
}

/** Whether any of these outputs depends on the customer's consent for this role (so the consent must be read). */
export function needsConsent(role: Role | null, outputs: readonly DerivedFrom[]): boolean {
  return outputs.some((derived) => derivedGrant(role, derived) === "consent");
}

export interface StoredRating {
  likelihood: number;
  impact: number;
  score: number;
  tier: Tier | string;
  factors: RiskFactor[];
  warnings: RiskWarning[];
}

/**
 * A stored assessment as one viewer may receive it: the factors and warnings released to the role,
 * and — when any factor is withheld — likelihood, impact, score and tier recomputed from the
 * released factors alone (a factor's contribution is weight / group weight × its rating, so the
 * released ones give the weighted mean without the withheld ones).
 */
export function assessmentFor(role: Role | null, stored: StoredRating, sensitiveConsent: boolean): StoredRating {
  const factors = releasedFactors(role, stored.factors ?? [], sensitiveConsent);
  const warnings = releasedWarnings(role, stored.warnings ?? [], sensitiveConsent);
  if (factors.length === (stored.factors ?? []).length) return { ...stored, factors, warnings };
  const side = (group: Group): number => {
    const all = stored.factors.filter((factor) => RISK_FACTOR_INPUTS[factor.name]?.group === group);
    const kept = factors.filter((factor) => RISK_FACTOR_INPUTS[factor.name]?.group === group);
    const groupWeight = all.reduce((sum, factor) => sum + factor.weight, 0);
    const keptWeight = kept.reduce((sum, factor) => sum + factor.weight, 0);
    if (keptWeight === 0) return ratingOfMean(0);
    return ratingOfMean((groupWeight * kept.reduce((sum, factor) => sum + factor.contribution, 0)) / keptWeight);
  };
  const likelihood = side("likelihood");
  const impact = side("impact");
  return { likelihood, impact, ...matrix(likelihood, impact), factors, warnings };
}

export function releasedFactors(role: Role | null, factors: readonly RiskFactor[], sensitiveConsent: boolean): RiskFactor[] {
  return factors.filter((factor) => releasable(role, RISK_FACTOR_INPUTS[factor.name], sensitiveConsent));
}

export function releasedWarnings(role: Role | null, warnings: readonly RiskWarning[], sensitiveConsent: boolean): RiskWarning[] {
  return warnings.filter((warning) => releasable(role, RISK_WARNING_INPUTS[warning.code], sensitiveConsent));
}
