import type { RequestContext } from "../../auth/request-context";
import { productCatalogue } from "../product/product-catalogue";
import type { Product, ProductLine } from "../product/product.entity";
import type { Customer } from "../customer/customer.entity";
import type { Consent } from "../consent/consent.entity";
import { ConsentPurpose } from "../consent/consent.entity";
import { recommend, type RecommendationFacts, type RecommendationPurpose, type RecommendationResult } from "./recommendation-engine";
import { factsForRole } from "./recommendation-inputs";
import { assessmentView } from "../risk/risk.service";
import { roleOf } from "../../auth/viewer";
import { recommendationLoaders } from "./recommendation.loaders";
import { CURRENT_CONSENTS } from "../consent/consent.relations";
import { RISK_PROFILE } from "../risk/risk.relations";
import { segmentLoaders } from "../segment/segment.loaders";

export interface CustomerRecommendations {
  customer: Customer;
  consents: Consent[];
  result: RecommendationResult;
  products: Map<string, Product>;
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
  const [catalogue, activity, consents, risks, segments] = await Promise.all([
    productCatalogue(ctx.db),
    loaders.get(recommendationLoaders).recommendationActivityByCustomerId.loadMany(ids),
    loaders.relation(CURRENT_CONSENTS).loadMany(ids),
    loaders.relation(RISK_PROFILE).loadMany(ids),
    loaders.get(segmentLoaders).segmentsByCustomerId.loadMany(ids),
  ]);
  for (const batch of [activity, consents, risks, segments]) {
    const failure = batch.find((item) => item instanceof Error);
    if (failure) throw failure;
  }
  const consentsOf = (i: number) => consents[i] as Consent[];
  const profilingWithdrawn = (i: number) => consentsOf(i).some((consent) => consent.purpose === ConsentPurpose.PROFILING && !consent.granted);
  const popularity = customers.some((_, i) => profilingWithdrawn(i)) ? await loaders.get(recommendationLoaders).productPopularity.load("all") : {};
  const offered = productLine ? catalogue.filter((product) => product.line === productLine) : catalogue;
  const products = new Map(catalogue.map((product) => [product.code, product]));
  const now = new Date();
  const role = roleOf(ctx.viewer);
  // the risk tier as the viewer may receive it (recomputed from the released factors where some are withheld)
  const tiers = await Promise.all(risks.map(async (risk) => (risk && !(risk instanceof Error) ? (await assessmentView(ctx, risk)).tier : null)));
  return customers.map((customer, i) => {
    const loaded = activity[i] as Exclude<(typeof activity)[number], Error>;
    const sensitiveConsent = consentsOf(i).some((consent) => consent.purpose === ConsentPurpose.SENSITIVE_DATA && consent.granted);
    // personal facts as the viewer's role may derive from them (so no output depends on more)
    const personal = factsForRole(role, {
      kind: customer.kind,
      dateOfBirth: customer.dateOfBirth,
      maritalStatus: customer.maritalStatus,
      dependents: customer.dependents,
      annualIncome: customer.annualIncome,
      riskPreference: customer.riskPreference,
      serviceTier: customer.serviceTier,
    }, loaded.household, sensitiveConsent);
    const facts: RecommendationFacts = {
      now,
      ...loaded,
      ...personal,
      riskTier: tiers[i] as RecommendationFacts["riskTier"],
      segments: (segments[i] as { id: string; name: string }[]).map(({ id, name }) => ({ id, name })),
      consents: consentsOf(i).map(({ purpose, granted, channel }) => ({ purpose, granted, channel })),
      catalogue: offered,
      popularity,
    };
    return { customer, consents: consentsOf(i), result: recommend(facts, purpose), products };
  });
}
