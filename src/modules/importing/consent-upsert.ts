import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { DomainEvent } from "../events/event-types";
import { recordEvents } from "../events/outbox";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, insertSourceKeys, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import { sortBatch } from "./batch-sort";
import type { ConsentRow } from "./consent-rows";
import type { BatchContext, BatchCounts } from "./import-kind";
import { customerProblem, customersBySourceId, keyProblem, knownRecords } from "./source-references";

/** consent columns an import writes, with their array types for UNNEST (no staff user recorded it: recorded_by stays null). */
const COLUMNS: WriteColumn[] = [
  ["customerId", "customer_id", "uuid"], ["purpose", "purpose", "varchar"], ["granted", "granted", "bool"], ["channel", "channel", "varchar"],
  ["contactChannel", "contact_channel", "varchar"], ["recordedAt", "recorded_at", "timestamptz"],
];

type Item = { row: ConsentRow; digest: string };
type Placed = Item & { customerId: string };

/**
 * Upserts one batch of valid consent decisions keyed on (consent, sourceSystem, sourceId), in the
 * caller's transaction. The decision belongs to the customer the same system sent under
 * `customerSourceId` (not erased). New key → decision and key inserted; same digest → unchanged;
 * another digest → the decision corrected in place. Each new or corrected decision writes
 * `consent.changed`, as setConsent does: which decision is in force is derived at every read (the
 * latest per purpose and channel, a refusal on a linked record winning), so a decision from a file
 * counts exactly as one given through the API. A decision never changes customer here.
 */
export async function upsertConsents(manager: EntityManager, { sourceSystem, cause }: BatchContext, rows: Item[]): Promise<BatchCounts<ConsentRow>> {
  const counts: BatchCounts<ConsentRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  const customerOf = await customersBySourceId(manager, sourceSystem, rows.map(({ row }) => row.customerSourceId));
  const known = await knownRecords(manager, SourceEntityKind.CONSENT, sourceSystem, rows.map(({ row }) => row.sourceId));
  const sorted = sortBatch<ConsentRow, Placed, (typeof known)[number]>(rows, known, counts, (item, key, refuse) => {
    const customer = customerOf.get(item.row.customerSourceId);
    const problem = customerProblem(customer, sourceSystem, "customer");
    if (problem) refuse("customerSourceId", problem);
    const moved = keyProblem(key, customer?.id, "consent decision", "customerSourceId");
    if (moved) refuse(moved.field, moved.problem);
    return () => ({ ...item, customerId: customer!.id });
  });
  const values = ({ row, customerId }: Placed) => ({ ...row.columns, customerId });
  const events: DomainEvent[] = [];
  const changedEvent = ({ row, customerId }: Placed, consentId: string): DomainEvent => ({
    type: "consent.changed", data: { customerId, consentId, purpose: row.columns.purpose, channel: row.columns.contactChannel },
  });

  if (sorted.fresh.length > 0) {
    const ids = sorted.fresh.map(() => randomUUID());
    await insertRows(manager, "consent", [["id", "id", "uuid"], ...COLUMNS], sorted.fresh.map((item, i) => ({ ...values(item), id: ids[i] })));
    await insertSourceKeys(manager, SourceEntityKind.CONSENT, sourceSystem, sorted.fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    events.push(...sorted.fresh.map((item, i) => changedEvent(item, ids[i])));
    counts.inserted = sorted.fresh.length;
  }
  if (sorted.changed.length > 0) {
    const ids = sorted.changed.map(({ key }) => key.record_id!);
    await updateRows(manager, "consent", COLUMNS, ids, sorted.changed.map(values), "");
    events.push(...sorted.changed.map((item, i) => changedEvent(item, ids[i])));
    counts.updated = sorted.changed.length;
  }
  await recordEvents(manager, cause, events);
  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  return counts;
}
