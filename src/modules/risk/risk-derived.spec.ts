import { Role } from "../../auth/role";
import { FIELD_CLASSES } from "../../auth/field-policy";
import { assessRiskFacts, type RiskFacts } from "./risk-engine";
import { releasable, releasedFactors, releasedWarnings, RISK_FACTOR_INPUTS, RISK_WARNING_INPUTS } from "./risk-derived";

const NOW = new Date("2026-11-20T00:00:00Z");
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const base: RiskFacts = {
  kind: "INDIVIDUAL", dateOfBirth: "1970-05-01", occupationClass: 3, annualIncome: 20_000_000, dependents: 2, sensitiveDataConsent: true,
  health: { smoker: true, chronicConditions: ["asthma"], bmi: 31 },
  claims: [1, 5, 9, 40].map((n) => ({ reportedAt: day(n), claimedAmount: 50_000_00, fraudScore: 0.95 })),
  policies: [
    { status: "ACTIVE", sumInsured: 500_000_000, renewalDate: "2026-12-01", endDate: "2030-01-01" },
    { status: "LAPSED", sumInsured: 1_000_00, renewalDate: null, endDate: "2026-10-01" },
  ],
  complaintTimes: [day(10)],
};
/** Facts that make the engine write every factor and raise every warning it knows. */
const VARIANTS: RiskFacts[] = [
  base,
  { ...base, kind: "ENTERPRISE", dateOfBirth: null, sensitiveDataConsent: false },
  { ...base, health: null },
  { ...base, annualIncome: null, complaintTimes: [] },
];

describe("derived risk outputs declare their inputs", () => {
  const factorNames = new Set(VARIANTS.flatMap((facts) => assessRiskFacts(facts, NOW).factors.map((f) => f.name)));
  const warningCodes = new Set(VARIANTS.flatMap((facts) => assessRiskFacts(facts, NOW).warnings.map((w) => w.code)));

  it("covers every factor and warning the model produces, each with inputs the policy table knows", () => {
    expect(factorNames.size).toBeGreaterThanOrEqual(12);
    expect(warningCodes).toEqual(new Set(["CLAIMS_SPIKE", "SUM_INSURED_OVER_INCOME", "LAPSE_RISK", "POSSIBLE_FRAUD"]));
    for (const name of factorNames) expect([name, RISK_FACTOR_INPUTS[name]?.inputs.length ?? 0]).not.toEqual([name, 0]);
    for (const code of warningCodes) expect([code, RISK_WARNING_INPUTS[code]?.inputs.length ?? 0]).not.toEqual([code, 0]);
    for (const derived of [...Object.values(RISK_FACTOR_INPUTS), ...Object.values(RISK_WARNING_INPUTS)]) {
      for (const input of derived.inputs) {
        const [typeName, field] = input.split(".");
        expect([input, FIELD_CLASSES[typeName]?.[field]]).not.toEqual([input, undefined]);
      }
    }
  });

  it("withholds an output nobody declared", () => {
    expect(releasable(Role.ADMIN, undefined, true)).toBe(false);
    expect(releasedFactors(Role.ADMIN, [{ name: "NEW_FACTOR", value: "x", weight: 1, contribution: 1, explanation: "" }], true)).toEqual([]);
  });

  it("releases each output at the most restrictive access among its inputs", () => {
    const { factors, warnings } = assessRiskFacts(base, NOW);
    const names = (role: Role, consent: boolean) => releasedFactors(role, factors, consent).map((f) => f.name).sort();
    const health = ["CHRONIC_CONDITIONS", "SMOKER"];
    // AGENT: health denied, income banded (no ratio), age band from a birth year it sees
    expect(names(Role.AGENT, true)).toEqual(expect.arrayContaining(["AGE_BAND", "FRAUD_INDICATORS", "SUM_INSURED"]));
    for (const hidden of [...health, "SUM_INSURED_TO_INCOME"]) expect(names(Role.AGENT, true)).not.toContain(hidden);
    for (const role of [Role.ADMIN, Role.COMPLIANCE]) for (const hidden of [...health, "SUM_INSURED_TO_INCOME"]) expect(names(role, true)).not.toContain(hidden);
    // UNDERWRITER: consent-bound health and income — with the consent, and not after it is withdrawn
    expect(names(Role.UNDERWRITER, true)).toEqual(expect.arrayContaining([...health, "SUM_INSURED_TO_INCOME"]));
    for (const hidden of [...health, "SUM_INSURED_TO_INCOME"]) expect(names(Role.UNDERWRITER, false)).not.toContain(hidden);
    // the customer: every fact about themself, but not the insurer's fraud screening (INTERNAL)
    expect(names(Role.CUSTOMER, false)).toEqual([...new Set(factors.map((f) => f.name))].filter((name) => name !== "FRAUD_INDICATORS").sort());
    const codes = (role: Role, consent: boolean) => releasedWarnings(role, warnings, consent).map((w) => w.code).sort();
    expect(codes(Role.AGENT, true)).toEqual(["CLAIMS_SPIKE", "LAPSE_RISK", "POSSIBLE_FRAUD"]);
    expect(codes(Role.UNDERWRITER, true)).toContain("SUM_INSURED_OVER_INCOME");
    expect(codes(Role.UNDERWRITER, false)).not.toContain("SUM_INSURED_OVER_INCOME");
  });
});
