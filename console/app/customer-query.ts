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
  policies(first: 20) { totalCount edges { node { id policyNumber status productCode product { code name line }
    premium { amount currency } premiumFrequency sumInsured { amount currency } startDate endDate renewalDate
    coverages { kind limit { amount currency } deductible { amount currency } } } } }
  claims(first: 20) { totalCount edges { node { id claimNumber kind status incidentDate reportedAt
    claimedAmount { amount currency } approvedAmount { amount currency } paidAmount { amount currency }
    events { fromStatus toStatus occurredAt note } } } }
  interactions(first: 20) { totalCount edges { node { id channel kind direction subject notes occurredAt status satisfaction
    staff { displayName } } } }
  complaints(first: 20) { totalCount edges { node { id category severity status receivedAt dueAt resolvedAt overdue } } }
  riskProfile { id score tier likelihood impact modelVersion assessedAt
    factors { name value weight contribution explanation } warnings { code message } }`;

/**
 * Parts of the 360 beyond the core, each on its own line. The console ships with the API it talks
 * to, so it asks for each part in the shape this API serves; the schema evolves by @deprecated
 * (docs/schema-changes.md), not by the console retrying without a part the server refused.
 */
export const PARTS = {
  annualIncome: "annualIncome { amount { amount currency } band }",
  segments: "segments { id name description }",
  policyData:
    "policyData: policies(first: 20) { edges { node { id policyNumber billingStatus participants { role order sharePercent relationship name dateOfBirth nationalId customer { id customerNumber fullName } } insuredObjects { kind plate vin make model year address city region constructionYear sumInsured { amount currency } } instalments { dueDate amount { amount currency } paidAt status } } } }",
  recommendations:
    "recommendations(limit: 5) { score product { code name line } reasons { code message } suggestedSumInsured { amount currency } estimatedPremium { amount currency } }",
  person:
    "person { id records { id customerNumber fullName } profile { fullName email phone address city region dateOfBirth gender maritalStatus occupation occupationClass preferredChannel provenance { attribute rule recordId customerNumber sourceSystem recordUpdatedAt } } }",
  consentsInForce: "consentsInForce { purpose granted channel refusedOnLinkedRecord }",
  cases: `cases(first: 20) { totalCount edges { node { id subject status priority channel openedAt firstResponseSla { ${SLA_FIELDS} } resolutionSla { ${SLA_FIELDS} } } } }`,
  tasks: CUSTOMER_TASKS,
} as const;

export type CustomerPart = keyof typeof PARTS;

/** The whole 360 in one request (a fixed text: `npm run documents` registers it as a trusted document). */
export const CUSTOMER_360 = `query Customer360($id: ID!) { customer(id: $id) {${CORE}
${PARTS.annualIncome}
${PARTS.segments}
${PARTS.policyData}
${PARTS.recommendations}
${PARTS.person}
${PARTS.consentsInForce}
${PARTS.cases}
${PARTS.tasks}
} }`;

export async function loadCustomer360(id: string): Promise<{ result: GraphQLResult<{ customer: any }>; parts: CustomerPart[] }> {
  const result = await gql<{ customer: any }>(CUSTOMER_360, { id });
  return { result, parts: Object.keys(PARTS) as CustomerPart[] };
}
