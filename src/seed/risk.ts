import { CustomerKind } from "../modules/customer/customer.enums";
import { PolicyStatus } from "../modules/policy/policy.entity";
import { ProductLine, RiskTier } from "../modules/product/product.entity";
import type { RiskFactor, RiskWarning } from "../modules/risk/risk-assessment.entity";
import { ageRisk, matrix } from "../modules/risk/risk-engine";
import { ageOn, DAY, dayOf, HOUR, YEAR_DAYS } from "./clock";
import { instantBetween, type SeedContext } from "./context";
import { countOf, formatCny } from "./format";
import type { ClaimRow, CustomerSeed, PolicySeed, RiskAssessmentRow } from "./model";
import type { Weighted } from "./random";

const ASSESSMENTS: Weighted<number> = [[1, 35], [2, 30], [3, 20], [4, 15]];
const CLAIM_LOOKBACK = 3 * YEAR_DAYS * DAY;

/** Risk-matrix score and band: the risk engine's own matrix, so seeded and assessed profiles agree. */
export function riskScore(likelihood: number, impact: number): { score: number; tier: RiskTier } {
  const { score, tier } = matrix(likelihood, impact);
  return { score, tier: RiskTier[tier] };
}

function factor(name: string, value: string, weight: number, risk: number, explanation: string): RiskFactor {
  return { name, value, weight, contribution: Math.round(weight * risk * 1000) / 1000, explanation };
}

/**
 * 1–5 from the weighted mean of factor risks (0–1), stretched by `sensitivity` (few customers
 * have every likelihood factor high at once), with a little assessor-to-assessor noise.
 */
function rating(context: SeedContext, factors: readonly RiskFactor[], sensitivity: number): number {
  const weight = factors.reduce((sum, f) => sum + f.weight, 0);
  const risk = factors.reduce((sum, f) => sum + f.contribution, 0) / weight;
  return Math.min(5, Math.max(1, 1 + Math.round(sensitivity * risk + 0.6 * context.random.gaussian())));
}

interface Exposure {
  claims: ClaimRow[];
  lapsed: number;
  sumInsuredYuan: number;
  protection: boolean;
}

function exposureAt(policies: readonly PolicySeed[], claims: readonly ClaimRow[], at: number): Exposure {
  const day = dayOf(at);
  const inForce = policies.filter((p) => p.row.status !== PolicyStatus.QUOTED && p.coverFrom <= day && day <= p.coverTo);
  return {
    claims: claims.filter((c) => c.reportedAt.getTime() <= at && c.reportedAt.getTime() > at - CLAIM_LOOKBACK),
    lapsed: policies.filter((p) => p.row.status === PolicyStatus.LAPSED && p.coverTo < day).length,
    sumInsuredYuan: inForce.reduce((sum, p) => sum + p.row.sumInsured / 100, 0),
    protection: inForce.some((p) => p.product.line === ProductLine.LIFE || p.product.line === ProductLine.CRITICAL_ILLNESS),
  };
}

function warningsFor(customer: CustomerSeed, exposure: Exposure): RiskWarning[] {
  const warnings: RiskWarning[] = [];
  const claimCount = exposure.claims.length;
  if (claimCount >= 2) warnings.push({ code: "FREQUENT_CLAIMS", message: `${countOf(claimCount, "claim")} in the last 3 years.` });
  if (exposure.claims.some((c) => (c.fraudScore ?? 0) >= 0.8)) warnings.push({ code: "FRAUD_INDICATOR", message: "A recent claim scored high on fraud screening." });
  if ((customer.row.occupationClass ?? 1) >= 5) warnings.push({ code: "HAZARDOUS_OCCUPATION", message: `Occupation class ${customer.row.occupationClass}: hazardous work.` });
  if (exposure.lapsed > 0) warnings.push({ code: "POLICY_LAPSED", message: `${countOf(exposure.lapsed, "policy", "policies")} lapsed for non-payment.` });
  if (customer.row.dependents > 0 && !exposure.protection) {
    warnings.push({ code: "PROTECTION_GAP", message: `${countOf(customer.row.dependents, "dependent")} and no life or critical illness cover in force.` });
  }
  return warnings;
}

function assess(context: SeedContext, customer: CustomerSeed, exposure: Exposure, at: number): RiskAssessmentRow {
  const { random } = context;
  const person = customer.kind === CustomerKind.INDIVIDUAL && customer.birthDay !== null;
  const { band, risk } = person ? ageRisk(ageOn(customer.birthDay as number, dayOf(at))) : { band: customer.kind, risk: 0.3 };
  const occupationClass = customer.row.occupationClass ?? 1;
  const claimCount = exposure.claims.length;
  const likelihoodFactors = [
    factor(person ? "AGE_BAND" : "CUSTOMER_KIND", band, 0.25, risk, person ? "Mortality and morbidity rise with age." : "Organisation: pooled risk of its insured members."),
    factor("OCCUPATION_CLASS", String(occupationClass), 0.3, (occupationClass - 1) / 5, "Occupational hazard class 1 (office) to 6 (hazardous)."),
    factor("CLAIM_FREQUENCY", `${claimCount} in 3 years`, 0.3, Math.min(1, claimCount / 3), "Claims reported in the three years before the assessment."),
    factor("LAPSE_HISTORY", `${exposure.lapsed} lapsed`, 0.15, Math.min(1, exposure.lapsed / 2), "Policies lapsed for non-payment."),
  ];
  const impactFactors = [
    factor("SUM_INSURED", formatCny(exposure.sumInsuredYuan * 100), 0.6, Math.min(1, Math.log10(1 + exposure.sumInsuredYuan) / 7.5), "Total sum insured in force: the size of a possible loss."),
    factor("DEPENDENTS", String(customer.row.dependents), 0.4, Math.min(1, customer.row.dependents / 3), "People who depend financially on the customer."),
  ];
  const likelihood = rating(context, likelihoodFactors, 9);
  const impact = rating(context, impactFactors, 6);
  const { score, tier } = riskScore(likelihood, impact);
  const reviewed = tier === RiskTier.HIGH || tier === RiskTier.CRITICAL;
  return {
    id: random.uuid(),
    customerId: customer.row.id,
    assessedAt: new Date(at),
    modelVersion: at < context.now - YEAR_DAYS * DAY ? "risk-1.0" : "risk-1.1",
    likelihood,
    impact,
    score,
    tier,
    factors: [...likelihoodFactors, ...impactFactors],
    warnings: warningsFor(customer, exposure),
    assessedBy: reviewed ? random.pick(context.staff.underwriters) : null,
  };
}

/** Re-assessments over the customer's time with us, oldest first; the newest is the profile. */
export function makeRiskAssessments(context: SeedContext, customer: CustomerSeed, policies: readonly PolicySeed[], claims: readonly ClaimRow[]): RiskAssessmentRow[] {
  if (customer.erasedAt !== null) return [];
  const { random } = context;
  const count = random.weighted(ASSESSMENTS);
  const times = Array.from({ length: count }, () => instantBetween(context, customer.createdAt, context.now - HOUR)).sort((a, b) => a - b);
  return times.map((at) => assess(context, customer, exposureAt(policies, claims, at), at));
}
