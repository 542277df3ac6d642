import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { SourceEntityKind } from "../source/source-key.entity";
import { changed as changedEvent, recordEvents } from "../events/outbox";
import { STORED_SLA_COLUMNS, breachColumns, slaCalendar } from "../service-desk/case-sla";
import type { SlaPause } from "../service-desk/sla-clock";
import { pausesColumn } from "../service-desk/service-case.entity";
import { insertRows, insertSourceKeys, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import { sortBatch } from "./batch-sort";
import type { CaseRow } from "./case-rows";
import { contactsBySourceId } from "./complaint-upsert";
import type { BatchContext, BatchCounts } from "./import-kind";
import { customerProblem, customersBySourceId, keyProblem, knownRecords } from "./source-references";

/** service_case columns an import writes besides its id, with their array types for UNNEST. */
const CASE_WRITE_COLUMNS: WriteColumn[] = [
  ["customerId", "customer_id", "uuid"], ["originInteractionId", "origin_interaction_id", "uuid"], ["channel", "channel", "varchar"],
  ["priority", "priority", "varchar"], ["queue", "queue", "varchar"], ["subject", "subject", "varchar"], ["notes", "notes", "text"],
  ["status", "status", "varchar"], ["openedAt", "opened_at", "timestamptz"], ["firstRespondedAt", "first_responded_at", "timestamptz"],
  ["resolvedAt", "resolved_at", "timestamptz"], ["closedAt", "closed_at", "timestamptz"], ["resolution", "resolution", "text"], ["pauses", "pauses", "jsonb"],
  ["firstResponseBreachAt", "first_response_breach_at", "timestamptz"], ["resolutionBreachAt", "resolution_breach_at", "timestamptz"],
  ["firstResponseBreached", "first_response_breached", "boolean"], ["resolutionBreached", "resolution_breached", "boolean"],
];
/** The columns a correction names in its `case.corrected` event: what the source sends (the stored SLA facts follow from them). */
const COMPARED: Record<string, string> = Object.fromEntries(
  CASE_WRITE_COLUMNS.filter(([field]) => field !== "customerId" && !(STORED_SLA_COLUMNS as string[]).includes(field)).map(([field, column]) => [column, field]),
);

type Item = { row: CaseRow; digest: string };
type Placed = Item & { customerId: string; originInteractionId: string | null };

/** The row's pauses: the wait it is in, if any (the source keeps no history of earlier waits: they count as worked time). */
function pausesOf(row: CaseRow): SlaPause[] {
  return row.columns.waitingSince ? [{ from: new Date(row.columns.waitingSince), to: null }] : [];
}

/**
 * Upserts one batch of valid case rows keyed on (case, sourceSystem, sourceId), in the caller's
 * transaction: a service request of another system (a ticketing tool) in its current state. The
 * customer is the one the same system sent under `customerSourceId` (not erased); the origin
 * contact, if named, an interaction of that customer imported from the same system. Its SLA
 * deadlines and verdicts are computed by the clock, as the services store them. New key → case
 * (version 1), key and `case.opened`; same digest → unchanged; another digest → the source's
 * columns (version + 1) and `case.corrected` naming the fields that changed. A case never changes
 * customer here. An imported case is then worked in the API like any other.
 */
export async function upsertCases(manager: EntityManager, { sourceSystem, cause }: BatchContext, rows: Item[]): Promise<BatchCounts<CaseRow>> {
  const counts: BatchCounts<CaseRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  const customerOf = await customersBySourceId(manager, sourceSystem, rows.map(({ row }) => row.customerSourceId));
  const named = rows.map(({ row }) => row.interactionSourceId).filter((id): id is string => id !== null);
  const contactOf = new Map((await contactsBySourceId(manager, sourceSystem, named)).map((contact) => [contact.source_id, contact]));
  const known = await knownRecords(manager, SourceEntityKind.CASE, sourceSystem, rows.map(({ row }) => row.sourceId));
  const sorted = sortBatch<CaseRow, Placed, (typeof known)[number]>(rows, known, counts, (item, key, refuse) => {
    const customer = customerOf.get(item.row.customerSourceId);
    const problem = customerProblem(customer, sourceSystem, "customer");
    if (problem) refuse("customerSourceId", problem);
    const moved = keyProblem(key, customer?.id, "case", "customerSourceId");
    if (moved) refuse(moved.field, moved.problem);
    const contact = item.row.interactionSourceId === null ? undefined : contactOf.get(item.row.interactionSourceId);
    if (item.row.interactionSourceId !== null && !contact) refuse("interactionSourceId", `interactionSourceId names no interaction imported from ${sourceSystem}`);
    else if (contact && customer && contact.customer_id !== customer.id) refuse("interactionSourceId", "the interaction belongs to another customer");
    return () => ({ ...item, customerId: customer!.id, originInteractionId: contact?.id ?? null });
  });
  const calendar = await slaCalendar(manager);
  const now = new Date();
  const values = ({ row, customerId, originInteractionId }: Placed) => {
    const c = row.columns;
    const facts = {
      channel: c.channel, priority: c.priority, openedAt: new Date(c.openedAt), pauses: pausesOf(row),
      firstRespondedAt: c.firstRespondedAt ? new Date(c.firstRespondedAt) : null, resolvedAt: c.resolvedAt ? new Date(c.resolvedAt) : null,
    };
    const { waitingSince: _waiting, ...stored } = c;
    return {
      ...stored, customerId, originInteractionId,
      pauses: JSON.stringify(pausesColumn.to(facts.pauses)),
      ...breachColumns(facts, calendar, now),
    };
  };

  if (sorted.fresh.length > 0) {
    const ids = sorted.fresh.map(() => randomUUID());
    await insertRows(manager, "service_case", [["id", "id", "uuid"], ...CASE_WRITE_COLUMNS], sorted.fresh.map((item, i) => ({ ...values(item), id: ids[i] })));
    await insertSourceKeys(manager, SourceEntityKind.CASE, sourceSystem, sorted.fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    await recordEvents(manager, cause, sorted.fresh.map(({ customerId }, i) => ({ type: "case.opened" as const, data: { customerId, caseId: ids[i] } })));
    counts.inserted = sorted.fresh.length;
  }
  if (sorted.changed.length > 0) {
    const ids = sorted.changed.map(({ key }) => key.record_id!);
    const fields = await updateRows(manager, "service_case", CASE_WRITE_COLUMNS, ids, sorted.changed.map(values), "version = t.version + 1, updated_at = now()", COMPARED);
    await recordEvents(manager, cause, sorted.changed.flatMap(({ customerId }, i) => {
      const names = fields.get(ids[i]) ?? [];
      return names.length > 0 ? [changedEvent("case.corrected", customerId, names, { caseId: ids[i] })] : [];
    }));
    counts.updated = sorted.changed.length;
  }
  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  return counts;
}
