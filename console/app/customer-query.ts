import { gql, type GraphQLResult } from "./api";
import { SLA_FIELDS } from "./case-model";
import { CUSTOMER_TASKS } from "./task-section";

/** The 360 query: the stable core, then the adaptive parts (below). */
const CORE = `
  id customerNumber kind fullName gender dateOfBirth idType nationalId email phone address city region
  occupation occupationClass maritalStatus dependents serviceTier
  riskPreference preferredChannel assignedAgent { displayName } erasedAt
  summary { activePolicies openClaims openComplaints averageSatisfaction lastInteractionAt
    totalAnnualPremium { amount currency } totalSumInsured { amount currency } lifetimeValue { amount currency } }
  household { kind member { id customerNumber fullName } }
  consents { purpose granted channel recordedAt }
  policies(first: 20) { totalCount edges { node { id policyNumber status productCode product { name line }
    premium { amount currency } premiumFrequency sumInsured { amount currency } startDate endDate renewalDate
    coverages { kind limit { amount currency } deductible { amount currency } } } } }
  claims(first: 20) { totalCount edges { node { id claimNumber kind status incidentDate reportedAt
    claimedAmount { amount currency } approvedAmount { amount currency } paidAmount { amount currency }
    events { fromStatus toStatus occurredAt note } } } }
  interactions(first: 20) { totalCount edges { node { id channel kind direction subject notes occurredAt status satisfaction
    staff { displayName } } } }
  complaints(first: 20) { totalCount edges { node { id category severity status receivedAt dueAt resolvedAt overdue } } }
  riskProfile { score tier likelihood impact modelVersion assessedAt
    factors { name value weight contribution explanation } warnings { code message } }`;

/**
 * Parts that other teams are still changing, each with the shapes it has had (newest first).
 * Every part sits on its own line of the query, so a validation error's line tells which part
 * this server does not accept; that part moves on to its next shape, or is left out.
 */
export const ADAPTIVE_PARTS = {
  annualIncome: ["annualIncome { amount { amount currency } band }", "annualIncome { amount currency }"],
  segments: ["segments { id name description }"],
  policyData: [
    "policyData: policies(first: 20) { edges { node { id policyNumber billingStatus participants { role order sharePercent relationship name dateOfBirth nationalId customer { id customerNumber fullName } } insuredObjects { kind plate vin make model year address city region constructionYear sumInsured { amount currency } } instalments { dueDate amount { amount currency } paidAt status } } } }",
  ],
  recommendations: [
    "recommendations(limit: 5) { score product { code name line } reasons { code message } suggestedSumInsured { amount currency } estimatedPremium { amount currency } }",
    "recommendations(limit: 5) { score product { code name line } }",
  ],
  person: [
    "person { id records { id customerNumber fullName } profile { fullName email phone address city region dateOfBirth gender maritalStatus occupation occupationClass preferredChannel provenance { attribute rule recordId customerNumber sourceSystem recordUpdatedAt } } }",
  ],
  consentsInForce: ["consentsInForce { purpose granted channel refusedOnLinkedRecord }"],
  cases: [
    `cases(first: 20) { totalCount edges { node { id subject status priority channel openedAt firstResponseSla { ${SLA_FIELDS} } resolutionSla { ${SLA_FIELDS} } } } }`,
  ],
  tasks: [CUSTOMER_TASKS],
} as const;

export type AdaptivePart = keyof typeof ADAPTIVE_PARTS;

/** Index of the shape each part uses on this server (learned once per page load); past the end = absent. */
const chosen: Record<AdaptivePart, number> = { annualIncome: 0, segments: 0, policyData: 0, recommendations: 0, person: 0, consentsInForce: 0, cases: 0, tasks: 0 };

export async function loadCustomer360(id: string): Promise<{ result: GraphQLResult<{ customer: any }>; parts: AdaptivePart[] }> {
  for (;;) {
    const parts = (Object.keys(ADAPTIVE_PARTS) as AdaptivePart[]).filter((part) => chosen[part] < ADAPTIVE_PARTS[part].length);
    const head = `query Customer360($id: ID!) { customer(id: $id) {${CORE}`;
    const firstPartLine = head.split("\n").length + 1;
    const query = [head, ...parts.map((part) => ADAPTIVE_PARTS[part][chosen[part]]), "} }"].join("\n");
    const result = await gql<{ customer: any }>(query, { id });
    const invalid = result.errors.filter((e) => e.extensions?.code === "GRAPHQL_VALIDATION_FAILED");
    const lines = invalid.flatMap((e) => (e.locations ?? []).map((l) => l.line));
    const culprits = parts.filter((_, i) => lines.includes(firstPartLine + i));
    if (invalid.length === 0 || culprits.length === 0) return { result, parts };
    for (const part of culprits) chosen[part] += 1;
  }
}
