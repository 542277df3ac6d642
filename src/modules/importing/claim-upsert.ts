import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { lockRegister } from "../../db/write-guards";
import { claimNumber, GENERATED_CLAIM_NUMBER, nextClaimSerial } from "../claim/claim-write.service";
import { piiCipherFor } from "../customer/customer-identity.service";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, insertSourceKeys, KEYS_OF_SOURCE_IDS, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import type { ClaimRow } from "./claim-rows";
import { activeStaffByUsername, staffProblem } from "./staff-references";
import type { BatchContext, BatchCounts } from "./import-kind";
import { customerProblem, keyProblem, knownRecords, policiesBySourceId, type KnownRecord, type ReferencedPolicy } from "./source-references";
import { sortBatch, type Sorted } from "./batch-sort";
import { changed as changedEvent, recordEvents } from "../events/outbox";

/** claim columns an import writes, with their array types for UNNEST (description sealed). */
const COLUMNS: WriteColumn[] = [
  ["claimNumber", "claim_number", "varchar"], ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["kind", "kind", "varchar"],
  ["incidentDate", "incident_date", "date"], ["reportedAt", "reported_at", "timestamptz"], ["status", "status", "varchar"],
  ["claimedAmount", "claimed_amount", "bigint"], ["approvedAmount", "approved_amount", "bigint"], ["paidAmount", "paid_amount", "bigint"],
  ["currency", "currency", "varchar"], ["sealedDescription", "description", "text"], ["closedAt", "closed_at", "timestamptz"],
];
/** The claim columns whose change an update names in its `claim.transitioned` event (never the sealed description's value). */
const COMPARED: Record<string, string> = Object.fromEntries(
  COLUMNS.filter(([field]) => !["customerId", "policyId", "sealedDescription"].includes(field)).map(([field, column]) => [column, field]),
);
/** The adjuster: set from the file when it names one, kept when it does not (`keptWhenNull`). */
const ADJUSTER_COLUMN: WriteColumn = ["assignedAdjusterId", "assigned_adjuster_id", "uuid"];
const EVENT_COLUMNS: WriteColumn[] = [
  ["claimId", "claim_id", "uuid"], ["customerId", "customer_id", "uuid"], ["fromStatus", "from_status", "varchar"],
  ["toStatus", "to_status", "varchar"], ["note", "note", "varchar"], ["occurredAt", "occurred_at", "timestamptz"],
];

type KnownClaim = KnownRecord & { claim_number: string | null };
type Item = { row: ClaimRow; digest: string };
type Placed = Item & { policy: ReferencedPolicy; claimNumber: string | null };

/** fileClaim's checks that need the policy: the incident within its period, the amount within its sum insured. */
function policyProblems(row: ClaimRow, policy: ReferencedPolicy, refuse: (field: string, problem: string) => void): void {
  if (row.columns.incidentDate < policy.start_date || row.columns.incidentDate > policy.end_date) refuse("incidentDate", "the incident date lies outside the policy period");
  if (row.columns.claimedAmount > Number(policy.sum_insured)) refuse("claimedAmount", "the amount claimed exceeds the policy's sum insured");
}

/** The claim_event rows of written claims: their history as the file gives it, each step from the one before. */
function eventsOf(written: Placed[], ids: string[]): Record<string, unknown>[] {
  return written.flatMap(({ row, policy }, i) =>
    row.events.map((event, n) => ({ claimId: ids[i], customerId: policy.customer_id, fromStatus: n === 0 ? null : row.events[n - 1].status, toStatus: event.status, note: event.note, occurredAt: event.at })),
  );
}

/**
 * Upserts one batch of valid claim rows keyed on (claim, sourceSystem, sourceId), in the caller's
 * transaction. The claim's policy is the one the same system sent under `policySourceId`; its
 * holder is the claimant (as fileClaim files it). New key → claim (number generated as fileClaim
 * generates it when the file gives none), its events and key inserted; same digest → unchanged;
 * another digest → the claim's columns updated (version + 1) and its events replaced. A claim
 * never changes customer here (refused by column, as policies are); the description is sealed
 * with the import's key exactly as the entity's transformer seals it.
 */
