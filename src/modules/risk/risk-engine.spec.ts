import { assessRiskFacts, matrix, rating, RISK_MODEL_VERSION, warningsFor, type RiskFacts } from "./risk-engine";

const NOW = new Date("2026-11-20T00:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** A 35-year-old office worker with one modest policy, nothing else. */
function baseline(overrides: Partial<RiskFacts> = {}): RiskFacts {
  return {
    kind: "INDIVIDUAL",
    dateOfBirth: "1991-06-01",
    occupationClass: 1,
    annualIncome: 30_000_000,
    dependents: 0,
    sensitiveDataConsent: true,
    health: { smoker: false, chronicConditions: [], bmi: 22 },
    claims: [],
    policies: [{ status: "ACTIVE", sumInsured: 50_000_000, renewalDate: inDays(200), endDate: inDays(200) }],
    complaintTimes: [],
    ...overrides,
  };
}

const factor = (facts: RiskFacts, name: string) => assessRiskFacts(facts, NOW).factors.find((f) => f.name === name);
const codes = (facts: RiskFacts) => warningsFor(facts, NOW).map((w) => `${w.code}:${w.severity}`);

describe("risk engine", () => {
  it("maps likelihood × impact to score and tier at every boundary", () => {
    expect(matrix(1, 1)).toEqual({ score: 4, tier: "LOW" });
    expect(matrix(2, 3)).toEqual({ score: 24, tier: "LOW" });
    expect(matrix(2, 4)).toEqual({ score: 32, tier: "MEDIUM" });
    expect(matrix(3, 4)).toEqual({ score: 48, tier: "MEDIUM" });
    expect(matrix(5, 3)).toEqual({ score: 60, tier: "HIGH" });
    expect(matrix(4, 4)).toEqual({ score: 64, tier: "HIGH" });
    expect(matrix(4, 5)).toEqual({ score: 80, tier: "CRITICAL" });
    expect(matrix(5, 5)).toEqual({ score: 100, tier: "CRITICAL" });
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) expect(matrix(l, i).score).toBeLessThanOrEqual(100);
  });

  it("rates a weighted mean onto 1–5", () => {
    expect(rating([{ name: "A", value: "", weight: 1, risk: 0, explanation: "" }])).toBe(1);
    expect(rating([{ name: "A", value: "", weight: 1, risk: 1, explanation: "" }])).toBe(5);
    expect(rating([{ name: "A", value: "", weight: 1, risk: 0.25, explanation: "" }, { name: "B", value: "", weight: 0, risk: 1, explanation: "" }])).toBe(3);
    expect(rating([])).toBe(1);
  });

  it("scores a quiet customer LOW with every factor explained", () => {
    const result = assessRiskFacts(baseline(), NOW);
    expect(result).toMatchObject({ modelVersion: RISK_MODEL_VERSION, tier: "LOW", warnings: [] });
    expect(result.factors.map((f) => f.name)).toEqual([
      "AGE_BAND", "OCCUPATION_CLASS", "SMOKER", "CHRONIC_CONDITIONS", "CLAIM_FREQUENCY", "LAPSE_HISTORY", "FRAUD_INDICATORS",
      "CLAIM_SEVERITY", "SUM_INSURED", "SUM_INSURED_TO_INCOME", "DEPENDENTS",
    ]);
    for (const f of result.factors) expect(f.explanation.length).toBeGreaterThan(10);
    expect(result.score).toBe(result.likelihood * result.impact * 4);
  });

  it("rates each factor from the customer's facts", () => {
    expect(factor(baseline({ dateOfBirth: "1946-01-01" }), "AGE_BAND")).toMatchObject({ value: "75+" });
    expect(factor(baseline({ dateOfBirth: "1946-01-01" }), "AGE_BAND")!.contribution).toBeGreaterThan(factor(baseline(), "AGE_BAND")!.contribution);
    expect(factor(baseline({ kind: "ENTERPRISE", dateOfBirth: null }), "CUSTOMER_KIND")).toMatchObject({ value: "ENTERPRISE" });
    expect(factor(baseline({ occupationClass: 6 }), "OCCUPATION_CLASS")!.contribution).toBeGreaterThan(0);
    expect(factor(baseline(), "OCCUPATION_CLASS")!.contribution).toBe(0);
    expect(factor(baseline({ health: { smoker: true, chronicConditions: [], bmi: 22 } }), "SMOKER")).toMatchObject({ value: "yes" });
    expect(factor(baseline({ health: { smoker: false, chronicConditions: ["DIABETES"], bmi: 31 } }), "CHRONIC_CONDITIONS")).toMatchObject({ value: "1 declared, BMI 31" });
    const claims = [daysAgo(400), daysAgo(800), daysAgo(1200)].map((reportedAt) => ({ reportedAt, claimedAmount: 1_000_000, fraudScore: 0.1 }));
    expect(factor(baseline({ claims }), "CLAIM_FREQUENCY")).toMatchObject({ value: "2 in 36 months" }); // 1,200 days ago is outside
    expect(factor(baseline({ claims }), "CLAIM_SEVERITY")).toMatchObject({ value: "¥10,000" });
    const lapsed = { status: "LAPSED", sumInsured: 10_000_000, renewalDate: null, endDate: inDays(-400) };
    expect(factor(baseline({ policies: [lapsed, lapsed] }), "LAPSE_HISTORY")).toMatchObject({ value: "2 lapsed" });
    expect(factor(baseline({ claims: [{ reportedAt: daysAgo(30), claimedAmount: 1, fraudScore: 0.66 }] }), "FRAUD_INDICATORS")).toMatchObject({ value: "0.66" });
    expect(factor(baseline(), "SUM_INSURED")).toMatchObject({ value: "¥500,000" });
    expect(factor(baseline(), "SUM_INSURED_TO_INCOME")).toMatchObject({ value: "1.7× income" });
    expect(factor(baseline({ annualIncome: null }), "SUM_INSURED_TO_INCOME")).toMatchObject({ value: "income unknown", weight: 0 });
    expect(factor(baseline({ dependents: 3 }), "DEPENDENTS")!.contribution).toBeGreaterThan(0);
  });

  it("uses health declarations only with SENSITIVE_DATA consent", () => {
    const sick = { smoker: true, chronicConditions: ["HYPERTENSION", "HEART_DISEASE", "DIABETES"], bmi: 34 };
    const consented = assessRiskFacts(baseline({ health: sick }), NOW);
    const refused = assessRiskFacts(baseline({ health: sick, sensitiveDataConsent: false }), NOW);
    expect(consented.factors.map((f) => f.name)).toEqual(expect.arrayContaining(["SMOKER", "CHRONIC_CONDITIONS"]));
    expect(refused.factors.map((f) => f.name)).not.toContain("SMOKER");
    expect(refused.factors.find((f) => f.name === "HEALTH_DECLARATION")).toMatchObject({ value: "not processed", weight: 0, contribution: 0 });
    expect(consented.likelihood).toBeGreaterThan(refused.likelihood);
    expect(assessRiskFacts(baseline({ health: null }), NOW).factors.find((f) => f.name === "HEALTH_DECLARATION")).toMatchObject({ value: "none" });
  });

  it("raises each warning with its severity on crafted facts", () => {
    const claim = (days: number, fraudScore = 0.1) => ({ reportedAt: daysAgo(days), claimedAmount: 500_000, fraudScore });
    expect(codes(baseline({ claims: [claim(10), claim(40), claim(80)] }))).toEqual(["CLAIMS_SPIKE:HIGH"]);
    expect(codes(baseline({ claims: [claim(10), claim(40), claim(95)] }))).toEqual([]);
    expect(codes(baseline({ annualIncome: 4_000_000 }))).toEqual(["SUM_INSURED_OVER_INCOME:MEDIUM"]);
    expect(codes(baseline({ annualIncome: 5_000_000 }))).toEqual([]); // exactly 10×
    const renewing = [{ status: "ACTIVE", sumInsured: 1_000_000, renewalDate: inDays(20), endDate: inDays(20) }];
    expect(codes(baseline({ policies: renewing, complaintTimes: [daysAgo(30)] }))).toEqual(["LAPSE_RISK:MEDIUM"]);
    expect(codes(baseline({ policies: renewing, complaintTimes: [daysAgo(100)] }))).toEqual([]);
    expect(codes(baseline({ policies: [{ status: "LAPSED", sumInsured: 1, renewalDate: null, endDate: inDays(-60) }] }))).toEqual(["LAPSE_RISK:LOW"]);
    expect(codes(baseline({ claims: [claim(200, 0.8)] }))).toEqual(["POSSIBLE_FRAUD:HIGH"]);
    expect(codes(baseline({ claims: [claim(200, 0.95)] }))).toEqual(["POSSIBLE_FRAUD:CRITICAL"]);
    expect(codes(baseline({ claims: [claim(200, 0.7)] }))).toEqual([]);
  });

  it("warns of an overdue premium and rates it only when a premium is unpaid past due (grace boundary included)", () => {
    const unpaid = (...days: number[]) => baseline({ unpaidPremiumDueDates: days.map((d) => inDays(-d)) });
    expect(codes(unpaid(0))).toEqual([]); // due today: not yet past due
    expect(factor(unpaid(0), "PREMIUM_OVERDUE")).toBeUndefined();
    expect(codes(unpaid(1))).toEqual(["PREMIUM_OVERDUE:MEDIUM"]);
    expect(codes(unpaid(30))).toEqual(["PREMIUM_OVERDUE:MEDIUM"]); // the last day of grace
    expect(codes(unpaid(31))).toEqual(["PREMIUM_OVERDUE:HIGH"]);
    expect(factor(unpaid(31, 5), "PREMIUM_OVERDUE")).toMatchObject({ value: "2 unpaid, 31 days past due" });
    // paying on time changes nothing: the assessment equals the one without the instalment facts
    expect(assessRiskFacts(unpaid(), NOW)).toEqual(assessRiskFacts(baseline(), NOW));
    expect(assessRiskFacts(unpaid(60), NOW).likelihood).toBeGreaterThanOrEqual(assessRiskFacts(baseline(), NOW).likelihood);
  });

  it("reaches CRITICAL for a high-risk, high-exposure customer", () => {
    const result = assessRiskFacts(
      baseline({
        dateOfBirth: "1950-01-01", occupationClass: 6, dependents: 3, annualIncome: 1_000_000,
        health: { smoker: true, chronicConditions: ["DIABETES", "HEART_DISEASE", "HYPERTENSION"], bmi: 35 },
        claims: [10, 20, 30, 40].map((d) => ({ reportedAt: daysAgo(d), claimedAmount: 100_000_000, fraudScore: 0.95 })),
        policies: [{ status: "ACTIVE", sumInsured: 500_000_000, renewalDate: inDays(10), endDate: inDays(10) }, { status: "LAPSED", sumInsured: 1, renewalDate: null, endDate: inDays(-30) }],
      }),
      NOW,
    );
    expect(result.tier).toBe("CRITICAL");
    expect(result.warnings.map((w) => w.code)).toEqual(["CLAIMS_SPIKE", "SUM_INSURED_OVER_INCOME", "LAPSE_RISK", "POSSIBLE_FRAUD"]);
  });
});
