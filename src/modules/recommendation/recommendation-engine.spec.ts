import { PRODUCTS, productRow } from "../../seed/catalogue";
import { CustomerKind, MaritalStatus, RiskPreference, ServiceTier } from "../customer/customer.enums";
import { ProductLine, RiskTier } from "../product/product.entity";
import { recommend, type RecommendationFacts } from "./recommendation-engine";

const NOW = new Date("2026-11-25T12:00:00Z");
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const yuan = (amount: number) => amount * 100;
const CATALOGUE = PRODUCTS.map(productRow);

type Overrides = Partial<Omit<RecommendationFacts, "customer">> & { customer?: Partial<RecommendationFacts["customer"]> };

/** A crafted customer: a 30-year-old single basic-tier individual unless told otherwise. */
function customer(overrides: Overrides = {}): RecommendationFacts {
  const { customer: profile, ...rest } = overrides;
  return {
    now: NOW,
    customer: {
      kind: CustomerKind.INDIVIDUAL,
      dateOfBirth: "1996-06-01",
      maritalStatus: MaritalStatus.SINGLE,
      dependents: 0,
      annualIncome: yuan(200_000),
      riskPreference: RiskPreference.BALANCED,
      serviceTier: ServiceTier.BASIC,
      ...profile,
    },
    household: { hasSpouse: false, childAges: [] },
    activePolicies: [],
    claims: { total: 0, recent: 0 },
    riskTier: RiskTier.LOW,
    segments: [],
    consents: [],
    offerResponses: [],
    openComplaints: [],
    recentInteractions: [],
    catalogue: CATALOGUE,
    popularity: {},
    ...rest,
  };
}

const codes = (result: ReturnType<typeof recommend>) => result.recommendations.map((r) => r.productCode);
const exclusion = (result: ReturnType<typeof recommend>, code: string) => result.excluded.find((e) => e.productCode === code)?.rule;
const lineOf = (code: string) => CATALOGUE.find((p) => p.code === code)?.line;

