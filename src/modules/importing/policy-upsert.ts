import type { EntityManager } from "typeorm";
import { lockRegister } from "../../db/write-guards";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, insertSourceKeys, KEYS_OF_SOURCE_IDS, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import type { BatchContext, BatchCounts } from "./import-kind";
import type { PolicyRow } from "./policy-rows";
import { customerProblem, customersBySourceId } from "./source-references";
import { ParticipantRole } from "../policy/policy-participant.entity";

/** policy columns an import writes besides its number and holder, with their array types for UNNEST. */
const COLUMNS: WriteColumn[] = [
  ["policyNumber", "policy_number", "varchar"], ["customerId", "customer_id", "uuid"], ["productCode", "product_code", "varchar"],
  ["status", "status", "varchar"], ["premium", "premium", "bigint"], ["currency", "currency", "varchar"],
  ["premiumFrequency", "premium_frequency", "varchar"], ["sumInsured", "sum_insured", "bigint"], ["startDate", "start_date", "date"],
  ["endDate", "end_date", "date"], ["renewalDate", "renewal_date", "date"], ["salesChannel", "sales_channel", "varchar"],
];
const COVER_COLUMNS: WriteColumn[] = [
  ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["kind", "kind", "varchar"],
  ["limitAmount", "limit_amount", "bigint"], ["deductible", "deductible", "bigint"], ["currency", "currency", "varchar"],
];
/** The policyholder's participant row of a new policy, as every policy has (the holder is a customer; the relationship to the insured is not in the file). */
const HOLDER_COLUMNS: WriteColumn[] = [
  ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["role", "role", "varchar"], ["participantCustomerId", "participant_customer_id", "uuid"],
];
/** Numbers this API gives: P, the start year, a serial of 7 or more digits (the seed's form). */
const GENERATED_NUMBER = "^P[0-9]{4}[0-9]{7,}$";

interface KnownPolicyKey {
  key_id: string;
  source_id: string;
  content_digest: string | null;
  policy_id: string | null;
  customer_id: string | null;
  policy_number: string | null;
}

type Item = { row: PolicyRow; digest: string };
type Placed = Item & { customerId: string; policyNumber: string | null };

/** The next serial of generated numbers, above those the database and this batch hold. */
async function nextPolicySerial(manager: EntityManager, given: (string | null)[]): Promise<number> {
  const [{ n }]: { n: string }[] = await manager.query(
    // the pattern inline, not a parameter: only then can the planner prove IDX_policy_number_serial's predicate
    `SELECT coalesce(max(substring(policy_number FROM 6)::bigint), 0) AS n FROM policy WHERE policy_number ~ '${GENERATED_NUMBER}'`,
    [],
  );
  const pattern = new RegExp(GENERATED_NUMBER);
  const inBatch = given.filter((number): number is string => number !== null && pattern.test(number)).map((number) => Number(number.slice(5)));
  return Math.max(Number(n), ...inBatch) + 1;
}

/**
 * Upserts one batch of valid policy rows keyed on (policy, sourceSystem, sourceId), in the caller's
 * transaction. The holder is the customer the same system sent under `customerSourceId`; the
 * product must be in the catalogue. New key → policy, covers and key inserted; same digest →
 * unchanged; another digest → the policy's columns updated and its covers replaced. A policy never
 * changes holder here: its claims and covers carry the holder too (row scope reads that key), so a
 * key whose policy belongs to another customer than the one now named is refused (by column).
 */
