import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { Direction, InteractionKind, InteractionStatus } from "../interaction/interaction.entity";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, insertSourceKeys, KEYS_OF_SOURCE_IDS, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import { complaintDueAt } from "../interaction/complaint-write.service";
import { sortBatch, type Refuse } from "./batch-sort";
import type { ComplaintRow } from "./complaint-rows";
import type { BatchContext, BatchCounts } from "./import-kind";
import { INTERACTION_WRITE_COLUMNS, insertInteractions } from "./interaction-upsert";
import { customerProblem, customersBySourceId, keyProblem, knownRecords, type KnownRecord } from "./source-references";
import { recordEvents } from "../events/outbox";
import { CASE_STATUS_OF_COMPLAINT, openComplaintCases } from "../service-desk/complaint-cases";
import { followComplaint } from "../service-desk/case-write.service";
import { CaseStatus } from "../service-desk/service-case.entity";
import type { ComplaintStatus } from "../interaction/complaint.entity";
import { EVENT_TYPES, type DomainEvent, type EventType } from "../events/event-types";

/** complaint columns an import writes besides its id and contact, with their array types for UNNEST. */
const COLUMNS: WriteColumn[] = [
  ["customerId", "customer_id", "uuid"], ["category", "category", "varchar"], ["severity", "severity", "varchar"], ["status", "status", "varchar"],
  ["receivedAt", "received_at", "timestamptz"], ["dueAt", "due_at", "timestamptz"], ["resolvedAt", "resolved_at", "timestamptz"],
  ["resolution", "resolution", "text"], ["escalationReason", "escalation_reason", "text"],
];

/** Whether an update moved the complaint's status (the event it writes then). */
const COMPARED: Record<string, string> = { status: "status" };

/** An interaction a complaint names as its contact, with its customer and the complaint it already holds. */
export interface NamedContact {
  source_id: string;
  id: string;
  customer_id: string;
  complaint_id: string | null;
}

/** A known complaint with its contact and, when that contact was imported from this system, the contact's source id. */
type KnownComplaint = KnownRecord & { interaction_id: string | null; interaction_source_id: string | null };
type Item = { row: ComplaintRow; digest: string };
type Placed = Item & { customerId: string; contactId: string | null };

export function contactsBySourceId(manager: EntityManager, sourceSystem: string, sourceIds: string[]): Promise<NamedContact[]> {
  return manager.query(
    `SELECT k.source_id, i.id, i.customer_id, co.id AS complaint_id
     FROM ${KEYS_OF_SOURCE_IDS} JOIN interaction i ON i.id = k.record_id LEFT JOIN complaint co ON co.interaction_id = i.id`,
    [SourceEntityKind.INTERACTION, sourceSystem, [...new Set(sourceIds)]],
  );
}

/** The contact a complaint names must be this customer's and hold no other complaint (one complaint per contact, as fileComplaint makes them). */
function contactProblem(contact: NamedContact | undefined, customerId: string | undefined, complaintId: string | null, taken: Map<string, string>, sourceId: string, sourceSystem: string): string | null {
  if (!contact) return `interactionSourceId names no interaction imported from ${sourceSystem}`;
  if (customerId !== undefined && contact.customer_id !== customerId) return "the interaction belongs to another customer";
  const holder = taken.get(contact.id);
  if ((contact.complaint_id !== null && contact.complaint_id !== complaintId) || (holder !== undefined && holder !== sourceId)) return "the interaction already holds another complaint";
  return null;
}

/** The complaint contact the import records when the file names none: what fileComplaint records, and resolveComplaint's times once resolved. */
function contactValues({ row, customerId }: Placed): Record<string, unknown> {
  const { resolvedAt, receivedAt } = row.columns;
  return {
    ...row.contact, customerId, kind: InteractionKind.COMPLAINT, direction: Direction.INBOUND, occurredAt: receivedAt,
    firstResponseAt: resolvedAt, resolvedAt, satisfaction: null, status: resolvedAt ? InteractionStatus.RESOLVED : InteractionStatus.OPEN,
  };
}

/**
 * Upserts one batch of valid complaint rows keyed on (complaint, sourceSystem, sourceId), in the
 * caller's transaction. The customer is the one the same system sent under `customerSourceId`
 * (not erased); the contact is the named interaction, or one recorded here as fileComplaint
 * records it. New key → (contact,) complaint and key inserted, due at the file's dueAt or
 * receivedAt plus the configured hours of its severity; same digest → unchanged; another digest →
 * the complaint (version + 1) and its recorded contact updated. Neither customer nor contact
 * changes here (refused by column, as policies refuse a new holder).
 */
