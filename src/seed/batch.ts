import { CustomerKind } from "../modules/customer/customer.enums";
import { PRODUCTS } from "./catalogue";
import { makeClaims } from "./claims";
import { makeConsents } from "./consents";
import type { SeedContext } from "./context";
import type { CustomerBatch } from "./customers";
import { makeServiceHistory } from "./interactions";
import type { SeedBatch } from "./model";
import { makeOfferResponses } from "./offers";
import { makePolicies } from "./policies";
import { PolicyDataPlanner } from "./policy-data";
import { makeRiskAssessments } from "./risk";

/** Products to talk about with a customer who holds none yet. */
const CATALOGUE_NAMES = Object.fromEntries(
  Object.values(CustomerKind).map((kind) => [kind, PRODUCTS.filter((p) => p.customerKinds.includes(kind)).map((p) => p.name)]),
) as Record<CustomerKind, string[]>;

/** Everything a batch of customers owns: policies and claims, service history, consents, risk, offers. */
export function generateBatch(context: SeedContext, batch: CustomerBatch): SeedBatch {
  const out: SeedBatch = {
    customers: [], relationships: batch.relationships, consents: [], policies: [], coverages: [], participants: [], insuredObjects: [],
    instalments: [], claims: [], claimEvents: [], interactions: [], complaints: [], riskAssessments: [], offerResponses: [], erasures: [],
  };
  const policyData = new PolicyDataPlanner(context, batch.relationships);
  for (const customer of batch.customers) {
    out.customers.push(customer.row);
    if (customer.beforeErasure && customer.erasedAt !== null) out.erasures.push({ before: customer.beforeErasure, erasedAt: new Date(customer.erasedAt) });
    const policies = makePolicies(context, customer);
    const claims = policies.flatMap((policy) => makeClaims(context, customer, policy));
    for (const policy of policies) {
      out.policies.push(policy.row);
      out.coverages.push(...policy.coverages);
    }
    const data = policyData.make(customer, policies);
    out.participants.push(...data.participants);
    out.insuredObjects.push(...data.insuredObjects);
    out.instalments.push(...data.instalments);
    for (const claim of claims) {
      out.claims.push(claim.row);
      out.claimEvents.push(...claim.events);
    }
    const productNames = policies.length > 0 ? policies.map((policy) => policy.product.name) : CATALOGUE_NAMES[customer.kind];
    const history = makeServiceHistory(context, customer, productNames, claims.length);
    out.interactions.push(...history.interactions);
    out.complaints.push(...history.complaints);
    out.consents.push(...makeConsents(context, customer));
    out.riskAssessments.push(...makeRiskAssessments(context, customer, policies, claims.map((claim) => claim.row)));
    out.offerResponses.push(...makeOfferResponses(context, customer));
  }
  return out;
}
