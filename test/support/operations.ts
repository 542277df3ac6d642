/** Shared operation documents for the end-to-end specs. */
export const CUSTOMER_360 = /* GraphQL */ `
  query Customer360($id: ID!) {
    customer(id: $id) {
      id customerNumber kind fullName email phone city region serviceTier createdAt
      summary { activePolicies openClaims openComplaints averageSatisfaction lastInteractionAt
        totalAnnualPremium { amount currency } totalSumInsured { amount currency } }
      household { kind member { id customerNumber } }
      consents { purpose granted recordedAt }
      policies(first: 50) { totalCount edges { node { id policyNumber status premium { amount currency }
        sumInsured { amount } product { code line name } coverages { kind limit { amount } deductible { amount } } } } }
      claims(first: 50) { totalCount edges { node { id claimNumber status claimedAmount { amount }
        events { toStatus occurredAt } policy { policyNumber } } } }
      interactions(first: 50) { totalCount edges { node { id channel kind occurredAt satisfaction
        staff { displayName } complaint { id status overdue dueAt } } } }
      complaints(first: 50) { totalCount edges { node { id status severity dueAt overdue } } }
      riskProfile { score tier likelihood impact assessedAt }
      riskHistory(first: 10) { totalCount edges { node { score assessedAt } } }
      assignedAgent { displayName }
    }
  }
`;

export const CUSTOMER_LIST = /* GraphQL */ `
  query CustomerList($filter: CustomerFilter, $orderBy: CustomerOrder, $first: Int, $after: String) {
    customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id customerNumber kind region serviceTier createdAt } }
    }
  }
`;

export const CUSTOMER_LIST_WITH_RELATIONS = /* GraphQL */ `
  query CustomerListWithRelations($first: Int) {
    customers(first: $first) {
      edges { node { id customerNumber
        policies(first: 20) { edges { node { policyNumber coverages { kind } } } }
        claims(first: 20) { edges { node { claimNumber status } } } } }
    }
  }
`;

// --- CRM writes (issue 4) ---
const CUSTOMER_WRITE_FIELDS = "id customerNumber kind fullName email phone city region address assignedAgentId version";

export const CREATE_CUSTOMER = /* GraphQL */ `
  mutation CreateCustomer($input: NewCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_WRITE_FIELDS} } }
`;

export const UPDATE_CUSTOMER = /* GraphQL */ `
  mutation UpdateCustomer($id: ID!, $input: CustomerChangesInput!, $expectedVersion: Int!) {
    updateCustomer(id: $id, input: $input, expectedVersion: $expectedVersion) { ${CUSTOMER_WRITE_FIELDS} }
  }
`;

export const ASSIGN_AGENT = /* GraphQL */ `
  mutation AssignAgent($customerId: ID!, $agentId: ID!) { assignAgent(customerId: $customerId, agentId: $agentId) { id assignedAgentId version } }
`;

export const LINK_RELATIONSHIP = /* GraphQL */ `
  mutation Link($customerId: ID!, $relatedCustomerId: ID!, $kind: RelationshipKind!) {
    linkRelationship(customerId: $customerId, relatedCustomerId: $relatedCustomerId, kind: $kind) { id household { kind member { id } } }
  }
`;

export const UNLINK_RELATIONSHIP = /* GraphQL */ `
  mutation Unlink($customerId: ID!, $relatedCustomerId: ID!, $kind: RelationshipKind!) {
    unlinkRelationship(customerId: $customerId, relatedCustomerId: $relatedCustomerId, kind: $kind) { id household { kind member { id } } }
  }
`;

const INTERACTION_WRITE_FIELDS = "id customerId channel kind direction subject occurredAt staffId satisfaction firstResponseAt resolvedAt status";
const COMPLAINT_WRITE_FIELDS = "id interactionId customerId category severity status receivedAt dueAt resolvedAt resolution escalationReason overdue version";

