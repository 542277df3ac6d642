import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, insertSourceKeys, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import { sortBatch } from "./batch-sort";
import type { BatchContext, BatchCounts } from "./import-kind";
import type { InstalmentRow } from "./instalment-rows";
import { customerProblem, keyProblem, knownRecords, policiesBySourceId, type KnownRecord, type ReferencedPolicy } from "./source-references";

/** premium_instalment columns an import writes, with their array types for UNNEST. */
const COLUMNS: WriteColumn[] = [
  ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["dueDate", "due_date", "date"],
  ["amount", "amount", "bigint"], ["currency", "currency", "varchar"], ["paidAt", "paid_at", "timestamptz"],
];

type KnownInstalment = KnownRecord & { policy_id: string | null };
type Item = { row: InstalmentRow; digest: string };
type Placed = Item & { policy: ReferencedPolicy };

/**
 * Upserts one batch of valid instalment rows keyed on (premium_instalment, sourceSystem, sourceId),
 * in the caller's transaction. The instalment's policy is the one the same system sent under
 * `policySourceId` (its holder not erased), and its due date lies within the policy's period. New
 * key → instalment and key inserted; same digest → unchanged; another digest → its columns
 * updated (a payment recorded, or reversed). An instalment never moves to another policy here
 * (refused by column). No event: the policy's billing status is derived from its instalments at
 * every read, and the job re-assesses its customers' risk (the overdue-premium factor) at its end.
 */
export async function upsertInstalments(manager: EntityManager, { sourceSystem }: BatchContext, rows: Item[]): Promise<BatchCounts<InstalmentRow>> {
  const counts: BatchCounts<InstalmentRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  const policyOf = new Map((await policiesBySourceId(manager, sourceSystem, rows.map(({ row }) => row.policySourceId))).map((p) => [p.source_id, p]));
  const known = await knownRecords<KnownInstalment>(manager, SourceEntityKind.INSTALMENT, sourceSystem, rows.map(({ row }) => row.sourceId), "r.policy_id");
  const sorted = sortBatch<InstalmentRow, Placed, KnownInstalment>(rows, known, counts, (item, key, refuse) => {
    const { row } = item;
    const policy = policyOf.get(row.policySourceId);
    if (!policy) refuse("policySourceId", `policySourceId names no policy imported from ${sourceSystem}`);
    else if (policy.erased) refuse("policySourceId", customerProblem(policy, sourceSystem, "policyholder")!);
    else if (row.columns.dueDate < policy.start_date || row.columns.dueDate > policy.end_date) refuse("dueDate", "the due date lies outside the policy period");
    const moved = keyProblem(key, policy?.customer_id, "instalment", "policySourceId", "policyholder");
    if (moved) refuse(moved.field, moved.problem);
    else if (key?.record_id && policy && key.policy_id !== policy.id) refuse("policySourceId", "the instalment belongs to another policy here; a move is not applied by import");
    return () => ({ ...item, policy: policy! });
  });
  const values = ({ row, policy }: Placed) => ({ ...row.columns, currency: row.columns.currency ?? policy.currency, policyId: policy.id, customerId: policy.customer_id });

  if (sorted.fresh.length > 0) {
    const ids = sorted.fresh.map(() => randomUUID());
    await insertRows(manager, "premium_instalment", [["id", "id", "uuid"], ...COLUMNS], sorted.fresh.map((item, i) => ({ ...values(item), id: ids[i] })));
    await insertSourceKeys(manager, SourceEntityKind.INSTALMENT, sourceSystem, sorted.fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    counts.inserted = sorted.fresh.length;
  }
  if (sorted.changed.length > 0) {
    await updateRows(manager, "premium_instalment", COLUMNS, sorted.changed.map(({ key }) => key.record_id!), sorted.changed.map(values), "");
    counts.updated = sorted.changed.length;
  }
  counts.customers = [...sorted.fresh, ...sorted.changed].map(({ policy }) => policy.customer_id);
  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  return counts;
}
