import { Role } from "./role";
import { PROFILE_ATTRIBUTES } from "../shared/survivorship";
import { bandOnly, INCOME_BAND_BOUNDARIES_MINOR, maskAddress, maskDateOfBirth, maskEmail, maskName, maskNationalId, maskPhone, maskPlate, maskVin, type BandedAmount } from "./masking";

/**
 * The personal-data policy table (DESIGN §5). Shield rules, the documentation table and (with
 * the data-protection work) masking and the access audit are all derived from here.
 */
export enum DataClass {
  PUBLIC = "PUBLIC",
  CONTACT = "CONTACT",
  IDENTITY = "IDENTITY",
  FINANCIAL = "FINANCIAL",
  HEALTH = "HEALTH",
  INTERNAL = "INTERNAL",
  /**
   * The service record staff write about a customer's requests (contact notes, a case's subject,
   * notes, queue and assignee): as INTERNAL, and also for the contact centre that serves the caller.
   */
  SERVICE = "SERVICE",
  /** Records of who accessed a customer's data: for compliance, administrators and the customer. */
  AUDIT = "AUDIT",
}

/**
 * full: the value as stored; consent: full only while the customer's current SENSITIVE_DATA
 * consent is granted; masked / band: a reduced value by a fixed per-field rule; deny: never.
 */
export type Access = "full" | "consent" | "masked" | "band" | "deny";

/**
 * INTEGRATION (another system's service account) is denied every personal class and sees no
 * customer row (row scope): it writes by import and reads back ids and source keys only.
 * SERVICE_REP (the contact centre) serves any caller, but only once the caller is verified (row
 * scope: a passed verifyCaller of this representative, for 30 minutes): contact data in full,
 * identity masked (as an agent), the service record (SERVICE: contact notes, cases), nothing
 * financial, health, internal (fraud scores, risk factors, claim notes) or audit.
 */
export const ACCESS: Record<DataClass, Record<Role, Access>> = {
  PUBLIC: { AGENT: "full", UNDERWRITER: "full", CLAIMS_ADJUSTER: "full", MARKETING: "full", COMPLIANCE: "full", ADMIN: "full", SERVICE_REP: "full", CUSTOMER: "full", INTEGRATION: "full" },
  CONTACT: { AGENT: "full", UNDERWRITER: "masked", CLAIMS_ADJUSTER: "full", MARKETING: "masked", COMPLIANCE: "masked", ADMIN: "full", SERVICE_REP: "full", CUSTOMER: "full", INTEGRATION: "deny" },
  IDENTITY: { AGENT: "masked", UNDERWRITER: "masked", CLAIMS_ADJUSTER: "masked", MARKETING: "deny", COMPLIANCE: "masked", ADMIN: "masked", SERVICE_REP: "masked", CUSTOMER: "full", INTEGRATION: "deny" },
  FINANCIAL: { AGENT: "band", UNDERWRITER: "consent", CLAIMS_ADJUSTER: "deny", MARKETING: "band", COMPLIANCE: "deny", ADMIN: "deny", SERVICE_REP: "deny", CUSTOMER: "full", INTEGRATION: "deny" },
  HEALTH: { AGENT: "deny", UNDERWRITER: "consent", CLAIMS_ADJUSTER: "consent", MARKETING: "deny", COMPLIANCE: "deny", ADMIN: "deny", SERVICE_REP: "deny", CUSTOMER: "full", INTEGRATION: "deny" },
  INTERNAL: { AGENT: "full", UNDERWRITER: "full", CLAIMS_ADJUSTER: "full", MARKETING: "deny", COMPLIANCE: "full", ADMIN: "full", SERVICE_REP: "deny", CUSTOMER: "deny", INTEGRATION: "deny" },
  SERVICE: { AGENT: "full", UNDERWRITER: "full", CLAIMS_ADJUSTER: "full", MARKETING: "deny", COMPLIANCE: "full", ADMIN: "full", SERVICE_REP: "full", CUSTOMER: "deny", INTEGRATION: "deny" },
  AUDIT: { AGENT: "deny", UNDERWRITER: "deny", CLAIMS_ADJUSTER: "deny", MARKETING: "deny", COMPLIANCE: "full", ADMIN: "full", SERVICE_REP: "deny", CUSTOMER: "full", INTEGRATION: "deny" },
};

const { PUBLIC, CONTACT, IDENTITY, FINANCIAL, HEALTH, INTERNAL, SERVICE, AUDIT } = DataClass;

