import { gql, type GraphQLResult } from "./api";

/**
 * The 360 query. Segments and recommendations are optional sections: a server without them
 * answers GRAPHQL_VALIDATION_FAILED naming the field or type, and the query is retried without
 * that section (the console then hides it).
 */
const CORE = `
  id customerNumber kind fullName gender dateOfBirth idType nationalId email phone address city region
  occupation occupationClass annualIncome { amount currency } maritalStatus dependents serviceTier
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

export const OPTIONAL_SECTIONS = {
  segments: { selection: "segments { id name description }", names: ["segments", "Segment"] },
  recommendations: {
    selection: "recommendations(limit: 5) { score reasons product { code name line } }",
    names: ["recommendations", "Recommendation"],
  },
} as const;

export type OptionalSection = keyof typeof OPTIONAL_SECTIONS;

/** Sections this server lacks, learned once per page load. */
const unsupported = new Set<OptionalSection>();

export async function loadCustomer360(id: string): Promise<{ result: GraphQLResult<{ customer: any }>; sections: OptionalSection[] }> {
  for (;;) {
    const sections = (Object.keys(OPTIONAL_SECTIONS) as OptionalSection[]).filter((s) => !unsupported.has(s));
    const extra = sections.map((s) => OPTIONAL_SECTIONS[s].selection).join("\n");
    const result = await gql<{ customer: any }>(`query Customer360($id: ID!) { customer(id: $id) { ${CORE}\n${extra} } }`, { id });
    const invalid = result.errors.filter((e) => e.extensions?.code === "GRAPHQL_VALIDATION_FAILED");
    if (invalid.length === 0 || sections.length === 0) return { result, sections };
    const culprits = sections.filter((s) => invalid.some((e) => OPTIONAL_SECTIONS[s].names.some((n) => e.message.includes(n))));
    for (const section of culprits.length > 0 ? culprits : sections) unsupported.add(section);
  }
}
