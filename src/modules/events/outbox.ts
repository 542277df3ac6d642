import type { EntityManager } from "typeorm";
import type { DomainEvent, EventData, EventType } from "./event-types";

/** Who caused the events (null for a job such as automatic identity linking). */
export interface EventCause {
  actorId: string | null;
  requestId: string | null;
}

/**
 * Writes events in the caller's transaction, in the given order (one statement): they commit with
 * the change and its audit rows, or not at all.
 */
export async function recordEvents(manager: EntityManager, cause: EventCause, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO event_outbox (type, customer_id, actor_id, request_id, data)
     SELECT t.type, t.customer_id, $3::uuid, $4, t.data FROM unnest($1::varchar[], $2::jsonb[], $5::uuid[]) WITH ORDINALITY AS t(type, data, customer_id, n)
     ORDER BY t.n`,
    [events.map((e) => e.type), events.map((e) => JSON.stringify(e.data)), cause.actorId, cause.requestId, events.map((e) => e.data.customerId)],
  );
}

/** A stored event as a CloudEvents 1.0 structured-mode JSON envelope. */
export interface CloudEvent {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject: string | null;
  time: string;
  datacontenttype: "application/json";
  /** The outbox position: one customer's events in this order at every consumer. */
  sequence: string;
  data: EventData;
}

export interface StoredEvent {
  id: string;
  position: string;
  type: EventType;
  customer_id: string | null;
  occurred_at: Date;
  data: EventData;
}

export function toCloudEvent(row: StoredEvent): CloudEvent {
  return {
    specversion: "1.0",
    id: row.id,
    source: "/customer360",
    type: `customer360.${row.type}`,
    subject: row.customer_id,
    time: new Date(row.occurred_at).toISOString(),
    datacontenttype: "application/json",
    sequence: String(row.position),
    data: row.data,
  };
}

/** A CloudEvent back as the event it was made from (a consumer's side of `toCloudEvent`). */
export function fromCloudEvent(event: CloudEvent): Omit<StoredEvent, "position"> {
  return { id: event.id, type: event.type.replace(/^customer360\./, "") as EventType, customer_id: event.subject, occurred_at: new Date(event.time), data: event.data };
}

/** An event of changed fields: their names sorted (values never), with the ids of the record that changed. */
export function changed(type: EventType, customerId: string, fields: string[], ids: Omit<EventData, "customerId" | "changedFields"> = {}): DomainEvent {
  return { type, data: { customerId, ...ids, changedFields: [...new Set(fields)].sort() } };
}

/** The request id of an import job's events (its batches' cause): reactions tell imported records by it. */
export const IMPORT_REQUEST = "import:";
export const importRequestId = (jobId: string): string => `${IMPORT_REQUEST}${jobId}`;

/** The cause of a request's events: its viewer and request id. */
export function causeOf(ctx: { viewer: { kind: string; id?: string }; requestId: string }): EventCause {
  return { actorId: ctx.viewer.kind === "anonymous" ? null : (ctx.viewer.id ?? null), requestId: ctx.requestId };
}
