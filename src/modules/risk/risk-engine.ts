/**
 * The risk model: pure functions from a customer's facts to an explainable assessment.
 *
 * Each factor rates one fact 0 (no risk) to 1 (highest) and carries a weight. Likelihood and
 * impact are the weighted means of their factors, stretched onto 1–5:
 *   rating = clamp(1 + round(4 × min(1, STRETCH × mean)), 1, 5)
 * The risk matrix multiplies them: score = likelihood × impact × 4 (0–100), banded as
 *   likelihood × impact  1–6 → LOW (score 4–24)   7–12 → MEDIUM (28–48)
 *                        13–18 → HIGH (52–72)     19–25 → CRITICAL (76–100)
 * Health declarations are used only while the customer's SENSITIVE_DATA consent is granted.
 */
import { premiumOverdueFactors, premiumOverdueWarnings } from "./premium-overdue";

export const RISK_MODEL_VERSION = "risk-2.1";

export type Tier = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
export type WarningSeverity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export interface ClaimFact {
  reportedAt: Date;
  claimedAmount: number;
  fraudScore: number | null;
}

export interface PolicyFact {
  status: string;
  sumInsured: number;
  /** ISO date of the next renewal (active policies). */
  renewalDate: string | null;
  /** ISO date the cover ended (lapsed policies). */
  endDate: string;
}

export interface HealthFact {
  smoker: boolean;
  chronicConditions: string[];
  bmi: number | null;
}

export interface RiskFacts {
  kind: string;
  dateOfBirth: string | null;
  occupationClass: number | null;
  /** Minor units per year. */
  annualIncome: number | null;
  dependents: number;
  sensitiveDataConsent: boolean;
  /** The newest declaration, if any. */
  health: HealthFact | null;
  claims: ClaimFact[];
  policies: PolicyFact[];
  complaintTimes: Date[];
  /** Due dates (YYYY-MM-DD) of unpaid premium instalments of policies in force, due by the assessment day. */
  unpaidPremiumDueDates?: string[];
}

export interface Factor {
  name: string;
  value: string;
  weight: number;
  contribution: number;
  explanation: string;
}

export interface Warning {
  code: string;
  severity: WarningSeverity;
  message: string;
}

export interface RiskResult {
  modelVersion: string;
  likelihood: number;
  impact: number;
  score: number;
  tier: Tier;
  factors: Factor[];
  warnings: Warning[];
}

const DAY = 86_400_000;
const STRETCH = 1.6;
export const CLAIM_WINDOW_DAYS = 3 * 365;
export const CLAIM_SPIKE = { count: 3, days: 90 };
export const SUM_INSURED_INCOME_MULTIPLE = 10;
export const FRAUD_THRESHOLD = 0.75;
export const LAPSE_WINDOW = { renewalDays: 30, complaintDays: 90, lapsedDays: 180 };