/** Every field of every type that carries customer data, with its class. A missing field fails a test. */
const CUSTOMER_FIELDS: Record<string, DataClass> = {
  id: PUBLIC, customerNumber: PUBLIC, kind: PUBLIC, city: PUBLIC, region: PUBLIC, serviceTier: PUBLIC,
  currency: PUBLIC, riskPreference: PUBLIC, preferredChannel: PUBLIC, assignedAgentId: PUBLIC, assignedAgent: PUBLIC,
  version: PUBLIC, createdAt: PUBLIC, updatedAt: PUBLIC, erasedAt: PUBLIC,
  // life-stage attributes that service and personalization need and that identify nobody on their own
  idType: PUBLIC, gender: PUBLIC, maritalStatus: PUBLIC, dependents: PUBLIC, occupation: PUBLIC, occupationClass: PUBLIC,
  fullName: CONTACT, email: CONTACT, phone: CONTACT, address: CONTACT,
  nationalId: IDENTITY, dateOfBirth: IDENTITY,
  annualIncome: FINANCIAL,
  household: PUBLIC, consents: PUBLIC, consentHistory: PUBLIC, policies: PUBLIC, claims: PUBLIC, interactions: PUBLIC, complaints: PUBLIC, cases: PUBLIC, policyChanges: PUBLIC,
  // staff's follow-up plan about the customer (SERVICE, as case notes): not to MARKETING, not to the customer
  tasks: SERVICE,
  riskProfile: PUBLIC, riskHistory: PUBLIC, summary: PUBLIC,
  accessHistory: AUDIT,
  segments: PUBLIC, healthDeclaration: HEALTH,
  // derived from personal data, but reasons use bands and ranges only; roles checked in the service
  recommendations: PUBLIC, excludedProducts: PUBLIC, offerResponses: PUBLIC,
  // the customer's numbers in the insurer's other systems (core PAS, claims, CRM): identifiers of the
  // same nature as customerNumber and id (PUBLIC), issued by the insurer, carrying no personal value
  sourceKeys: PUBLIC,
  // the linked records (each under its own rules and row scope) and the decisions in force: as consents, PUBLIC
  person: PUBLIC, consentsInForce: PUBLIC,
  // derived from consents and interactions (PUBLIC), the do-not-contact flag (PUBLIC) and only whether a
  // phone, e-mail or address is on record (what every form of those fields shows): as consents, PUBLIC
  contactPolicy: PUBLIC,
  // entries of the customer's records, each the source's own object under its own rules (src/modules/timeline)
  timeline: PUBLIC,
};

/** The fields of a person's unified profile: each as the Customer field it is chosen from (identity links). */
const PROFILE_FIELDS = Object.values(PROFILE_ATTRIBUTES).flat();

