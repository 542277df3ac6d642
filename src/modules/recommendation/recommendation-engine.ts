import { incomeBand } from "../../auth/masking";
import { CustomerKind, RiskPreference, ServiceTier, type MaritalStatus } from "../customer/customer.enums";
import { ProductLine, RiskTier } from "../product/product.entity";
import {
  AFFORDABLE_SHARE, BASE_SUM_INSURED, COMPLAINT_SUPPRESSION_DAYS, DECLINE_SUPPRESSION_DAYS, LIFE_COVER_INCOME_MULTIPLE,
  LIFE_STAGE_LABELS, LIFE_STAGE_NEEDS, LifeStage, MAX_SUM_MULTIPLE, ORGANISATION_SUM_FACTOR,
  RISK_LOADING, RISK_PREFERENCE_FIT, RISK_TIER_RANK, SEGMENT_LINE_WORDS, TRAVEL_SIGNAL_DAYS, TRAVEL_WORDS,
} from "./recommendation-rules";

/**
 * The recommendation engine: a pure function from a customer's facts to ranked products with
 * reasons and the rules that excluded the others. No I/O; the same facts give the same answer.
 * Reason messages never carry raw personal values (income as a band, age as a decade).
 */

export interface CatalogueProduct {
  code: string;
  name: string;
  line: ProductLine;
  minAge: number | null;
  maxAge: number | null;
  basePremium: number;
  currency: string;
  targetTiers: ServiceTier[];
  customerKinds: CustomerKind[];
  maxRiskTier: RiskTier | null;
  active: boolean;
}

export interface RecommendationFacts {
  now: Date;
  customer: {
    kind: CustomerKind;
    dateOfBirth: string | null;
    maritalStatus: MaritalStatus | null;
    dependents: number;
    /** Minor units. */
    annualIncome: number | null;
    riskPreference: RiskPreference | null;
    serviceTier: ServiceTier;
  };
  household: { hasSpouse: boolean; childAges: number[] };
  /**
   * Facts on record that the viewer's role may not derive from (src/modules/recommendation/recommendation-inputs.ts):
   * `age` — the date of birth is on record but not usable, so age limits are left to be confirmed at quote.
   */
  withheld?: { age: boolean };
  activePolicies: { productCode: string; line: ProductLine; sumInsured: number }[];
  claims: { total: number; recent: number };
  riskTier: RiskTier | null;
  segments: { id: string; name: string }[];
  /** Current decision per purpose. */
  consents: { purpose: string; granted: boolean; channel: string | null }[];
  offerResponses: { productCode: string; response: "ACCEPTED" | "DECLINED"; respondedAt: Date }[];
  openComplaints: { receivedAt: Date }[];
  recentInteractions: { kind: string; subject: string; occurredAt: Date }[];
  catalogue: CatalogueProduct[];
  /** Active policies per product code across the book: the non-personalized ranking. */
  popularity: Record<string, number>;
}

/** SERVICE: an agent or the customer asks; MARKETING: an offer pushed to the customer. */
export type RecommendationPurpose = "SERVICE" | "MARKETING";

export interface Reason {
  code: string;
  message: string;
}

export interface ScoredProduct {
  productCode: string;
  score: number;
  reasons: Reason[];
  suggestedSumInsured: number;
  estimatedPremium: number;
  currency: string;
}

export interface Exclusion {
  productCode: string;
  rule: string;
  message: string;
}

export interface RecommendationResult {
  personalized: boolean;
  recommendations: ScoredProduct[];
  excluded: Exclusion[];
}

const DAY_MS = 86_400_000;
const yuan = (minor: number) => Math.round(minor / 100).toLocaleString("en-US");

export function ageAt(dateOfBirth: string | null, now: Date): number | null {
  if (!dateOfBirth) return null;
  const [year, month, day] = dateOfBirth.split("-").map(Number);
  let age = now.getUTCFullYear() - year;
  if (now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day)) age -= 1;
  return age;
}

export function lifeStageOf(facts: RecommendationFacts, age: number | null): LifeStage | null {
  const { customer, household } = facts;
  if (customer.kind !== CustomerKind.INDIVIDUAL) return LifeStage.ORGANISATION;
  if (age === null) return null;
  const hasDependents = customer.dependents > 0 || household.childAges.length > 0;
  const partnered = household.hasSpouse || customer.maritalStatus === "MARRIED";
  if (age < 18) return LifeStage.MINOR;
  if (age >= 65) return LifeStage.RETIRED;
  if (age >= 55) return LifeStage.PRE_RETIREMENT;
  if (age < 45 && hasDependents) return LifeStage.YOUNG_FAMILY;
  if (age < 35 && !partnered) return LifeStage.YOUNG_SINGLE;
  return LifeStage.ESTABLISHED_FAMILY;
}