export const RECORD_INTERACTION = /* GraphQL */ `
  mutation RecordInteraction($input: RecordInteractionInput!) { recordInteraction(input: $input) { ${INTERACTION_WRITE_FIELDS} } }
`;

export const FILE_COMPLAINT = /* GraphQL */ `
  mutation FileComplaint($input: FileComplaintInput!) { fileComplaint(input: $input) { ${COMPLAINT_WRITE_FIELDS} } }
`;

export const INVESTIGATE_COMPLAINT = /* GraphQL */ `
  mutation InvestigateComplaint($id: ID!) { investigateComplaint(id: $id) { ${COMPLAINT_WRITE_FIELDS} } }
`;

export const RESOLVE_COMPLAINT = /* GraphQL */ `
  mutation ResolveComplaint($id: ID!, $resolution: String!) { resolveComplaint(id: $id, resolution: $resolution) { ${COMPLAINT_WRITE_FIELDS} } }
`;

export const ESCALATE_COMPLAINT = /* GraphQL */ `
  mutation EscalateComplaint($id: ID!, $reason: String!) { escalateComplaint(id: $id, reason: $reason) { ${COMPLAINT_WRITE_FIELDS} } }
`;

const CLAIM_WRITE_FIELDS = "id claimNumber policyId customerId kind incidentDate status version closedAt assignedAdjusterId claimedAmount { amount currency } approvedAmount { amount } paidAmount { amount } events { fromStatus toStatus actorId note }";

export const FILE_CLAIM = /* GraphQL */ `
  mutation FileClaim($input: FileClaimInput!) { fileClaim(input: $input) { ${CLAIM_WRITE_FIELDS} } }
`;

export const TRANSITION_CLAIM = /* GraphQL */ `
  mutation TransitionClaim($id: ID!, $to: ClaimStatus!, $note: String, $approvedAmount: SafeInt, $expectedVersion: Int) {
    transitionClaim(id: $id, to: $to, note: $note, approvedAmount: $approvedAmount, expectedVersion: $expectedVersion) { ${CLAIM_WRITE_FIELDS} }
  }
`;

export const SERVICE_METRICS = /* GraphQL */ `
  query ServiceMetrics($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: MetricsGroupBy!) {
    serviceMetrics(from: $from, to: $to, groupBy: $groupBy) {
      from to groupBy satisfactionTarget
      overall { ...MetricsFigures }
      groups { ...MetricsFigures }
    }
  }
  fragment MetricsFigures on ServiceMetricsGroup {
    key interactions ratedInteractions satisfactionIndex satisfactionBelowTarget answeredWithin24hShare customers complaints complaintsPerThousandCustomers
    complaintsResolvedOnTimeShare medianComplaintResolutionHours claimsFiled claimsApproved claimsRejected medianClaimCycleDays
    cases firstResponseAttainment resolutionAttainment openCases breachedOpenCases oldestOpenCaseAgeHours
    openCaseAgeing { underOneDay oneToThreeDays threeToSevenDays overSevenDays }
  }
`;

/** A customer's timeline with every source type's fields (personal and internal ones too: each under its own rule). */
export const CUSTOMER_TIMELINE = /* GraphQL */ `
  query CustomerTimeline($id: ID!, $first: Int, $after: String, $kinds: [TimelineKind!]) {
    customer(id: $id) {
      id
      timeline(first: $first, after: $after, kinds: $kinds) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { kind occurredAt record { __typename
          ... on Interaction { id channel kind subject notes occurredAt contactStatus: status }
          ... on Complaint { id category severity complaintStatus: status receivedAt escalationReason }
          ... on ClaimEvent { id claimId fromStatus toStatus note occurredAt }
          ... on Policy { id policyNumber policyStatus: status startDate }
          ... on Consent { id purpose granted consentChannel: channel recordedAt }
          ... on OfferResponse { id productCode response offerChannel: channel respondedAt }
        } } }
      }
    }
  }
`;
