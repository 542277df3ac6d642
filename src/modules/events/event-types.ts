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
  "consent.changed": "A consent decision was recorded for a purpose (`purpose`; read the decision through the API).",
} as const;

export type EventType = keyof typeof EVENT_TYPES;

/** The event's thin payload: ids and field names only. */
export interface EventData {
  customerId: string;
  changedFields?: string[];
  personId?: string;
  consentId?: string;
  purpose?: string;
}

/** One event to write, about one customer. */
export interface DomainEvent {
  type: EventType;
  data: EventData;
}