export const FIELD_CLASSES: Record<string, Record<string, DataClass>> = {
  Customer: CUSTOMER_FIELDS,
  // the records behind a person are Customers (their own rules and row scope); the profile's fields
  // are the same Customer fields, chosen from one linked record each; provenance names records only
  Person: { id: PUBLIC, records: PUBLIC, profile: PUBLIC },
  PersonProfile: { ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, CUSTOMER_FIELDS[field]])), provenance: PUBLIC },
  ProfileProvenance: { attribute: PUBLIC, rule: PUBLIC, recordId: PUBLIC, customerNumber: PUBLIC, sourceSystem: PUBLIC, recordUpdatedAt: PUBLIC },
  // reachable only through Customer.sourceKeys
  SourceKey: { system: PUBLIC, id: PUBLIC },
  // reachable only through auditLog (COMPLIANCE, ADMIN) and Customer.accessHistory (AUDIT)
  AuditEntry: {
    id: PUBLIC, at: PUBLIC, actorId: PUBLIC, role: PUBLIC, purpose: PUBLIC, operation: PUBLIC, requestId: PUBLIC,
    customerId: PUBLIC, fields: PUBLIC, outcome: PUBLIC,
  },
  CustomerSummary: {
    activePolicies: PUBLIC, totalAnnualPremium: PUBLIC, totalSumInsured: PUBLIC, openClaims: PUBLIC, openComplaints: PUBLIC,
    lastInteractionAt: PUBLIC, averageSatisfaction: PUBLIC, lifetimeValue: INTERNAL,
  },
  HouseholdMember: { kind: PUBLIC, member: PUBLIC },
  // a timeline entry adds no value of its own: its kind, the source's time column (PUBLIC in every
  // source, a test checks) and the source's own object, whose fields keep their own classes
  TimelineEntry: { kind: PUBLIC, occurredAt: PUBLIC, record: PUBLIC },
  Consent: { id: PUBLIC, customerId: PUBLIC, purpose: PUBLIC, granted: PUBLIC, channel: PUBLIC, contactChannel: PUBLIC, recordedAt: PUBLIC },
  // the flag, when and by whom as consent decisions are (PUBLIC); the reason is a staff member's free text (SERVICE, as notes)
  ContactPolicy: {
    doNotContact: PUBLIC, doNotContactOnLinkedRecord: PUBLIC, doNotContactSetAt: PUBLIC, doNotContactSetBy: PUBLIC, evaluatedAt: PUBLIC,
    marketingContactsInWindow: PUBLIC, channels: PUBLIC,
    doNotContactReason: SERVICE,
  },
  ContactChannelDecision: { channel: PUBLIC, purpose: PUBLIC, allowed: PUBLIC, reasons: PUBLIC },
  ConsentInForce: { purpose: PUBLIC, granted: PUBLIC, channel: PUBLIC, refusedOnLinkedRecord: PUBLIC },
  Policy: {
    id: PUBLIC, policyNumber: PUBLIC, customerId: PUBLIC, productCode: PUBLIC, status: PUBLIC, currency: PUBLIC,
    premiumFrequency: PUBLIC, startDate: PUBLIC, endDate: PUBLIC, renewalDate: PUBLIC, salesChannel: PUBLIC,
    createdAt: PUBLIC, premium: PUBLIC, annualPremium: PUBLIC, sumInsured: PUBLIC, coverages: PUBLIC, product: PUBLIC,
    policyholder: PUBLIC, participants: PUBLIC, insuredObjects: PUBLIC, instalments: PUBLIC, billingStatus: PUBLIC,
  },
  Coverage: { id: PUBLIC, policyId: PUBLIC, kind: PUBLIC, limit: PUBLIC, deductible: PUBLIC },
  // A participant who is a customer is read through `customer` (the customer's own policy and row
  // scope). A named person (a beneficiary, an insured child) is personal data of their own, classed
  // as the same facts of a customer: name CONTACT, date of birth and national id IDENTITY. The role,
  // share, order and relationship say how the policy pays out and identify nobody: PUBLIC, as the
  // policy's own terms (sums, premium) are.
  PolicyParticipant: {
    id: PUBLIC, policyId: PUBLIC, customerId: PUBLIC, role: PUBLIC, participantCustomerId: PUBLIC, relationship: PUBLIC,
    sharePercent: PUBLIC, order: PUBLIC, customer: PUBLIC,
    name: CONTACT,
    dateOfBirth: IDENTITY, nationalId: IDENTITY,
  },
  // plate and VIN identify a person's car (and through registers, its keeper): IDENTITY; the insured
  // property's street address: CONTACT, as the customer's; make, model, years and sums identify nobody
  InsuredObject: {
    id: PUBLIC, policyId: PUBLIC, customerId: PUBLIC, kind: PUBLIC, make: PUBLIC, model: PUBLIC, year: PUBLIC,
    city: PUBLIC, region: PUBLIC, constructionYear: PUBLIC, sumInsured: PUBLIC, currency: PUBLIC, participantId: PUBLIC,
    plate: IDENTITY, vin: IDENTITY,
    address: CONTACT,
  },
  // amounts PUBLIC as Policy.premium (the same money, split by due date); dates and status PUBLIC
  PremiumInstalment: {
    id: PUBLIC, policyId: PUBLIC, customerId: PUBLIC, dueDate: PUBLIC, amount: PUBLIC, currency: PUBLIC, paidAt: PUBLIC, status: PUBLIC,
  },
  Claim: {
    id: PUBLIC, claimNumber: PUBLIC, policyId: PUBLIC, customerId: PUBLIC, kind: PUBLIC, incidentDate: PUBLIC,
    reportedAt: PUBLIC, status: PUBLIC, currency: PUBLIC, assignedAdjusterId: PUBLIC, closedAt: PUBLIC, version: PUBLIC,
    claimedAmount: PUBLIC, approvedAmount: PUBLIC, paidAmount: PUBLIC, events: PUBLIC, policy: PUBLIC, claimant: PUBLIC,
    assignedAdjuster: PUBLIC,
    fraudScore: INTERNAL,
    description: HEALTH,
  },
  ClaimEvent: {
    id: PUBLIC, claimId: PUBLIC, fromStatus: PUBLIC, toStatus: PUBLIC, actorId: PUBLIC, occurredAt: PUBLIC, note: INTERNAL,
  },
  Interaction: {
    id: PUBLIC, customerId: PUBLIC, channel: PUBLIC, kind: PUBLIC, direction: PUBLIC, subject: PUBLIC, occurredAt: PUBLIC,
    staffId: PUBLIC, satisfaction: PUBLIC, firstResponseAt: PUBLIC, resolvedAt: PUBLIC, status: PUBLIC, staff: PUBLIC,
    complaint: PUBLIC,
    notes: SERVICE,
  },
  Complaint: {
    id: PUBLIC, interactionId: PUBLIC, customerId: PUBLIC, category: PUBLIC, severity: PUBLIC, status: PUBLIC,
    receivedAt: PUBLIC, dueAt: PUBLIC, resolvedAt: PUBLIC, resolution: PUBLIC, version: PUBLIC, overdue: PUBLIC, case: PUBLIC,
    escalationReason: INTERNAL,
  },
  // a service request: its state, times and SLA clocks are PUBLIC (the customer's own case shows them),
  // and its resolution, as a complaint's (the answer the customer was given); what staff wrote (subject,
  // notes, reopen reason) and how the office routes it (queue, assignee) are INTERNAL, as interaction
  // notes: not to MARKETING, not to the customer
  ServiceCase: {
    id: PUBLIC, customerId: PUBLIC, originInteractionId: PUBLIC, complaintId: PUBLIC, channel: PUBLIC, priority: PUBLIC, status: PUBLIC,
    openedAt: PUBLIC, firstRespondedAt: PUBLIC, resolvedAt: PUBLIC, closedAt: PUBLIC, reopenedAt: PUBLIC, pauses: PUBLIC, version: PUBLIC,
    firstResponseSla: PUBLIC, resolutionSla: PUBLIC, customer: PUBLIC, complaint: PUBLIC, originInteraction: PUBLIC,
    resolution: PUBLIC,
    subject: SERVICE, notes: SERVICE, reopenReason: SERVICE, queue: SERVICE, assigneeId: SERVICE, assignee: SERVICE,
  },
  // a core system's change to a policy: the fields' names and when (its event, PUBLIC), never the values
  PolicyChange: { id: PUBLIC, customerId: PUBLIC, policyId: PUBLIC, occurredAt: PUBLIC, changedFields: PUBLIC, policy: PUBLIC },
  // a follow-up task: what, when, how it ended are PUBLIC facts (reachable only through Customer.tasks, SERVICE, and
  // the staff task lists); what staff wrote (subject, outcome note) and how the office routes it (queue, assignee) are SERVICE
  ServiceTask: {
    id: PUBLIC, customerId: PUBLIC, kind: PUBLIC, purpose: PUBLIC, ruleCode: PUBLIC, sourceType: PUBLIC, sourceId: PUBLIC, triggerAt: PUBLIC,
    dueAt: PUBLIC, status: PUBLIC, outcome: PUBLIC, contactChannel: PUBLIC, satisfaction: PUBLIC, interactionId: PUBLIC, completedAt: PUBLIC,
    completedById: PUBLIC, version: PUBLIC, createdAt: PUBLIC, customer: PUBLIC, interaction: PUBLIC, reach: PUBLIC,
    subject: SERVICE, outcomeNote: SERVICE, queue: SERVICE, assigneeId: SERVICE, assignee: SERVICE,
  },
  // the contact policy's decision for the task's purpose (as Customer.contactPolicy: PUBLIC)
  TaskReach: { contactChannel: PUBLIC, heldBack: PUBLIC, reasons: PUBLIC, decidedAt: PUBLIC },
  // computed from the case's channel, priority, times and pauses (PUBLIC) and the business calendar
  CasePause: { from: PUBLIC, to: PUBLIC },
  SlaReading: {
    milestone: PUBLIC, measure: PUBLIC, targetMs: PUBLIC, breachAt: PUBLIC, breached: PUBLIC, elapsedMs: PUBLIC, remainingMs: PUBLIC,
    paused: PUBLIC, stopped: PUBLIC,
  },
  RiskAssessment: {
    id: PUBLIC, customerId: PUBLIC, assessedAt: PUBLIC, modelVersion: PUBLIC, likelihood: PUBLIC, impact: PUBLIC,
    score: PUBLIC, tier: PUBLIC,
    factors: INTERNAL, warnings: INTERNAL,
  },
  StaffUser: { id: PUBLIC, displayName: PUBLIC, role: PUBLIC, branch: PUBLIC, username: INTERNAL, active: INTERNAL },
  // aggregates over many customers, no personal values (who may ask is the serviceMetrics operation rule)
  ServiceMetrics: { from: PUBLIC, to: PUBLIC, groupBy: PUBLIC, satisfactionTarget: PUBLIC, asOf: PUBLIC, overall: PUBLIC, groups: PUBLIC },
  ServiceMetricsGroup: {
    key: PUBLIC, interactions: PUBLIC, ratedInteractions: PUBLIC, satisfactionIndex: PUBLIC, satisfactionBelowTarget: PUBLIC, answeredWithin24hShare: PUBLIC,
    customers: PUBLIC, complaints: PUBLIC, complaintsPerThousandCustomers: PUBLIC, complaintsResolvedOnTimeShare: PUBLIC,
    medianComplaintResolutionHours: PUBLIC, claimsFiled: PUBLIC, claimsApproved: PUBLIC, claimsRejected: PUBLIC, medianClaimCycleDays: PUBLIC,
    cases: PUBLIC, firstResponseAttainment: PUBLIC, resolutionAttainment: PUBLIC, openCases: PUBLIC, breachedOpenCases: PUBLIC, openCaseAgeing: PUBLIC,
    oldestOpenCaseAgeHours: PUBLIC,
  },
  OpenCaseAgeing: { underOneDay: PUBLIC, oneToThreeDays: PUBLIC, threeToSevenDays: PUBLIC, overSevenDays: PUBLIC },
  Segment: {
    id: PUBLIC, name: PUBLIC, description: PUBLIC, rule: PUBLIC, createdBy: PUBLIC, version: PUBLIC, createdAt: PUBLIC,
    updatedAt: PUBLIC, memberCount: PUBLIC, memberCountAsOf: PUBLIC, members: PUBLIC,
  },
  HealthDeclaration: {
    id: PUBLIC, customerId: PUBLIC, smoker: HEALTH, chronicConditions: HEALTH, bmi: HEALTH, declaredAt: HEALTH,
  },
  SegmentPreview: { count: PUBLIC, sample: PUBLIC },
  Recommendation: { product: PUBLIC, score: PUBLIC, reasons: PUBLIC, suggestedSumInsured: PUBLIC, estimatedPremium: PUBLIC },
  RecommendationReason: { code: PUBLIC, message: PUBLIC },
  ProductExclusion: { product: PUBLIC, rule: PUBLIC, message: PUBLIC },
  Offer: {
    customer: PUBLIC, product: PUBLIC, score: PUBLIC, reasons: PUBLIC, suggestedSumInsured: PUBLIC, estimatedPremium: PUBLIC, channel: PUBLIC,
    // the contact policy's decision (as Customer.contactPolicy: PUBLIC)
    contactChannel: PUBLIC, heldBack: PUBLIC, heldBackReasons: PUBLIC,
  },
  OfferResponse: { id: PUBLIC, customerId: PUBLIC, productCode: PUBLIC, response: PUBLIC, channel: PUBLIC, respondedAt: PUBLIC },
  // a service alert holds ids, a kind and times — no value of the customer's. Its kind is derived
  // for its recipient from what that recipient's role may see (complaint dueAt and status: PUBLIC;
  // a raised tier: the role's own view of the assessments, src/modules/alerts/alert-derivation.ts;
  // a case breach: the case's status and SLA reading — milestone, deadline — PUBLIC, its recipients
  // chosen by assignee and queue, SERVICE, which every role a case alert goes to reads in full);
  // customer, complaint, assessment and case resolve under their own rules and row scope (null out of it)
  // the outcome of a caller verification: which facts were compared, never their values
  CallerVerification: { id: PUBLIC, identifiedBy: PUBLIC, checkedFacts: PUBLIC, passed: PUBLIC, verifiedAt: PUBLIC, expiresAt: PUBLIC, customer: PUBLIC },
  Alert: {
    id: PUBLIC, kind: PUBLIC, createdAt: PUBLIC, readAt: PUBLIC, customer: PUBLIC, complaint: PUBLIC, riskAssessment: PUBLIC,
    case: PUBLIC, milestone: PUBLIC, deadline: PUBLIC,
  },
  SegmentExplanation: { member: PUBLIC, nodes: PUBLIC },
  SegmentExplainNode: {
    path: PUBLIC, kind: PUBLIC, field: PUBLIC, op: PUBLIC, purpose: PUBLIC, expected: PUBLIC, value: PUBLIC,
    valueWithheld: PUBLIC, matched: PUBLIC,
  },
};

