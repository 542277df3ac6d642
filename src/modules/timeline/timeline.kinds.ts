import { Interaction } from "../interaction/interaction.entity";
import { Complaint } from "../interaction/complaint.entity";
import { ClaimEvent } from "../claim/claim-event.entity";
import { Policy } from "../policy/policy.entity";
import { Consent } from "../consent/consent.entity";
import { OfferResponse } from "../recommendation/offer-response.entity";
import { PolicyChange } from "../policy/policy-change.entity";
import { ServiceTask } from "../tasks/service-task.entity";
import { ServiceCase } from "../service-desk/service-case.entity";

/**
 * One kind of timeline entry: rows of one table, each an entry at its time, answered as the
 * table's own GraphQL object (so its fields keep their own rules, masking and audit).
 */
export interface TimelineKindDeclaration<T = any> {
  /** The TimelineKind value (UPPER_SNAKE). */
  kind: string;
  description: string;
  /** The entity of the table; it is also the GraphQL object type the entry's `record` resolves to. */
  entity: () => new () => T;
  /** The property holding the customer whose timeline the row is on. */
  customer: keyof T & string;
  /** The property holding the entry's time (timestamptz, or a date read as its midnight UTC); PUBLIC in the source type (a test checks). */
  time: keyof T & string;
  /**
   * How a caller reads the same rows directly: the relation fields from Customer down to them
   * (`Customer.claims`, then `Claim.events`). A role sees the kind only if the policy table lets it
   * read every field on this path, and the privacy oracle checks that the timeline shows exactly
   * the rows this path shows.
   */
  readThrough: readonly string[];
}

export function timelineKind<T>(declaration: TimelineKindDeclaration<T>): TimelineKindDeclaration<T> {
  return declaration;
}

/**
 * Every kind of the customer timeline, in one list: a new kind (cases, tasks) is one more entry
 * here — the TimelineKind enum, the record union, the page statement, the per-role visibility,
 * the docs and the oracle's equivalence cases are all derived from this list.
 */
export const TIMELINE_KINDS = [
  timelineKind<Interaction>({
    kind: "INTERACTION", entity: () => Interaction, customer: "customerId", time: "occurredAt", readThrough: ["Customer.interactions"],
    description: "A service contact, at its start (`Interaction`).",
  }),
  timelineKind<Complaint>({
    kind: "COMPLAINT", entity: () => Complaint, customer: "customerId", time: "receivedAt", readThrough: ["Customer.complaints"],
    description: "A complaint, when it was received (`Complaint`).",
  }),
  timelineKind<ClaimEvent>({
    kind: "CLAIM_EVENT", entity: () => ClaimEvent, customer: "customerId", time: "occurredAt", readThrough: ["Customer.claims", "Claim.events"],
    description: "A step of a claim's workflow: reported, reviewed, approved, paid… (`ClaimEvent`).",
  }),
  timelineKind<Policy>({
    kind: "POLICY", entity: () => Policy, customer: "customerId", time: "startDate", readThrough: ["Customer.policies"],
    description: "A policy, at its first day of cover (midnight UTC) (`Policy`).",
  }),
  timelineKind<PolicyChange>({
    kind: "POLICY_CHANGE", entity: () => PolicyChange, customer: "customerId", time: "occurredAt", readThrough: ["Customer.policyChanges"],
    description: "A change a core system's import made to a policy: the fields changed (`PolicyChange`).",
  }),
  timelineKind<Consent>({
    kind: "CONSENT", entity: () => Consent, customer: "customerId", time: "recordedAt", readThrough: ["Customer.consentHistory"],
    description: "A consent decision (grant, refusal or withdrawal) as recorded (`Consent`).",
  }),
  timelineKind<ServiceCase>({
    kind: "CASE", entity: () => ServiceCase, customer: "customerId", time: "openedAt", readThrough: ["Customer.cases"],
    description: "A service case, when it was opened (`ServiceCase`).",
  }),
  timelineKind<ServiceTask>({
    kind: "TASK", entity: () => ServiceTask, customer: "customerId", time: "createdAt", readThrough: ["Customer.tasks"],
    description: "A follow-up task, when it was raised (`ServiceTask`; staff only: SERVICE).",
  }),
  timelineKind<OfferResponse>({
    kind: "OFFER_RESPONSE", entity: () => OfferResponse, customer: "customerId", time: "respondedAt", readThrough: ["Customer.offerResponses"],
    description: "The customer's answer to an offer (`OfferResponse`).",
  }),
] as const satisfies readonly TimelineKindDeclaration[];

export const TIMELINE_KIND_BY_NAME: ReadonlyMap<string, TimelineKindDeclaration> = new Map(TIMELINE_KINDS.map((declaration) => [declaration.kind, declaration]));