describe("recommendation engine: crafted customers", () => {
  it("1. young family without life cover → term life first, sized at 5× income", () => {
    const result = recommend(customer({
      customer: { dateOfBirth: "1993-03-10", maritalStatus: MaritalStatus.MARRIED, dependents: 2, annualIncome: yuan(300_000) },
      household: { hasSpouse: true, childAges: [] },
    }));
    const top = result.recommendations[0];
    expect(top.productCode).toBe("LIFE-TERM-20");
    expect(top.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["LIFE_STAGE_YOUNG_FAMILY", "DEPENDENTS_WITHOUT_LIFE_COVER"]));
    expect(top.suggestedSumInsured).toBe(yuan(1_500_000));
    expect(top.estimatedPremium).toBe(yuan(3_600));
    expect(exclusion(result, "LIFE-WHOLE-HERITAGE")).toBe("AFFORDABILITY");
    expect(exclusion(result, "GRP-LIFE")).toBe("CUSTOMER_KIND");
  });

  it("2. retiree → no term life; health first", () => {
    const result = recommend(customer({
      customer: { dateOfBirth: "1960-01-15", maritalStatus: MaritalStatus.WIDOWED, annualIncome: yuan(500_000), riskPreference: RiskPreference.CONSERVATIVE, serviceTier: ServiceTier.PREMIUM },
    }));
    expect(exclusion(result, "LIFE-TERM-20")).toBe("AGE_LIMIT");
    expect(codes(result)).not.toContain("LIFE-TERM-20");
    expect(result.recommendations[0].productCode).toBe("HEALTH-VIP-GLOBAL");
    expect([ProductLine.HEALTH, ProductLine.CRITICAL_ILLNESS, ProductLine.ANNUITY]).toContain(lineOf(codes(result)[1]));
  });

  it("3. declined health last month → no health offer of that product; a decline 4 months ago no longer counts", () => {
    const recent = recommend(customer({ offerResponses: [{ productCode: "HEALTH-MILLION", response: "DECLINED", respondedAt: daysBefore(30) }] }));
    expect(exclusion(recent, "HEALTH-MILLION")).toBe("DECLINED_RECENTLY");
    expect(codes(recent)).not.toContain("HEALTH-MILLION");
    const old = recommend(customer({ offerResponses: [{ productCode: "HEALTH-MILLION", response: "DECLINED", respondedAt: daysBefore(120) }] }));
    expect(codes(old)).toContain("HEALTH-MILLION");
  });

  it("4. critical risk tier → nothing above a product's acceptance limit", () => {
    const result = recommend(customer({ riskTier: RiskTier.CRITICAL }));
    for (const code of codes(result)) {
      expect([null, RiskTier.CRITICAL]).toContain(CATALOGUE.find((p) => p.code === code)?.maxRiskTier);
    }
    expect(exclusion(result, "HEALTH-MILLION")).toBe("RISK_TIER");
    expect(exclusion(result, "CI-CARE-100")).toBe("RISK_TIER");
    expect(result.recommendations[0].productCode).toBe("ACC-PERSONAL");
  });

  it("5. PROFILING withdrawn → popular products, said so in the reasons, no personal sizing", () => {
    const result = recommend(customer({
      consents: [{ purpose: "PROFILING", granted: false, channel: null }],
      popularity: { "TRAVEL-GLOBAL": 900, "HEALTH-MILLION": 1200, "ACC-PERSONAL": 300 },
      customer: { dependents: 3 },
    }));
    expect(result.personalized).toBe(false);
    expect(codes(result).slice(0, 3)).toEqual(["HEALTH-MILLION", "TRAVEL-GLOBAL", "ACC-PERSONAL"]);
    for (const rec of result.recommendations) expect(rec.reasons[0].code).toBe("NON_PERSONALIZED");
    expect(result.recommendations[0].estimatedPremium).toBe(yuan(600));
  });

  it("6. open complaint in the last 30 days → no marketing offers, service recommendations still given", () => {
    const facts = customer({ openComplaints: [{ receivedAt: daysBefore(10) }] });
    const marketing = recommend(facts, "MARKETING");
    expect(marketing.recommendations).toEqual([]);
    expect(exclusion(marketing, "ACC-PERSONAL")).toBe("OPEN_COMPLAINT");
    expect(recommend(facts, "SERVICE").recommendations.length).toBeGreaterThan(0);
  });

  it("7. a complaint open for 45 days no longer suppresses offers", () => {
    const result = recommend(customer({ openComplaints: [{ receivedAt: daysBefore(45) }] }), "MARKETING");
    expect(result.recommendations.length).toBeGreaterThan(0);
  });

  it("8. life cover below 5× income with dependents → term life top-up for the gap; enough cover → no life offer", () => {
    const facts = (sumInsured: number) => customer({
      customer: { dateOfBirth: "1985-02-01", dependents: 1, annualIncome: yuan(400_000), maritalStatus: MaritalStatus.MARRIED },
      activePolicies: [{ productCode: "LIFE-TERM-20", line: ProductLine.LIFE, sumInsured }],
    });
    const gap = recommend(facts(yuan(500_000)));
    const topUp = gap.recommendations.find((r) => r.productCode === "LIFE-TERM-20");
    expect(topUp?.reasons.map((r) => r.code)).toContain("LIFE_COVER_GAP");
    expect(topUp?.suggestedSumInsured).toBe(yuan(1_500_000));
    const covered = recommend(facts(yuan(2_000_000)));
    expect(exclusion(covered, "LIFE-TERM-20")).toBe("ALREADY_HELD");
  });

  it("9. enterprise → organisation products only", () => {
    const result = recommend(customer({ customer: { kind: CustomerKind.ENTERPRISE, dateOfBirth: null, annualIncome: yuan(50_000_000), maritalStatus: null } }));
    expect(exclusion(result, "LIFE-TERM-20")).toBe("CUSTOMER_KIND");
    expect(result.recommendations[0].productCode).toMatch(/^LIAB-(EMPLOYER|PUBLIC)$/);
    for (const code of codes(result)) expect(CATALOGUE.find((p) => p.code === code)?.customerKinds).toContain(CustomerKind.ENTERPRISE);
  });

  it("10. travel inquiry in the last 60 days → travel cover first", () => {
    const result = recommend(customer({ recentInteractions: [{ kind: "INQUIRY", subject: "Visa documents for a trip to Japan", occurredAt: daysBefore(7) }] }));
    expect(result.recommendations[0].productCode).toBe("TRAVEL-GLOBAL");
    expect(result.recommendations[0].reasons.map((r) => r.code)).toContain("TRAVEL_PLANS");
    const stale = recommend(customer({ recentInteractions: [{ kind: "INQUIRY", subject: "Trip to Japan", occurredAt: daysBefore(90) }] }));
    expect(stale.recommendations[0].productCode).not.toBe("TRAVEL-GLOBAL");
  });

  it("11. married household of mortgage age without property cover → home cover first", () => {
    const result = recommend(customer({
      customer: { dateOfBirth: "1986-05-05", maritalStatus: MaritalStatus.MARRIED },
      household: { hasSpouse: true, childAges: [] },
      activePolicies: [
        { productCode: "LIFE-TERM-20", line: ProductLine.LIFE, sumInsured: yuan(1_000_000) },
        { productCode: "HEALTH-MILLION", line: ProductLine.HEALTH, sumInsured: yuan(2_000_000) },
        { productCode: "CI-CARE-100", line: ProductLine.CRITICAL_ILLNESS, sumInsured: yuan(300_000) },
      ],
    }));
    expect(result.recommendations[0].productCode).toBe("PROP-HOME");
    expect(result.recommendations[0].reasons.map((r) => r.code)).toContain("HOUSEHOLD_WITHOUT_PROPERTY_COVER");
    expect(exclusion(result, "HEALTH-MILLION")).toBe("ALREADY_HELD");
  });

  it("12. conservative pre-retiree in the annuity segment → annuity first", () => {
    const result = recommend(customer({
      customer: { dateOfBirth: "1968-04-01", maritalStatus: MaritalStatus.MARRIED, annualIncome: yuan(600_000), riskPreference: RiskPreference.CONSERVATIVE, serviceTier: ServiceTier.VALUE_ADDED },
      segments: [{ id: "s1", name: "Pre-retirees without an annuity" }],
    }));
    const top = result.recommendations[0];
    expect(top.productCode).toBe("ANN-GOLDEN-YEARS");
    expect(top.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["LIFE_STAGE_PRE_RETIREMENT", "RISK_PREFERENCE", "SEGMENT"]));
    expect(exclusion(result, "CI-CARE-100")).toBe("AGE_LIMIT");
  });

  it("13. low income → unaffordable products excluded, the message names a band, not the income", () => {
    const result = recommend(customer({ customer: { annualIncome: yuan(40_000) } }));
    expect(exclusion(result, "CI-CARE-100")).toBe("AFFORDABILITY");
    const message = result.excluded.find((e) => e.productCode === "CI-CARE-100")?.message ?? "";
    expect(message).toContain("UNDER_50K");
    expect(message).not.toMatch(/40,?000/);
    for (const rec of result.recommendations) for (const reason of rec.reasons) expect(reason.message).not.toMatch(/40,?000|1996/);
  });

  it("14. a child in the household → children's cover recommended; none without a child", () => {
    const family = recommend(customer({
      customer: { dateOfBirth: "1990-01-01", dependents: 1, serviceTier: ServiceTier.VALUE_ADDED, annualIncome: yuan(400_000) },
      household: { hasSpouse: false, childAges: [5] },
    }));
    expect(codes(family)).toContain("HEALTH-KIDS");
    expect(codes(family)).toContain("ANN-EDUCATION");
    expect(exclusion(recommend(customer()), "HEALTH-KIDS")).toBe("AGE_LIMIT");
  });

  it("15. a minor → no life or annuity products", () => {
    const result = recommend(customer({ customer: { dateOfBirth: "2012-09-01", annualIncome: null } }));
    expect(exclusion(result, "LIFE-TERM-20")).toBe("AGE_LIMIT");
    expect([ProductLine.HEALTH, ProductLine.ACCIDENT]).toContain(lineOf(codes(result)[0]));
  });

  it("16. scores are deterministic and ranked by score, then code", () => {
    const facts = customer({ customer: { dependents: 1 } });
    const first = recommend(facts);
    expect(recommend(facts)).toEqual(first);
    const scores = first.recommendations.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("ranks the same without explaining exclusions (offers read only the ranking)", () => {
    const crafted = [
      customer(),
      customer({ customer: { dateOfBirth: "1960-03-01", maritalStatus: MaritalStatus.MARRIED, annualIncome: yuan(40_000) }, riskTier: RiskTier.HIGH }),
      customer({ customer: { dependents: 2 }, household: { hasSpouse: true, childAges: [4] }, openComplaints: [{ receivedAt: daysBefore(3) }] }),
      customer({ offerResponses: [{ productCode: "HEALTH-MILLION", response: "DECLINED", respondedAt: daysBefore(5) }], consents: [{ purpose: "PROFILING", granted: false, channel: null }] }),
    ];
    for (const facts of crafted) {
      for (const purpose of ["SERVICE", "MARKETING"] as const) {
        const explained = recommend(facts, purpose);
        const ranked = recommend(facts, purpose, { explain: false });
        expect(ranked.recommendations).toEqual(explained.recommendations);
        expect(ranked.personalized).toBe(explained.personalized);
        expect(ranked.excluded).toEqual([]);
      }
    }
    expect(recommend(crafted[1]).excluded.length).toBeGreaterThan(0);
  });
});