/**
 * Types without customer data of their own (wrappers, pages, catalogue): any signed-in caller may
 * read them; what they wrap is guarded by the field that returned them.
 */
export const STRUCTURAL_TYPES = ["Money", "PageInfo", "ListCount", "Me", "Product", "RiskFactor", "RiskWarning", "Income", "CustomerDataExport"];
export const STRUCTURAL_TYPE_SUFFIXES = ["Connection", "Edge"];

type Place = { city?: string | null; region?: string | null };

/**
 * How a field is reduced where the table says `masked` or `band`. A personal field without a rule
 * here is denied to roles whose access is masked/band: nothing leaves in a form not written down.
 */
export type Reducer = (value: never, parent: never) => unknown;

/**
 * Per field: the masked and/or banded form, which parent columns the reduction reads besides the
 * value, and what the reduced form may be *used* for (src/auth/use-policy.ts): `boundaries` — a
 * banded value may be compared with these values only; `visiblePart` — a masked value may be
 * used through the part the mask shows (date of birth: the year).
 */
export interface FieldMask {
  masked?: Reducer;
  band?: (value: never) => unknown;
  reads?: string[];
  boundaries?: readonly number[];
  visiblePart?: true;
}

const CUSTOMER_MASKS: Record<string, FieldMask> = {
  "Customer.fullName": { masked: (v: string) => maskName(v) },
  "Customer.email": { masked: (v: string) => maskEmail(v) },
  "Customer.phone": { masked: (v: string) => maskPhone(v) },
  "Customer.address": { masked: (v: string, parent: Place) => maskAddress(v, parent), reads: ["city", "region"] },
  "Customer.nationalId": { masked: (v: string) => maskNationalId(v) },
  "Customer.dateOfBirth": { masked: (v: string) => maskDateOfBirth(v), visiblePart: true },
  "Customer.annualIncome": { band: (v: BandedAmount) => bandOnly(v), boundaries: INCOME_BAND_BOUNDARIES_MINOR },
};