const decade = (age: number) => `${Math.floor(age / 10) * 10}–${Math.floor(age / 10) * 10 + 9}`;
const daysAgo = (now: Date, at: Date) => (now.getTime() - at.getTime()) / DAY_MS;

/** Latest PROFILING decision withdrawn → no personalization (PIPL Art. 24). */
export function profilingWithdrawn(facts: RecommendationFacts): boolean {
  return facts.consents.some((consent) => consent.purpose === "PROFILING" && !consent.granted);
}

class Evaluation {
  score = 0;
  reasons: Reason[] = [];
  add(points: number, code: string, message: string) {
    this.score += points;
    if (points > 0) this.reasons.push({ code, message });
  }
}

interface Context {
  facts: RecommendationFacts;
  age: number | null;
  stage: LifeStage | null;
  heldLines: Set<ProductLine>;
  lifeCover: number;
  hasDependents: boolean;
  /** Whether exclusions are reported (with their messages). */
  explain: boolean;
}

function lifeCoverGap(ctx: Context): number {
  const income = ctx.facts.customer.annualIncome;
  if (!ctx.hasDependents || income === null || income <= 0) return 0;
  return Math.max(0, LIFE_COVER_INCOME_MULTIPLE * income - ctx.lifeCover);
}

/** Hard rules, in order; the first that applies excludes the product. */
function eligibility(ctx: Context, product: CatalogueProduct, purpose: RecommendationPurpose, personalized: boolean): Exclusion | null {
  const { facts, age } = ctx;
  // messages are built only where exclusions are reported (offers report none)
  const exclude = (rule: string, message: () => string): Exclusion => ({ productCode: product.code, rule, message: ctx.explain ? message() : "" });
  if (!product.customerKinds.includes(facts.customer.kind)) {
    return exclude("CUSTOMER_KIND", () => `${product.name} is for ${product.customerKinds.join(" or ").toLowerCase()} customers.`);
  }
  const childProduct = product.maxAge !== null && product.maxAge < 18;
  if (childProduct) {
    const covered = facts.household.childAges.some((child) => child >= (product.minAge ?? 0) && child <= (product.maxAge as number));
    if (!covered) return exclude("AGE_LIMIT", () => `${product.name} insures children aged ${product.minAge ?? 0}–${product.maxAge}; no child of that age is on record.`);
  } else if (facts.customer.kind === CustomerKind.INDIVIDUAL && (product.minAge !== null || product.maxAge !== null) && !(age === null && facts.withheld?.age)) {
    // (an age on record that this viewer may not use is left to be confirmed at quote)
    if (age === null) return exclude("AGE_LIMIT", () => `${product.name} has age limits and the date of birth is not on record.`);
    if ((product.minAge !== null && age < product.minAge) || (product.maxAge !== null && age > product.maxAge)) {
      return exclude("AGE_LIMIT", () => `${product.name} accepts ages ${product.minAge ?? 0}–${product.maxAge ?? "any"}; the customer is outside that range.`);
    }
  }
  if (ctx.heldLines.has(product.line) && !(personalized && product.line === ProductLine.LIFE && lifeCoverGap(ctx) > 0)) {
    return exclude("ALREADY_HELD", () => `The customer already holds an active ${product.line.toLowerCase().replace("_", " ")} policy.`);
  }
  if (product.maxRiskTier && facts.riskTier && RISK_TIER_RANK[facts.riskTier] > RISK_TIER_RANK[product.maxRiskTier]) {
    return exclude("RISK_TIER", () => `${product.name} accepts risk tiers up to ${product.maxRiskTier}; the customer's tier is ${facts.riskTier}.`);
  }
  const declined = facts.offerResponses.find(
    (answer) => answer.productCode === product.code && answer.response === "DECLINED" && daysAgo(facts.now, answer.respondedAt) <= DECLINE_SUPPRESSION_DAYS,
  );
  if (declined) return exclude("DECLINED_RECENTLY", () => `The customer declined ${product.name} within the last ${DECLINE_SUPPRESSION_DAYS} days.`);
  if (purpose === "MARKETING" && facts.openComplaints.some((complaint) => daysAgo(facts.now, complaint.receivedAt) <= COMPLAINT_SUPPRESSION_DAYS)) {
    return exclude("OPEN_COMPLAINT", () => `No marketing offers while a complaint from the last ${COMPLAINT_SUPPRESSION_DAYS} days is open.`);
  }
  return null;
}