export interface Rated {
  name: string;
  value: string;
  weight: number;
  risk: number;
  explanation: string;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const yuan = (minor: number) => `¥${Math.round(minor / 100).toLocaleString("en-US")}`;

export function ageOn(dateOfBirth: string, now: Date): number {
  const birth = new Date(`${dateOfBirth}T00:00:00Z`);
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday = now.getUTCMonth() < birth.getUTCMonth() || (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  return beforeBirthday ? age - 1 : age;
}

export function ageRisk(age: number): { band: string; risk: number } {
  if (age < 18) return { band: "0-17", risk: 0.2 };
  if (age < 30) return { band: "18-29", risk: 0.3 };
  if (age < 45) return { band: "30-44", risk: 0.2 };
  if (age < 60) return { band: "45-59", risk: 0.45 };
  if (age < 75) return { band: "60-74", risk: 0.7 };
  return { band: "75+", risk: 0.9 };
}

/** Matrix cell → score and tier (see the table above). */
export function matrix(likelihood: number, impact: number): { score: number; tier: Tier } {
  const cell = likelihood * impact;
  const tier: Tier = cell <= 6 ? "LOW" : cell <= 12 ? "MEDIUM" : cell <= 18 ? "HIGH" : "CRITICAL";
  return { score: cell * 4, tier };
}

/** Weighted mean of factor risks → 1–5. */
export function rating(factors: readonly Rated[]): number {
  const weight = factors.reduce((sum, f) => sum + f.weight, 0);
  if (weight === 0) return 1;
  return ratingOfMean(factors.reduce((sum, f) => sum + f.weight * f.risk, 0) / weight);
}

/** A weighted mean risk (0–1) on the 1–5 scale. */
export function ratingOfMean(mean: number): number {
  return Math.min(5, Math.max(1, 1 + Math.round(4 * Math.min(1, STRETCH * mean))));
}

function healthFactors(facts: RiskFacts): Rated[] {
  if (!facts.sensitiveDataConsent) {
    return [{ name: "HEALTH_DECLARATION", value: "not processed", weight: 0, risk: 0, explanation: "No SENSITIVE_DATA consent: health declarations are not used." }];
  }
  if (!facts.health) {
    return [{ name: "HEALTH_DECLARATION", value: "none", weight: 0, risk: 0, explanation: "No health declaration on file." }];
  }
  const { smoker, chronicConditions, bmi } = facts.health;
  const bmiOut = bmi !== null && (bmi >= 30 || bmi < 18.5);
  return [
    { name: "SMOKER", value: smoker ? "yes" : "no", weight: 0.1, risk: smoker ? 1 : 0, explanation: "Declared tobacco use raises mortality and morbidity." },
    {
      name: "CHRONIC_CONDITIONS",
      value: `${chronicConditions.length} declared${bmi !== null ? `, BMI ${bmi}` : ""}`,
      weight: 0.1,
      risk: clamp01(chronicConditions.length / 3 + (bmiOut ? 0.3 : 0)),
      explanation: "Declared chronic conditions (and a BMI outside 18.5–30) raise expected claims.",
    },
  ];
}

function recentClaims(facts: RiskFacts, now: Date, days: number): ClaimFact[] {
  return facts.claims.filter((c) => c.reportedAt.getTime() <= now.getTime() && c.reportedAt.getTime() > now.getTime() - days * DAY);
}

function sumInsuredInForce(facts: RiskFacts): number {
  return facts.policies.filter((p) => p.status === "ACTIVE").reduce((sum, p) => sum + p.sumInsured, 0);
}

function likelihoodFactors(facts: RiskFacts, now: Date): Rated[] {
  const person = facts.kind === "INDIVIDUAL" && facts.dateOfBirth !== null;
  const age = person ? ageRisk(ageOn(facts.dateOfBirth as string, now)) : { band: facts.kind, risk: 0.3 };
  const occupation = facts.occupationClass ?? 1;
  const claims = recentClaims(facts, now, CLAIM_WINDOW_DAYS);
  const lapsed = facts.policies.filter((p) => p.status === "LAPSED").length;
  const fraud = Math.max(0, ...claims.map((c) => c.fraudScore ?? 0));
  return [
    { name: person ? "AGE_BAND" : "CUSTOMER_KIND", value: age.band, weight: 0.15, risk: age.risk, explanation: person ? "Mortality and morbidity rise with age." : "Organisation: pooled risk of its insured members." },
    { name: "OCCUPATION_CLASS", value: String(occupation), weight: 0.15, risk: (occupation - 1) / 5, explanation: "Occupational hazard class 1 (office) to 6 (hazardous)." },
    ...healthFactors(facts),
    { name: "CLAIM_FREQUENCY", value: `${claims.length} in 36 months`, weight: 0.2, risk: clamp01(claims.length / 4), explanation: "Claims reported in the 36 months before the assessment." },
    { name: "LAPSE_HISTORY", value: `${lapsed} lapsed`, weight: 0.1, risk: clamp01(lapsed / 2), explanation: "Policies lapsed for non-payment." },
    { name: "FRAUD_INDICATORS", value: fraud.toFixed(2), weight: 0.2, risk: clamp01(fraud), explanation: "Highest fraud-screening score among claims of the last 36 months." },
    ...premiumOverdueFactors(facts.unpaidPremiumDueDates ?? [], now),
  ];
}

function impactFactors(facts: RiskFacts, now: Date): Rated[] {
  const claims = recentClaims(facts, now, CLAIM_WINDOW_DAYS);
  const largest = Math.max(0, ...claims.map((c) => c.claimedAmount));
  const insured = sumInsuredInForce(facts);
  const multiple = facts.annualIncome && facts.annualIncome > 0 ? insured / facts.annualIncome : null;
  return [
    { name: "CLAIM_SEVERITY", value: yuan(largest), weight: 0.3, risk: clamp01(Math.log10(1 + largest / 100) / 6), explanation: "Largest amount claimed in the last 36 months." },
    { name: "SUM_INSURED", value: yuan(insured), weight: 0.3, risk: clamp01(Math.log10(1 + insured / 100) / 7.5), explanation: "Total sum insured in force: the size of a possible loss." },
    {
      name: "SUM_INSURED_TO_INCOME", value: multiple === null ? "income unknown" : `${multiple.toFixed(1)}× income`, weight: multiple === null ? 0 : 0.25,
      risk: multiple === null ? 0 : clamp01(multiple / (2 * SUM_INSURED_INCOME_MULTIPLE)), explanation: "Cover far above income suggests over-insurance (moral hazard).",
    },
    { name: "DEPENDENTS", value: String(facts.dependents), weight: 0.15, risk: clamp01(facts.dependents / 3), explanation: "People who depend financially on the customer." },
  ];
}

function daysUntil(date: string, now: Date): number {
  return Math.floor((new Date(`${date}T00:00:00Z`).getTime() - now.getTime()) / DAY);
}

export function warningsFor(facts: RiskFacts, now: Date): Warning[] {
  const warnings: Warning[] = [];
  const spike = recentClaims(facts, now, CLAIM_SPIKE.days).length;
  if (spike >= CLAIM_SPIKE.count) {
    warnings.push({ code: "CLAIMS_SPIKE", severity: "HIGH", message: `${spike} claims in the last ${CLAIM_SPIKE.days} days.` });
  }
  const insured = sumInsuredInForce(facts);
  if (facts.annualIncome && facts.annualIncome > 0 && insured > SUM_INSURED_INCOME_MULTIPLE * facts.annualIncome) {
    warnings.push({ code: "SUM_INSURED_OVER_INCOME", severity: "MEDIUM", message: `Sum insured ${yuan(insured)} is over ${SUM_INSURED_INCOME_MULTIPLE}× the annual income.` });
  }
  const renewing = facts.policies.some((p) => p.status === "ACTIVE" && p.renewalDate !== null && daysUntil(p.renewalDate, now) >= 0 && daysUntil(p.renewalDate, now) <= LAPSE_WINDOW.renewalDays);
  const complained = facts.complaintTimes.some((t) => t.getTime() <= now.getTime() && t.getTime() > now.getTime() - LAPSE_WINDOW.complaintDays * DAY);
  const recentLapse = facts.policies.some((p) => p.status === "LAPSED" && -daysUntil(p.endDate, now) <= LAPSE_WINDOW.lapsedDays);
  if (renewing && complained) {
    warnings.push({ code: "LAPSE_RISK", severity: "MEDIUM", message: `Renewal due within ${LAPSE_WINDOW.renewalDays} days after a complaint in the last ${LAPSE_WINDOW.complaintDays} days.` });
  } else if (recentLapse) {
    warnings.push({ code: "LAPSE_RISK", severity: "LOW", message: `A policy lapsed for non-payment in the last ${LAPSE_WINDOW.lapsedDays} days.` });
  }
  warnings.push(...premiumOverdueWarnings(facts.unpaidPremiumDueDates ?? [], now));
  const fraud = Math.max(0, ...recentClaims(facts, now, CLAIM_WINDOW_DAYS).map((c) => c.fraudScore ?? 0));
  if (fraud >= FRAUD_THRESHOLD) {
    warnings.push({ code: "POSSIBLE_FRAUD", severity: fraud >= 0.9 ? "CRITICAL" : "HIGH", message: `A claim scored ${fraud.toFixed(2)} on fraud screening (threshold ${FRAUD_THRESHOLD}).` });
  }
  return warnings;
}

function explain(factors: readonly Rated[]): Factor[] {
  const weight = factors.reduce((sum, f) => sum + f.weight, 0) || 1;
  return factors.map(({ risk, ...f }) => ({ ...f, contribution: Math.round((f.weight / weight) * risk * 1000) / 1000 }));
}

/** Assesses one customer at `now`: factors, likelihood × impact, score, tier and warnings. */
export function assessRiskFacts(facts: RiskFacts, now: Date): RiskResult {
  const likely = likelihoodFactors(facts, now);
  const impactful = impactFactors(facts, now);
  const likelihood = rating(likely);
  const impact = rating(impactful);
  return {
    modelVersion: RISK_MODEL_VERSION,
    likelihood,
    impact,
    ...matrix(likelihood, impact),
    factors: [...explain(likely), ...explain(impactful)],
    warnings: warningsFor(facts, now),
  };
}
