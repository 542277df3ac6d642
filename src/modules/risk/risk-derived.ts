import type { Role } from "../staff/staff.entity";
import { useGrant, Use } from "../../auth/use-policy";
import type { RiskFactor, RiskWarning } from "./risk-assessment.entity";

/**
 * A value derived from personal data, with the policy fields it is computed from (STYLE 10).
 * `coarse`: inputs the output shows only as a band at least as coarse as the role's reduced form
 * (an age band from a date of birth the role sees as a year) — released where that input is banded
 * or visible to the role. Every other input must be usable in full (or with the customer's current
 * SENSITIVE_DATA consent, where the grant is consent-bound).
 */
export interface DerivedFrom {
  inputs: readonly string[];
  coarse?: readonly string[];
}

const DOB = "Customer.dateOfBirth";
const INCOME = "Customer.annualIncome";
const HEALTH = "Customer.healthDeclaration";

/** Every factor the risk model writes (src/modules/risk/risk-engine.ts), by name. A name not listed is withheld. */
export const RISK_FACTOR_INPUTS: Record<string, DerivedFrom> = {
  AGE_BAND: { inputs: [DOB], coarse: [DOB] },
  CUSTOMER_KIND: { inputs: ["Customer.kind"] },
  OCCUPATION_CLASS: { inputs: ["Customer.occupationClass"] },
  HEALTH_DECLARATION: { inputs: [HEALTH] },
  SMOKER: { inputs: [HEALTH] },
  CHRONIC_CONDITIONS: { inputs: [HEALTH] },
  CLAIM_FREQUENCY: { inputs: ["Claim.reportedAt"] },
  LAPSE_HISTORY: { inputs: ["Policy.status"] },
  FRAUD_INDICATORS: { inputs: ["Claim.fraudScore"] },
  CLAIM_SEVERITY: { inputs: ["Claim.claimedAmount"] },
  SUM_INSURED: { inputs: ["Policy.sumInsured"] },
  SUM_INSURED_TO_INCOME: { inputs: [INCOME, "Policy.sumInsured"] },
  DEPENDENTS: { inputs: ["Customer.dependents"] },
};

/** Every warning the risk model raises, by code. A code not listed is withheld. */
export const RISK_WARNING_INPUTS: Record<string, DerivedFrom> = {
  CLAIMS_SPIKE: { inputs: ["Claim.reportedAt"] },
  SUM_INSURED_OVER_INCOME: { inputs: [INCOME, "Policy.sumInsured"] },
  LAPSE_RISK: { inputs: ["Policy.status", "Policy.renewalDate", "Complaint.receivedAt"] },
  POSSIBLE_FRAUD: { inputs: ["Claim.fraudScore"] },
};

/** Whether a role may receive a derived value: the most restrictive access among its inputs decides. */
export function releasable(role: Role | null, derived: DerivedFrom | undefined, sensitiveConsent: boolean): boolean {
  if (!derived) return false; // deny by default: an output nobody declared leaves nobody
  return derived.inputs.every((input) => {
    const grant = useGrant(role, input, Use.DERIVE);
    if (grant === "any") return true;
    if (grant === "consent") return sensitiveConsent;
    if (grant === "band" || grant === "visible") return derived.coarse?.includes(input) ?? false;
    return false;
  });
}

/** Whether any of these outputs depends on the customer's consent for this role (so the consent must be read). */
export function needsConsent(role: Role | null, outputs: readonly DerivedFrom[]): boolean {
  return outputs.some((derived) => derived.inputs.some((input) => useGrant(role, input, Use.DERIVE) === "consent"));
}

export function releasedFactors(role: Role | null, factors: readonly RiskFactor[], sensitiveConsent: boolean): RiskFactor[] {
  return factors.filter((factor) => releasable(role, RISK_FACTOR_INPUTS[factor.name], sensitiveConsent));
}

export function releasedWarnings(role: Role | null, warnings: readonly RiskWarning[], sensitiveConsent: boolean): RiskWarning[] {
  return warnings.filter((warning) => releasable(role, RISK_WARNING_INPUTS[warning.code], sensitiveConsent));
}