export const FIELD_MASKS: Record<string, FieldMask> = {
  ...CUSTOMER_MASKS,
  "PolicyParticipant.name": { masked: (v: string) => maskName(v) },
  "PolicyParticipant.dateOfBirth": { masked: (v: string) => maskDateOfBirth(v), visiblePart: true },
  "PolicyParticipant.nationalId": { masked: (v: string) => maskNationalId(v) },
  "InsuredObject.plate": { masked: (v: string) => maskPlate(v) },
  "InsuredObject.vin": { masked: (v: string) => maskVin(v) },
  "InsuredObject.address": { masked: (v: string, parent: Place) => maskAddress(v, parent), reads: ["city", "region"] },
  // a profile field is reduced as the Customer field it was chosen from (its city and region come from the same record)
  ...Object.fromEntries(
    PROFILE_FIELDS.filter((field) => CUSTOMER_MASKS[`Customer.${field}`]).map((field) => [`PersonProfile.${field}`, CUSTOMER_MASKS[`Customer.${field}`]]),
  ),
};

export function reducerFor(typeName: string, fieldName: string, access: Access): Reducer | null {
  const masks = FIELD_MASKS[`${typeName}.${fieldName}`];
  if (access === "masked") return masks?.masked ?? null;
  if (access === "band") return masks?.band ?? null;
  return null;
}

export function accessFor(role: Role, dataClass: DataClass): Access {
  return ACCESS[dataClass][role];
}

/**
 * What the table lets a role do with one field before looking at any customer: read it (as stored,
 * or reduced where a reduction rule exists), read it only with the customer's consent, or not at all.
 * The shield, the field guard and the compiled reads all decide through this.
 */
export type RoleVerdict = { kind: "read"; reduce: Reducer | null } | { kind: "consent" } | { kind: "deny" };

export function roleVerdict(role: Role, typeName: string, fieldName: string, dataClass: DataClass): RoleVerdict {
  const access = accessFor(role, dataClass);
  if (access === "full") return { kind: "read", reduce: null };
  if (access === "masked" || access === "band") {
    const reduce = reducerFor(typeName, fieldName, access);
    return reduce ? { kind: "read", reduce } : { kind: "deny" }; // nothing leaves in a form not written down
  }
  return { kind: access };
}