export async function upsertPolicies(manager: EntityManager, { sourceSystem }: BatchContext, rows: Item[]): Promise<BatchCounts<PolicyRow>> {
  const counts: BatchCounts<PolicyRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [] };
  if (rows.length === 0) return counts;
  await lockRegister(manager, "policy"); // generated policy numbers
  const holderOf = await customersBySourceId(manager, sourceSystem, rows.map(({ row }) => row.customerSourceId));
  const products: { code: string }[] = await manager.query(`SELECT code FROM product WHERE code = ANY($1::varchar[])`, [
    [...new Set(rows.map(({ row }) => row.columns.productCode))],
  ]);
  const productCodes = new Set(products.map((product) => product.code));
  const known: KnownPolicyKey[] = await manager.query(
    `SELECT k.id AS key_id, k.source_id, k.content_digest, p.id AS policy_id, p.customer_id, p.policy_number
     FROM ${KEYS_OF_SOURCE_IDS} LEFT JOIN policy p ON p.id = k.record_id`,
    [SourceEntityKind.POLICY, sourceSystem, rows.map(({ row }) => row.sourceId)],
  );
  const keyOf = new Map(known.map((key) => [key.source_id, key]));
  const given = rows.map(({ row }) => row.policyNumber).filter((number): number is string => number !== null);
  const taken: { id: string; policy_number: string }[] = await manager.query(
    `SELECT id, policy_number FROM policy WHERE policy_number = ANY($1::varchar[])`,
    [given],
  );
  const numberOwner = new Map(taken.map((policy) => [policy.policy_number, policy.id as string | null]));

  const fresh: Placed[] = [];
  const changed: (Placed & { key: KnownPolicyKey })[] = [];
  const seen: string[] = [];
  for (const item of rows) {
    const { row } = item;
    const refusals = counts.refused.length;
    const refuse = (field: string | null, problem: string) => counts.refused.push({ row, field, problem });
    const holder = holderOf.get(row.customerSourceId);
    const key = keyOf.get(row.sourceId);
    const holderProblem = customerProblem(holder, sourceSystem, "policyholder");
    if (holderProblem) refuse("customerSourceId", holderProblem);
    if (!productCodes.has(row.columns.productCode)) refuse("productCode", "productCode is not in the product catalogue");
    if (key && !key.policy_id) refuse(null, "the policy this source id was imported as no longer exists here; the source record is not applied");
    else if (key && holder && key.customer_id !== holder.id) {
      refuse("customerSourceId", "the policy belongs to another policyholder here; a change of policyholder is not applied by import");
    }
    const owner = row.policyNumber === null ? undefined : numberOwner.get(row.policyNumber);
    if (row.policyNumber !== null && owner !== undefined && owner !== key?.policy_id) refuse("policyNumber", "policyNumber belongs to another policy");
    if (counts.refused.length > refusals) continue;
    if (row.policyNumber !== null) numberOwner.set(row.policyNumber, key?.policy_id ?? null); // a later row of the batch cannot take it
    if (key?.content_digest === item.digest) seen.push(key.key_id);
    else if (key) changed.push({ ...item, key, customerId: holder!.id, policyNumber: row.policyNumber ?? key.policy_number });
    else fresh.push({ ...item, customerId: holder!.id, policyNumber: row.policyNumber });
  }

  const values = ({ row, customerId, policyNumber }: Placed) => ({ ...row.columns, customerId, policyNumber });
  const covers = (written: Placed[], ids: string[]) =>
    written.flatMap(({ row, customerId }, i) => row.coverages.map((cover) => ({ ...cover, policyId: ids[i], customerId, currency: row.columns.currency })));

  if (fresh.length > 0) {
    let serial = await nextPolicySerial(manager, given);
    for (const item of fresh) item.policyNumber ??= `P${item.row.columns.startDate.slice(0, 4)}${String(serial++).padStart(7, "0")}`;
    const inserted = await insertRows(manager, "policy", COLUMNS, fresh.map(values), "id, policy_number");
    const idByNumber = new Map(inserted.map((policy) => [policy.policy_number, policy.id]));
    const ids = fresh.map(({ policyNumber }) => idByNumber.get(policyNumber!)!);
    await insertRows(manager, "coverage", COVER_COLUMNS, covers(fresh, ids));
    await insertRows(manager, "policy_participant", HOLDER_COLUMNS, fresh.map(({ customerId }, i) => ({ policyId: ids[i], customerId, role: ParticipantRole.POLICYHOLDER, participantCustomerId: customerId })));
    await insertSourceKeys(manager, SourceEntityKind.POLICY, sourceSystem, fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    counts.inserted = fresh.length;
  }

  if (changed.length > 0) {
    const ids = changed.map(({ key }) => key.policy_id!);
    await updateRows(manager, "policy", COLUMNS, ids, changed.map(values), "updated_at = now()");
    await manager.query(`DELETE FROM coverage WHERE policy_id = ANY($1::uuid[])`, [ids]);
    await insertRows(manager, "coverage", COVER_COLUMNS, covers(changed, ids));
    counts.updated = changed.length;
  }

  await touchSourceKeys(manager, changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), seen);
  counts.unchanged = seen.length;
  return counts;
}
