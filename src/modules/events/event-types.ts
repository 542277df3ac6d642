/**
 * Every event the outbox carries, declared once: its type (the CloudEvents `type` is
 * `customer360.<type>`) and when it is written. Payloads are thin — ids, and the names (never the
 * values) of the fields that changed: a consumer reads values back through the API, under the
 * field policy and the access audit.
 */
export const EVENT_TYPES = {
  "customer.created": "A customer record was created (API or import).",
  "customer.updated": "Fields of a customer record changed; `changedFields` names them.",
  "customer.linked": "Identity resolution linked the record with others as one person (`personId`).",
  "customer.unlinked": "The record was taken out of its person.",
  "customer.erased": "The record's personal data was erased.",
  "consent.changed": "A consent decision was recorded for a purpose (`purpose`), or for one contact channel of it (`channel`; null: the purpose as a whole); read the decision through the API.",
  "interaction.recorded": "A service contact was recorded (`interactionId`).",
  "interaction.corrected": "A source system's import corrected a recorded service contact (`interactionId`; `changedFields` names the fields).",
  "complaint.filed": "A complaint was filed (`complaintId`, `interactionId`).",
  "complaint.investigating": "A complaint is being investigated (first response).",
  "complaint.escalated": "A complaint was escalated.",
  "complaint.resolved": "A complaint was resolved.",
  "complaint.due_soon": "An open complaint's deadline is less than 4 hours away (the deadline clock; once per complaint).",
  "complaint.overdue": "An open complaint passed its deadline (the deadline clock; once per complaint).",
  "case.opened": "A service case was opened (`caseId`; fileComplaint opens one for each complaint).",
  "case.transitioned": "A case moved to another status (`caseId`; `changedFields` names what changed, `status` always).",
  "case.breached": "An open case missed a milestone (`caseId`; `milestone`: FIRST_RESPONSE or RESOLUTION), signalled once by the SLA sweep (the resolution once more after a reopen); raises CASE_BREACHED alerts.",
  "case.corrected": "A source system's import corrected an imported case (`caseId`; `changedFields` names the fields).",
  "case.assigned": "A case was given to another assignee or queue (`caseId`; `changedFields`: `assigneeId`, `queue`).",
  "task.created": "A follow-up task was raised (`taskId`): by a task rule (no actor) or by staff.",
  "task.assigned": "A task was given to another assignee or queue (`taskId`; `changedFields`: `assigneeId`, `queue`).",
  "task.completed": "A task was completed or cancelled (`taskId`; `changedFields`: `status`, `outcome`).",
  "policy.imported": "A policy came in from a core system's import (`policyId`).",
  "policy.changed": "An import changed a policy (`policyId`; `changedFields` names the policy fields, `coverages`, `participants` or `insuredObjects` when those changed).",
  "claim.filed": "A claim was filed (`claimId`).",
  "claim.transitioned": "A claim moved to another status (`changedFields` names what changed).",
  "risk.assessed": "A risk assessment was stored (`assessmentId`); `changedFields` holds `tier` when the tier differs from the previous one.",
  "offer.responded": "The customer answered an offer (`offerResponseId`).",
} as const;

export type EventType = keyof typeof EVENT_TYPES;

/** The event's thin payload: ids and field names only. */
export interface EventData {
  customerId: string;
  changedFields?: string[];
  personId?: string;
  consentId?: string;
  purpose?: string;
  /** consent.changed: the contact channel the decision is about; null: every channel of the purpose. */
  channel?: string | null;
  interactionId?: string;
  complaintId?: string;
  claimId?: string;
  caseId?: string;
  taskId?: string;
  /** The SLA milestone of a case.breached event. */
  milestone?: "FIRST_RESPONSE" | "RESOLUTION";
  policyId?: string;
  assessmentId?: string;
  offerResponseId?: string;
}

/** One event to write, about one customer. */
export interface DomainEvent {
  type: EventType;
  data: EventData;
}
