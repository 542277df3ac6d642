import type { RequestContext } from "../../auth/request-context";
import { productCatalogue } from "../product/product-catalogue";
import type { Product, ProductLine } from "../product/product.entity";
import type { Customer } from "../customer/customer.entity";
import { ConsentPurpose } from "../consent/consent.entity";
import { recommend, type RecommendationFacts, type RecommendationPurpose, type RecommendationResult } from "./recommendation-engine";
import { factsForRole } from "./recommendation-inputs";
import { ratingForRole } from "../risk/risk.service";
import type { StoredRating } from "../risk/risk-derived";
import type { RiskAssessment } from "../risk/risk-assessment.entity";
import type { CustomerActivityFacts } from "./recommendation.loaders";
import { roleOf } from "../../auth/viewer";
import { recommendationLoaders } from "./recommendation.loaders";
import { consentLoaders, type ConsentInForce } from "../consent/consent-in-force";
import { RISK_PROFILE } from "../risk/risk.relations";
import { segmentLoaders } from "../segment/segment.loaders";

export interface CustomerRecommendations {
  customer: Customer;
  consents: LoadedFacts["consents"];
  result: RecommendationResult;
  products: Map<string, Product>;
}

/** The facts of one customer that recommendations read besides the customer row. */
export interface LoadedFacts {
  activity: CustomerActivityFacts;
  /** The decision in force per purpose (refusal wins across linked records). */
  consents: Pick<ConsentInForce, "purpose" | "granted" | "channel">[];
  /** The newest risk assessment as stored, or null. */
  risk: StoredRating | null;
  segments: { id: string; name: string }[];
}

/**
 * Gathers the facts of many customers through the request's loaders (each fact kind is one
 * batched statement for all of them, whatever their number) and runs the engine for each.
 */
export async function recommendationsFor(
  ctx: RequestContext,
  customers: readonly Customer[],
  purpose: RecommendationPurpose,
  productLine: ProductLine | null = null,
): Promise<CustomerRecommendations[]> {
  const ids = customers.map((customer) => customer.id);
  const { loaders } = ctx;
  const [activity, consents, risks, segments] = await Promise.all([
    loaders.get(recommendationLoaders).recommendationActivityByCustomerId.loadMany(ids),
    loaders.get(consentLoaders).inForceByCustomerId.loadMany(ids),
    loaders.relation(RISK_PROFILE).loadMany(ids),
    loaders.get(segmentLoaders).segmentsByCustomerId.loadMany(ids),
  ]);
  for (const batch of [activity, consents, risks, segments]) {
    const failure = batch.find((item) => item instanceof Error);
    if (failure) throw failure;
  }
  const facts = customers.map((_, i): LoadedFacts => ({
    activity: activity[i] as CustomerActivityFacts,
    consents: consents[i] as ConsentInForce[],
    risk: risks[i] as RiskAssessment | null,
    segments: segments[i] as { id: string; name: string }[],
  }));
  return recommendFromFacts(ctx, customers, facts, purpose, productLine);
}

/** Runs the engine for each customer on facts already loaded (`facts[i]` belongs to `customers[i]`). */
export async function recommendFromFacts(
  ctx: RequestContext,
  customers: readonly Customer[],
  facts: readonly LoadedFacts[],
  purpose: RecommendationPurpose,
  productLine: ProductLine | null = null,
  engine: { explain?: boolean } = {},
): Promise<CustomerRecommendations[]> {
  const catalogue = await productCatalogue(ctx.reader);
  const profilingWithdrawn = (i: number) => facts[i].consents.some((consent) => consent.purpose === ConsentPurpose.PROFILING && !consent.granted);
  const popularity = customers.some((_, i) => profilingWithdrawn(i)) ? await ctx.loaders.get(recommendationLoaders).productPopularity.load("all") : {};
  const offered = productLine ? catalogue.filter((product) => product.line === productLine) : catalogue;
  const products = productMap(catalogue);
  const now = new Date();
  const role = roleOf(ctx.viewer);
  return customers.map((customer, i) => {
    const { activity, consents, risk, segments } = facts[i];
    const sensitiveConsent = consents.some((consent) => consent.purpose === ConsentPurpose.SENSITIVE_DATA && consent.granted);
    // personal facts as the viewer's role may derive from them (so no output depends on more)
    const personal = factsForRole(role, {
      kind: customer.kind,
      dateOfBirth: customer.dateOfBirth,
      maritalStatus: customer.maritalStatus,
      dependents: customer.dependents,
      annualIncome: customer.annualIncome,
      riskPreference: customer.riskPreference,
      serviceTier: customer.serviceTier,
    }, activity.household, sensitiveConsent);
    const engineFacts: RecommendationFacts = {
      now,
      ...activity,
      ...personal,
      // the risk tier as the viewer may receive it (recomputed from the released factors where some are withheld)
      riskTier: risk ? (ratingForRole(role, risk, sensitiveConsent).tier as RecommendationFacts["riskTier"]) : null,
      segments: segments.map(({ id, name }) => ({ id, name })),
      consents: consents.map(({ purpose, granted, channel }) => ({ purpose, granted, channel })),
      catalogue: offered,
      popularity,
    };
    return { customer, consents, result: recommend(engineFacts, purpose, engine), products };
  });
}

/** The catalogue by product code, built once per catalogue read (the catalogue is shared across requests). */
const productMaps = new WeakMap<readonly Product[], Map<string, Product>>();
export function productMap(catalogue: readonly Product[]): Map<string, Product> {
  let map = productMaps.get(catalogue);
  if (!map) productMaps.set(catalogue, (map = new Map(catalogue.map((product) => [product.code, product]))));
  return map;
}