function suggestedSum(ctx: Context, product: CatalogueProduct): { sum: number; base: number } {
  const organisation = ctx.facts.customer.kind !== CustomerKind.INDIVIDUAL;
  const base = BASE_SUM_INSURED[product.line] * (organisation ? ORGANISATION_SUM_FACTOR : 1);
  let wanted = base;
  if (!organisation && product.line === ProductLine.LIFE && lifeCoverGap(ctx) > 0) wanted = lifeCoverGap(ctx);
  const rounded = Math.ceil(wanted / 1_000_000) * 1_000_000; // whole 10,000 yuan
  return { sum: Math.min(Math.max(base, rounded), base * MAX_SUM_MULTIPLE), base };
}

function estimatedPremium(ctx: Context, product: CatalogueProduct, sum: number, base: number, personalized: boolean): number {
  if (!personalized) return product.basePremium;
  const risk = ctx.facts.riskTier ? RISK_LOADING[ctx.facts.riskTier] : 1;
  const claimsLoading = 1 + Math.min(0.25, 0.05 * ctx.facts.claims.recent);
  return Math.round((product.basePremium * (sum / base) * risk * claimsLoading) / 100) * 100;
}

/** Needs and fit: points with a reason each. */
function needs(ctx: Context, product: CatalogueProduct, evaluation: Evaluation): void {
  const { facts, stage, age } = ctx;
  const line = product.line;
  if (stage) {
    const points = LIFE_STAGE_NEEDS[stage][line] ?? 0;
    const ageText = age !== null && stage !== LifeStage.ORGANISATION ? ` (aged ${decade(age)})` : "";
    evaluation.add(points, `LIFE_STAGE_${stage}`, `Suits a customer who is ${LIFE_STAGE_LABELS[stage]}${ageText}.`);
  }
  if (line === ProductLine.LIFE && ctx.hasDependents && !ctx.heldLines.has(ProductLine.LIFE)) {
    evaluation.add(40, "DEPENDENTS_WITHOUT_LIFE_COVER", "Has dependents and no life cover to protect the family's income.");
  }
  if (line === ProductLine.LIFE && ctx.heldLines.has(ProductLine.LIFE) && lifeCoverGap(ctx) > 0) {
    evaluation.add(25, "LIFE_COVER_GAP", `Life cover is below ${LIFE_COVER_INCOME_MULTIPLE}× annual income for a household with dependents.`);
  }
  const mortgageAge = age !== null && age >= 28 && age <= 55;
  const household = ctx.hasDependents || facts.household.hasSpouse || facts.customer.maritalStatus === "MARRIED";
  if (line === ProductLine.PROPERTY && facts.customer.kind === CustomerKind.INDIVIDUAL && mortgageAge && household) {
    evaluation.add(30, "HOUSEHOLD_WITHOUT_PROPERTY_COVER", "A household of mortgage age without home cover.");
  }
  if (line === ProductLine.TRAVEL) {
    const travelling = facts.recentInteractions.some(
      (contact) => daysAgo(facts.now, contact.occurredAt) <= TRAVEL_SIGNAL_DAYS && TRAVEL_WORDS.test(contact.subject),
    );
    if (travelling) evaluation.add(35, "TRAVEL_PLANS", `Asked about travel in the last ${TRAVEL_SIGNAL_DAYS} days.`);
  }
  if (product.maxAge !== null && product.maxAge < 18) {
    evaluation.add(25, "CHILD_COVER", `Covers a child of the household aged ${product.minAge ?? 0}–${product.maxAge}.`);
  }
}

/** Whether a segment's name ties it to a product line (only such segments change a recommendation). */
export function segmentTargetsALine(name: string): boolean {
  return SEGMENT_LINE_WORDS.some(([words]) => words.test(name));
}