export async function upsertComplaints(manager: EntityManager, { sourceSystem, complaintDueHours, cause }: BatchContext, rows: Item[]): Promise<BatchCounts<ComplaintRow>> {
  const counts: BatchCounts<ComplaintRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  const customerOf = await customersBySourceId(manager, sourceSystem, rows.map(({ row }) => row.customerSourceId));
  const named = rows.map(({ row }) => row.interactionSourceId).filter((id): id is string => id !== null);
  const contactOf = new Map((await contactsBySourceId(manager, sourceSystem, named)).map((contact) => [contact.source_id, contact]));
  const known = await knownRecords<KnownComplaint>(manager, SourceEntityKind.COMPLAINT, sourceSystem, rows.map(({ row }) => row.sourceId),
    `r.interaction_id, (SELECT ik.source_id FROM source_key ik WHERE ik.record_id = r.interaction_id AND ik.entity_kind = '${SourceEntityKind.INTERACTION}' AND ik.source_system = k.source_system) AS interaction_source_id`);
  const taken = new Map<string, string>(); // contacts named by earlier rows of the batch → their source id

  const sorted = sortBatch<ComplaintRow, Placed, KnownComplaint>(rows, known, counts, ({ row, digest }, key, refuse: Refuse) => {
    const customer = customerOf.get(row.customerSourceId);
    const problem = customerProblem(customer, sourceSystem, "customer");
    if (problem) refuse("customerSourceId", problem);
    const moved = keyProblem(key, customer?.id, "complaint", "customerSourceId");
    if (moved) refuse(moved.field, moved.problem);
    const contact = row.interactionSourceId === null ? undefined : contactOf.get(row.interactionSourceId);
    const named = row.interactionSourceId === null ? null : contactProblem(contact, customer?.id, key?.record_id ?? null, taken, row.sourceId, sourceSystem);
    if (named) refuse("interactionSourceId", named);
    else if (key?.record_id && row.interactionSourceId !== key.interaction_source_id) {
      refuse("interactionSourceId", "a complaint keeps the contact it was first imported with; a change of contact is not applied by import");
    }
    return () => {
      if (contact) taken.set(contact.id, row.sourceId);
      return { row, digest, customerId: customer!.id, contactId: contact?.id ?? key?.interaction_id ?? null };
    };
  });
  const values = ({ row, customerId }: Placed) => ({
    ...row.columns,
    customerId,
    dueAt: row.dueAt ?? complaintDueAt(new Date(row.columns.receivedAt), row.columns.severity, complaintDueHours).toISOString(),
  });
  const recorded = (placed: Placed[]) => placed.filter(({ row }) => row.contact !== null);
  const events: DomainEvent[] = [];

  if (sorted.fresh.length > 0) {
    const contactIds = await insertInteractions(manager, recorded(sorted.fresh).map(contactValues));
    recorded(sorted.fresh).forEach((item, i) => (item.contactId = contactIds[i]));
    const ids = sorted.fresh.map(() => randomUUID());
    await insertRows(manager, "complaint", [["id", "id", "uuid"], ["interactionId", "interaction_id", "uuid"], ...COLUMNS],
      sorted.fresh.map((item, i) => ({ ...values(item), id: ids[i], interactionId: item.contactId })));
    await insertSourceKeys(manager, SourceEntityKind.COMPLAINT, sourceSystem, sorted.fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    events.push(...sorted.fresh.map(({ customerId, contactId }, i) => ({
      type: "complaint.filed" as const, data: { customerId, complaintId: ids[i], ...(contactId ? { interactionId: contactId } : {}) },
    })));
    // an imported complaint is worked as a case too, in the state the source gives it (one workflow: the case's)
    const cases = await openComplaintCases(manager, new Date(), ids);
    events.push(...cases.map(({ id, customerId }) => ({ type: "case.opened" as const, data: { customerId, caseId: id } })));
    counts.inserted = sorted.fresh.length;
    counts.customers.push(...sorted.fresh.map(({ customerId }) => customerId));
  }

  if (sorted.changed.length > 0) {
    const ids = sorted.changed.map(({ key }) => key.record_id!);
    const fields = await updateRows(manager, "complaint", COLUMNS, ids, sorted.changed.map(values), "version = t.version + 1, updated_at = now()", COMPARED);
    // a status the source moved the complaint to is told as the workflow would tell it (complaint.escalated, …)
    sorted.changed.forEach(({ row, customerId }, i) => {
      const type = `complaint.${row.columns.status.toLowerCase()}`;
      if (fields.get(ids[i])?.includes("status") && type in EVENT_TYPES) events.push({ type: type as EventType, data: { customerId, complaintId: ids[i] } });
    });
    // the complaint's case follows the status the source moved it to, as the API's investigate and resolve move it
    const writer = { cause, staffId: null };
    for (const [i, { row }] of sorted.changed.entries()) {
      if (!fields.get(ids[i])?.includes("status")) continue;
      const to = CASE_STATUS_OF_COMPLAINT[row.columns.status as ComplaintStatus];
      if (to === CaseStatus.RESOLVED && row.columns.resolution) await followComplaint(manager, writer, ids[i], to, row.columns.resolution);
      else if (to === CaseStatus.IN_PROGRESS) await followComplaint(manager, writer, ids[i], to);
    }
    const contacts = recorded(sorted.changed);
    if (contacts.length > 0) {
      await updateRows(manager, "interaction", INTERACTION_WRITE_COLUMNS, contacts.map(({ contactId }) => contactId!), contacts.map(contactValues), "updated_at = now()");
    }
    counts.updated = sorted.changed.length;
    counts.customers.push(...sorted.changed.map(({ customerId }) => customerId));
  }

  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  await recordEvents(manager, cause, events);
  return counts;
}
