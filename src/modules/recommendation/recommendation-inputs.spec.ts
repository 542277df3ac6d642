import { PRODUCTS, productRow } from "../../seed/catalogue";
import { FIELD_CLASSES } from "../../auth/field-policy";
import { CustomerKind, MaritalStatus, RiskPreference, ServiceTier } from "../customer/customer.enums";
import { ProductLine, RiskTier } from "../product/product.entity";
import { Role } from "../../auth/role";
import { recommend, type RecommendationFacts } from "./recommendation-engine";
import { factsForRole, RECOMMENDATION_OUTPUT_INPUTS } from "./recommendation-inputs";

const NOW = new Date("2026-11-25T12:00:00Z");
const CATALOGUE = PRODUCTS.map(productRow);
const days = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

function facts(customer: Partial<RecommendationFacts["customer"]>, rest: Partial<RecommendationFacts> = {}): RecommendationFacts {
  return {
    now: NOW,
    customer: {
      kind: CustomerKind.INDIVIDUAL, dateOfBirth: "1990-06-01", maritalStatus: MaritalStatus.MARRIED, dependents: 2, annualIncome: 40_000_000,
      riskPreference: RiskPreference.CONSERVATIVE, serviceTier: ServiceTier.PREMIUM, ...customer,
    },
    household: { hasSpouse: true, childAges: [4, 12] }, activePolicies: [], claims: { total: 1, recent: 1 }, riskTier: RiskTier.HIGH,
    segments: [{ id: "s", name: "Young families without life cover" }, { id: "t", name: "Pre-retirees without an annuity" }],
    consents: [], offerResponses: [], openComplaints: [], recentInteractions: [{ kind: "INQUIRY", subject: "travel insurance for a trip abroad", occurredAt: days(3) }],
    catalogue: CATALOGUE, popularity: { "LIFE-TERM-20": 3 }, ...rest,
  };
}

/** Customers that between them make the engine give every reason and exclusion it knows. */
const VARIANTS: { facts: RecommendationFacts; purpose: "SERVICE" | "MARKETING" }[] = [
  { facts: facts({}), purpose: "SERVICE" },
  { facts: facts({ dateOfBirth: "1958-01-01", dependents: 0, annualIncome: 3_000_000 }), purpose: "SERVICE" },
  { facts: facts({ dateOfBirth: null }), purpose: "SERVICE" },
  { facts: facts({ kind: CustomerKind.ENTERPRISE, dateOfBirth: null }), purpose: "SERVICE" },
  { facts: facts({}, { activePolicies: [{ productCode: "LIFE-TERM-20", line: ProductLine.LIFE, sumInsured: 100_000 }, { productCode: "HEALTH-BASIC", line: ProductLine.HEALTH, sumInsured: 1 }] }), purpose: "SERVICE" },
  { facts: facts({}, { consents: [{ purpose: "PROFILING", granted: false, channel: null }] }), purpose: "SERVICE" },
  { facts: facts({}, { offerResponses: [{ productCode: "LIFE-TERM-20", response: "DECLINED", respondedAt: days(2) }], openComplaints: [{ receivedAt: days(1) }] }), purpose: "MARKETING" },
  { facts: { ...facts({ dateOfBirth: null }), withheld: { age: true } }, purpose: "MARKETING" },
];

const declared = (code: string) => RECOMMENDATION_OUTPUT_INPUTS[code.startsWith("LIFE_STAGE_") ? "LIFE_STAGE" : code];

describe("recommendation outputs declare their inputs", () => {
  it("covers every reason and exclusion the engine gives, with inputs the policy table knows", () => {
    const results = VARIANTS.map(({ facts: f, purpose }) => recommend(f, purpose));
    const reasons = new Set(results.flatMap((r) => r.recommendations.flatMap((p) => p.reasons.map((reason) => reason.code))));
    const rules = new Set(results.flatMap((r) => r.excluded.map((e) => e.rule)));
    expect(reasons.size).toBeGreaterThanOrEqual(10);
    expect(rules).toEqual(new Set(["CUSTOMER_KIND", "AGE_LIMIT", "AFFORDABILITY", "RISK_TIER", "ALREADY_HELD", "DECLINED_RECENTLY", "OPEN_COMPLAINT"]));
    for (const code of [...reasons, ...rules, "suggestedSumInsured", "estimatedPremium"]) expect([code, declared(code)?.length ?? 0]).not.toEqual([code, 0]);
    for (const inputs of Object.values(RECOMMENDATION_OUTPUT_INPUTS)) {
      for (const input of inputs) {
        const [typeName, field] = input.split(".");
        expect([input, FIELD_CLASSES[typeName]?.[field]]).not.toEqual([input, undefined]);
      }
    }
  });

  it("projects the personal facts to what each role may derive from", () => {
    const { customer, household } = facts({ annualIncome: 45_000_000 });
    const as = (role: Role, consent = false) => factsForRole(role, customer, household, consent);
    expect(as(Role.CUSTOMER)).toMatchObject({ customer: { dateOfBirth: "1990-06-01", annualIncome: 45_000_000 }, withheld: { age: false } });
    expect(as(Role.AGENT)).toMatchObject({ customer: { dateOfBirth: "1990-01-01", annualIncome: 30_000_000 }, household: { childAges: [4, 12] } });
    expect(as(Role.ADMIN).customer.annualIncome).toBeNull();
    expect(as(Role.UNDERWRITER, true).customer.annualIncome).toBe(45_000_000);
    expect(as(Role.UNDERWRITER, false).customer.annualIncome).toBeNull();
    expect(as(Role.MARKETING)).toMatchObject({ customer: { dateOfBirth: null, annualIncome: 30_000_000 }, household: { childAges: [] }, withheld: { age: true } });
    expect(factsForRole(Role.AGENT, { ...customer, annualIncome: 4_000_000 }, household, false).customer.annualIncome).toBeNull(); // lowest band: unknown
  });
});