function assessFit(ctx: Context, product: CatalogueProduct, evaluation: Evaluation): void {
  const { customer, segments } = ctx.facts;
  if (customer.riskPreference) {
    const points = RISK_PREFERENCE_FIT[customer.riskPreference][product.line] ?? 0;
    evaluation.add(points, "RISK_PREFERENCE", `Fits a ${customer.riskPreference.toLowerCase()} attitude to financial risk.`);
  }
  if (product.targetTiers.length > 0) {
    if (product.targetTiers.includes(customer.serviceTier)) {
      const premium = customer.serviceTier === ServiceTier.PREMIUM;
      evaluation.add(premium ? 15 : 10, "SERVICE_TIER", premium ? "A premium product for a premium-tier customer." : "Aimed at the customer's service tier.");
    } else {
      evaluation.add(-15, "SERVICE_TIER", "");
    }
  }
  for (const segment of segments) {
    const targets = SEGMENT_LINE_WORDS.some(([words, line]) => line === product.line && words.test(segment.name));
    if (targets) evaluation.add(10, "SEGMENT", `In the segment "${segment.name}", which this product line serves.`);
  }
}

function affordability(ctx: Context, product: CatalogueProduct, premium: number): Exclusion | null {
  const income = ctx.facts.customer.annualIncome;
  if (income === null || income <= 0) return null;
  const share = AFFORDABLE_SHARE[ctx.facts.customer.riskPreference ?? "UNKNOWN"];
  if (premium <= share * income) return null;
  return {
    productCode: product.code,
    rule: "AFFORDABILITY",
    message: !ctx.explain ? "" : `An estimated premium of CNY ${yuan(premium)} is above ${Math.round(share * 100)}% of an income in band ${incomeBand(income)}.`,
  };
}

function contextOf(facts: RecommendationFacts, explain: boolean): Context {
  const age = ageAt(facts.customer.dateOfBirth, facts.now);
  return {
    facts,
    age,
    stage: lifeStageOf(facts, age),
    heldLines: new Set(facts.activePolicies.map((policy) => policy.line)),
    lifeCover: facts.activePolicies.filter((policy) => policy.line === ProductLine.LIFE).reduce((sum, policy) => sum + policy.sumInsured, 0),
    hasDependents: facts.customer.dependents > 0 || facts.household.childAges.length > 0,
    explain,
  };
}

const byScore = (a: ScoredProduct, b: ScoredProduct) => b.score - a.score || (a.productCode < b.productCode ? -1 : a.productCode > b.productCode ? 1 : 0);

/**
 * `explain: false` when only the ranking is used (offers): the exclusions are then not reported
 * (`excluded` is empty) and their messages not built; the recommendations are the same.
 */
export function recommend(facts: RecommendationFacts, purpose: RecommendationPurpose = "SERVICE", { explain = true } = {}): RecommendationResult {
  const personalized = !profilingWithdrawn(facts);
  const ctx = contextOf(facts, explain);
  const recommendations: ScoredProduct[] = [];
  const excluded: Exclusion[] = [];
  const mostPopular = Math.max(1, ...Object.values(facts.popularity));
  for (const product of facts.catalogue) {
    if (!product.active) continue;
    const exclusion = eligibility(ctx, product, purpose, personalized);
    if (exclusion) {
      if (explain) excluded.push(exclusion);
      continue;
    }
    const { sum, base } = suggestedSum(ctx, product);
    const premium = estimatedPremium(ctx, product, personalized ? sum : base, base, personalized);
    const evaluation = new Evaluation();
    if (personalized) {
      const unaffordable = affordability(ctx, product, premium);
      if (unaffordable) {
        if (explain) excluded.push(unaffordable);
        continue;
      }
      needs(ctx, product, evaluation);
      assessFit(ctx, product, evaluation);
      if (evaluation.score <= 0) continue;
    } else {
      evaluation.add(1 + Math.round((50 * (facts.popularity[product.code] ?? 0)) / mostPopular), "POPULAR", `${product.name} is among our most held products.`);
      evaluation.reasons.unshift({
        code: "NON_PERSONALIZED",
        message: "Not personalized: the customer has withdrawn consent to profiling, so popular products are shown instead.",
      });
    }
    if (ctx.age === null && facts.withheld?.age && (product.minAge !== null || product.maxAge !== null)) {
      evaluation.reasons.push({ code: "AGE_TO_CONFIRM", message: `Accepts ages ${product.minAge ?? 0}–${product.maxAge ?? "any"}: to be confirmed at quote.` });
    }
    recommendations.push({
      productCode: product.code,
      score: evaluation.score,
      reasons: evaluation.reasons,
      suggestedSumInsured: personalized ? sum : base,
      estimatedPremium: premium,
      currency: product.currency,
    });
  }
  recommendations.sort(byScore);
  return { personalized, recommendations, excluded };
}
