import { Role } from "../auth/role";

/**
 * The operations the bench sends, the same body to both servers. The API reads the document; the
 * floor reads only `variables` and takes its statement from the path (`floorPath`).
 */
export interface Scenario {
  key: "customer360" | "customers" | "offers" | "me";
  title: string;
  role: Role;
  floorPath: string;
  /** Request bodies used in rotation (the 360 rotates over many customers). */
  bodies: string[];
}

/** bench-shield's 360 query without nationalId (an encrypted column SQL cannot read). */
export const CUSTOMER_360_QUERY = `query Customer360($id: ID!) { customer(id: $id) {
  id customerNumber fullName email phone serviceTier
  summary { activePolicies openClaims totalAnnualPremium { amount } }
  household { kind member { id fullName } }
  consents { purpose granted }
  policies(first: 20) { totalCount edges { node { policyNumber status coverages { kind limit { amount } } } } }
  claims(first: 20) { edges { node { claimNumber status events { toStatus } } } }
  interactions(first: 20) { edges { node { channel kind notes occurredAt } } }
  riskProfile { score tier }
} }`;

export const CUSTOMER_LIST_QUERY = `query CustomerList { customers(first: 100) { edges { node {
  id customerNumber fullName serviceTier
  policies(first: 10) { edges { node { policyNumber status premium { amount } coverages { kind } } } }
} } } }`;

/** What a campaign screen shows per offer: who (masked for marketing), what, why, how much, where. */
export const OFFERS_QUERY = `query MarketingOffers($first: Int) { offers(first: $first) {
  edges { cursor node {
    customer { id customerNumber fullName serviceTier city }
    product { code name line }
    score reasons { code message }
    suggestedSumInsured { amount currency } estimatedPremium { amount currency }
    channel
  } }
  pageInfo { hasNextPage endCursor }
} }`;

export const ME_QUERY = "{ me { role } }";

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export function benchScenarios(customer360Ids: readonly string[]): Scenario[] {
  return [
    {
      key: "customer360",
      title: "360 view (AGENT)",
      role: Role.AGENT,
      floorPath: "/customer360",
      bodies: customer360Ids.map((id) => body(CUSTOMER_360_QUERY, { id })),
    },
    { key: "customers", title: "customers(first: 100) + policies (ADMIN)", role: Role.ADMIN, floorPath: "/customers", bodies: [body(CUSTOMER_LIST_QUERY)] },
    { key: "offers", title: "offers(first: 100) (MARKETING)", role: Role.MARKETING, floorPath: "/offers", bodies: [body(OFFERS_QUERY, { first: 100 })] },
    // the fixed cost of a request: token, context, parse/validate/cost, shield, one leaf, response
    { key: "me", title: "{ me { role } } (AGENT)", role: Role.AGENT, floorPath: "/me", bodies: [body(ME_QUERY)] },
  ];
}

/** Agent1's customers that hold policies, by customer number: the 360 rotation. */
export const CUSTOMER_360_IDS_SQL = `SELECT c.id FROM customer c WHERE c.assigned_agent_id = $1
  AND EXISTS (SELECT 1 FROM policy p WHERE p.customer_id = c.id) ORDER BY c.customer_number LIMIT $2`;
