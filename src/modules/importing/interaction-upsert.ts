import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, insertSourceKeys, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import { sortBatch } from "./batch-sort";
import type { BatchContext, BatchCounts } from "./import-kind";
import type { InteractionRow } from "./interaction-rows";
import { activeStaffByUsername, staffProblem } from "./staff-references";
import { customerProblem, customersBySourceId, keyProblem, knownRecords } from "./source-references";
import { changed as changedEvent, recordEvents } from "../events/outbox";

/** interaction columns an import writes, with their array types for UNNEST (the complaint contact writer shares them). */
export const INTERACTION_WRITE_COLUMNS: WriteColumn[] = [
  ["customerId", "customer_id", "uuid"], ["kind", "kind", "varchar"], ["direction", "direction", "varchar"], ["channel", "channel", "varchar"],
  ["subject", "subject", "varchar"], ["notes", "notes", "text"], ["occurredAt", "occurred_at", "timestamptz"], ["firstResponseAt", "first_response_at", "timestamptz"],
  ["resolvedAt", "resolved_at", "timestamptz"], ["satisfaction", "satisfaction", "smallint"], ["status", "status", "varchar"],
];
/** The contact columns whose change a correction names in its `interaction.corrected` event (a contact never changes customer here). */
const COMPARED: Record<string, string> = Object.fromEntries(INTERACTION_WRITE_COLUMNS.filter(([field]) => field !== "customerId").map(([field, column]) => [column, field]));

/** New interactions with ids chosen here (the batch's other rows, complaints and keys, refer to them). */
export async function insertInteractions(manager: EntityManager, rows: Record<string, unknown>[], also: WriteColumn[] = []): Promise<string[]> {
  const ids = rows.map(() => randomUUID());
  await insertRows(manager, "interaction", [["id", "id", "uuid"], ...INTERACTION_WRITE_COLUMNS, ...also], rows.map((row, i) => ({ ...row, id: ids[i] })));
  return ids;
}

/** The handler: set from the file when it names one, kept when it does not (`keptWhenNull`). */
const HANDLER_COLUMN: WriteColumn = ["staffId", "staff_id", "uuid"];

type Item = { row: InteractionRow; digest: string };
type Placed = Item & { customerId: string };

/**
 * Upserts one batch of valid interaction rows keyed on (interaction, sourceSystem, sourceId), in
 * the caller's transaction. The customer is the one the same system sent under
 * `customerSourceId` (not erased). New key → interaction and key inserted; same digest →
 * unchanged; another digest → its columns updated. New contacts write `interaction.recorded`,
 * corrected ones `interaction.corrected` naming the fields whose value changed (none when only the
 * file's formatting did). A contact never changes customer here
 * (refused by column, as policies are). The handler is the staff user the file names in `handledBy` (none when it names nobody).
 */
export async function upsertInteractions(manager: EntityManager, { sourceSystem, cause }: BatchContext, rows: Item[]): Promise<BatchCounts<InteractionRow>> {
  const counts: BatchCounts<InteractionRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  const customerOf = await customersBySourceId(manager, sourceSystem, rows.map(({ row }) => row.customerSourceId));
  const known = await knownRecords(manager, SourceEntityKind.INTERACTION, sourceSystem, rows.map(({ row }) => row.sourceId));
  const handlers = await activeStaffByUsername(manager, rows.map(({ row }) => row.handledBy), "handledBy");
  const sorted = sortBatch<InteractionRow, Placed, (typeof known)[number]>(rows, known, counts, (item, key, refuse) => {
    const customer = customerOf.get(item.row.customerSourceId);
    const problem = customerProblem(customer, sourceSystem, "customer");
    if (problem) refuse("customerSourceId", problem);
    const moved = keyProblem(key, customer?.id, "interaction", "customerSourceId");
    if (moved) refuse(moved.field, moved.problem);
    // an unchanged row applies nothing: a handler who left since does not refuse it
    if (item.row.handledBy !== null && !handlers.has(item.row.handledBy) && key?.content_digest !== item.digest) refuse("handledBy", staffProblem("handledBy"));
    return () => ({ ...item, customerId: customer!.id });
  });
  const values = ({ row, customerId }: Placed) => ({ ...row.columns, customerId, staffId: row.handledBy === null ? null : handlers.get(row.handledBy)! });

  if (sorted.fresh.length > 0) {
    const ids = await insertInteractions(manager, sorted.fresh.map(values), [HANDLER_COLUMN]);
    await insertSourceKeys(manager, SourceEntityKind.INTERACTION, sourceSystem, sorted.fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    await recordEvents(manager, cause, sorted.fresh.map(({ customerId }, i) => ({ type: "interaction.recorded" as const, data: { customerId, interactionId: ids[i] } })));
    counts.inserted = sorted.fresh.length;
  }
  if (sorted.changed.length > 0) {
    const ids = sorted.changed.map(({ key }) => key.record_id!);
    const fields = await updateRows(
      manager, "interaction", [...INTERACTION_WRITE_COLUMNS, HANDLER_COLUMN], ids, sorted.changed.map(values), "updated_at = now()", COMPARED, new Set([HANDLER_COLUMN[1]]),
    );
    await recordEvents(manager, cause, sorted.changed.flatMap(({ customerId }, i) => {
      const names = fields.get(ids[i]) ?? [];
      return names.length > 0 ? [changedEvent("interaction.corrected", customerId, names, { interactionId: ids[i] })] : [];
    }));
    counts.updated = sorted.changed.length;
  }
  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  return counts;
}