export async function upsertClaims(manager: EntityManager, { sourceSystem, piiKey, cause }: BatchContext, rows: Item[]): Promise<BatchCounts<ClaimRow>> {
  const counts: BatchCounts<ClaimRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  await lockRegister(manager, "claim"); // generated claim numbers, as fileClaim
  const policyOf = new Map((await policiesBySourceId(manager, sourceSystem, rows.map(({ row }) => row.policySourceId))).map((p) => [p.source_id, p]));
  const known = await knownRecords<KnownClaim>(manager, SourceEntityKind.CLAIM, sourceSystem, rows.map(({ row }) => row.sourceId), "r.claim_number");
  const given = rows.map(({ row }) => row.claimNumber).filter((number): number is string => number !== null);
  const taken: { id: string; claim_number: string }[] = await manager.query(`SELECT id, claim_number FROM claim WHERE claim_number = ANY($1::varchar[])`, [given]);
  const numberOwner = new Map(taken.map((claim) => [claim.claim_number, claim.id as string | null]));
  const adjusters = await activeStaffByUsername(manager, rows.map(({ row }) => row.adjuster), "adjuster");

  const sorted: Sorted<Placed, KnownClaim> = sortBatch(rows, known, counts, (item, key, refuse) => {
    const { row } = item;
    const policy = policyOf.get(row.policySourceId);
    if (!policy) refuse("policySourceId", `policySourceId names no policy imported from ${sourceSystem}`);
    else if (policy.erased) refuse("policySourceId", customerProblem(policy, sourceSystem, "policyholder")!);
    else policyProblems(row, policy, refuse);
    const moved = keyProblem(key, policy?.customer_id, "claim", "policySourceId");
    if (moved) refuse(moved.field, moved.problem);
    const owner = row.claimNumber === null ? undefined : numberOwner.get(row.claimNumber);
    if (row.claimNumber !== null && owner !== undefined && owner !== key?.record_id) refuse("claimNumber", "claimNumber belongs to another claim");
    // an unchanged row applies nothing: an adjuster who left since does not refuse it
    if (row.adjuster !== null && !adjusters.has(row.adjuster) && key?.content_digest !== item.digest) refuse("adjuster", staffProblem("adjuster"));
    return () => {
      if (row.claimNumber !== null) numberOwner.set(row.claimNumber, key?.record_id ?? null); // a later row of the batch cannot take it
      return { ...item, policy: policy!, claimNumber: row.claimNumber ?? key?.claim_number ?? null };
    };
  });

  const cipher = piiCipherFor(piiKey);
  const values = ({ row, policy, claimNumber }: Placed) => ({
    ...row.columns,
    claimNumber,
    policyId: policy.id,
    customerId: policy.customer_id,
    currency: row.currency ?? policy.currency,
    sealedDescription: row.columns.description === null ? null : cipher.encrypt(row.columns.description),
    assignedAdjusterId: row.adjuster === null ? null : adjusters.get(row.adjuster)!,
  });

  if (sorted.fresh.length > 0) {
    const pattern = new RegExp(GENERATED_CLAIM_NUMBER);
    let serial = Math.max(await nextClaimSerial(manager), ...given.filter((n) => pattern.test(n)).map((n) => Number(n.slice(6)) + 1));
    for (const item of sorted.fresh) item.claimNumber ??= claimNumber(Number(item.row.columns.reportedAt.slice(0, 4)), serial++);
    const ids = sorted.fresh.map(() => randomUUID());
    await insertRows(manager, "claim", [["id", "id", "uuid"], ...COLUMNS, ADJUSTER_COLUMN], sorted.fresh.map((item, i) => ({ ...values(item), id: ids[i] })));
    await insertRows(manager, "claim_event", EVENT_COLUMNS, eventsOf(sorted.fresh, ids));
    await insertSourceKeys(manager, SourceEntityKind.CLAIM, sourceSystem, sorted.fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    await recordEvents(manager, cause, sorted.fresh.map(({ policy }, i) => ({ type: "claim.filed" as const, data: { customerId: policy.customer_id, claimId: ids[i] } })));
    counts.inserted = sorted.fresh.length;
    counts.customers.push(...sorted.fresh.map(({ policy }) => policy.customer_id));
  }

  if (sorted.changed.length > 0) {
    const ids = sorted.changed.map(({ key }) => key.record_id!);
    const fields = await updateRows(
      manager, "claim", [...COLUMNS, ADJUSTER_COLUMN], ids, sorted.changed.map(values), "version = t.version + 1, updated_at = now()", COMPARED, new Set([ADJUSTER_COLUMN[1]]),
    );
    const moved = sorted.changed.flatMap(({ policy }, i) => ((fields.get(ids[i]) ?? []).length > 0 ? [changedEvent("claim.transitioned", policy.customer_id, fields.get(ids[i])!, { claimId: ids[i] })] : []));
    await recordEvents(manager, cause, moved);
    await manager.query(`DELETE FROM claim_event WHERE claim_id = ANY($1::uuid[])`, [ids]);
    await insertRows(manager, "claim_event", EVENT_COLUMNS, eventsOf(sorted.changed, ids));
    counts.updated = sorted.changed.length;
    counts.customers.push(...sorted.changed.map(({ policy }) => policy.customer_id));
  }

  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  return counts;
}
