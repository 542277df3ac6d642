import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { lockRegister } from "../../db/write-guards";
import { SourceEntityKind } from "../source/source-key.entity";
import { insertRows, keysOfSourceIds, staged, stageOf, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";
import type { BatchContext, BatchCounts } from "./import-kind";
import type { PolicyRow } from "./policy-rows";
import { sortBatch } from "./batch-sort";
import { customerProblem, keyProblem, type KnownRecord, type ReferencedCustomer } from "./source-references";
import { stageRows } from "./staging";
import { ParticipantRole } from "../policy/policy-participant.entity";
import { PARTIES_OF_STAGED, partiesOf, replaceParties, stagedParties, type PolicyParties } from "./policy-parties";
import { changed as changedEvent, recordEvents } from "../events/outbox";
import type { DomainEvent } from "../events/event-types";

/** policy columns an import writes besides its number and holder, with their array types for UNNEST. */
const COLUMNS: WriteColumn[] = [
  ["policyNumber", "policy_number", "varchar"], ["customerId", "customer_id", "uuid"], ["productCode", "product_code", "varchar"],
  ["status", "status", "varchar"], ["premium", "premium", "bigint"], ["currency", "currency", "varchar"],
  ["premiumFrequency", "premium_frequency", "varchar"], ["sumInsured", "sum_insured", "bigint"], ["startDate", "start_date", "date"],
  ["endDate", "end_date", "date"], ["renewalDate", "renewal_date", "date"], ["salesChannel", "sales_channel", "varchar"],
];
/** The policy columns whose change an update names in its `policy.changed` event (the holder never changes here). */
const COMPARED: Record<string, string> = Object.fromEntries(COLUMNS.filter(([field]) => field !== "customerId").map(([field, column]) => [column, field]));
const COVER_COLUMNS: WriteColumn[] = [
  ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["kind", "kind", "varchar"],
  ["limitAmount", "limit_amount", "bigint"], ["deductible", "deductible", "bigint"], ["currency", "currency", "varchar"],
];
/**
 * A new policy as staged for the one statement that writes it: its id (chosen here), columns, key
 * (source id, digest), and covers and parties as JSON; the holder's participant row is derived from it.
 */
const NEW_COLUMNS: WriteColumn[] = [
  ["id", "id", "uuid"], ...COLUMNS, ["sourceId", "source_id", "varchar"], ["digest", "content_digest", "varchar"], ["covers", "covers", "jsonb"],
  ["participants", "participants", "jsonb"], ["objects", "objects", "jsonb"],
];
const NEW_STAGE = stageOf("policy_new", NEW_COLUMNS);
const NAMES = COLUMNS.map(([, column]) => `"${column}"`).join(", ");
/**
 * New policies, their covers, holder and other participants, insured objects and source keys from the staged rows, in one
 * statement (a data-modifying CTE: the same on PGlite and PostgreSQL; the foreign keys are checked
 * at its end). $1 the holder's role, $2 the key's kind, $3 the source system.
 */
const INSERT_NEW = `${staged(NEW_STAGE)},
  policies AS (INSERT INTO policy (id, ${NAMES}) SELECT id, ${NAMES} FROM staged),
  covers AS (
    INSERT INTO coverage (policy_id, customer_id, kind, limit_amount, deductible, currency)
    SELECT s.id, s.customer_id, c.kind, c."limitAmount", c.deductible, s.currency
    FROM staged s CROSS JOIN LATERAL jsonb_to_recordset(s.covers) AS c(kind varchar, "limitAmount" bigint, deductible bigint)
  ),
  holders AS (INSERT INTO policy_participant (policy_id, customer_id, role, participant_customer_id) SELECT id, customer_id, $1::varchar, customer_id FROM staged),
${PARTIES_OF_STAGED}
  INSERT INTO source_key (entity_kind, record_id, source_system, source_id, content_digest) SELECT $2::varchar, id, $3::varchar, source_id, content_digest FROM staged`;
/** Numbers this API gives: P, the start year, a serial of 7 or more digits (the seed's form). */
const GENERATED_NUMBER = "^P[0-9]{4}[0-9]{7,}$";

type KnownPolicyKey = KnownRecord & { policy_number: string | null };

type Item = { row: PolicyRow; digest: string };
type Placed = Item & { customerId: string; policyNumber: string | null; parties: PolicyParties };

/**
 * A batch's look-ups in one statement (after the register lock, so the serial is read under it):
 * the holders ($1 customer kind, $2 system, $3 their source ids), the known keys ($4 policy kind,
 * $5 source ids) with their policies, the catalogue's products among $6, the policies holding the
 * numbers $7, and the highest serial of generated numbers (the pattern inline, not a parameter:
 * only then can the planner prove IDX_policy_number_serial's predicate). Each part is a scalar
 * subquery planned on its own, as the separate statements were.
 */
const LOOK_UPS = `SELECT
  (SELECT coalesce(json_agg(json_build_object('source_id', k.source_id, 'id', c.id, 'erased', c.erased_at IS NOT NULL)), '[]')
     FROM ${keysOfSourceIds("$1", "$2", "$3")} JOIN customer c ON c.id = k.record_id) AS holders,
  (SELECT coalesce(json_agg(json_build_object('key_id', k.id, 'source_id', k.source_id, 'content_digest', k.content_digest,
                                              'record_id', p.id, 'customer_id', p.customer_id, 'policy_number', p.policy_number)), '[]')
     FROM ${keysOfSourceIds("$4", "$2", "$5")} LEFT JOIN policy p ON p.id = k.record_id) AS known,
  (SELECT coalesce(json_agg(code), '[]') FROM product WHERE code = ANY($6::varchar[])) AS products,
  (SELECT coalesce(json_agg(json_build_object('id', id, 'policy_number', policy_number)), '[]') FROM policy WHERE policy_number = ANY($7::varchar[])) AS taken,
  (SELECT coalesce(max(substring(policy_number FROM 6)::bigint), 0) FROM policy WHERE policy_number ~ '${GENERATED_NUMBER}') AS serial`;

interface LookUps {
  holders: ReferencedCustomer[];
  known: KnownPolicyKey[];
  products: string[];
  taken: { id: string; policy_number: string }[];
  serial: string | number;
}

/** json from the driver: parsed by pg and PGlite alike; text only if a driver left it so. */
const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

/**
 * Upserts one batch of valid policy rows keyed on (policy, sourceSystem, sourceId), in the caller's
 * transaction. The holder is the customer the same system sent under `customerSourceId`; the
 * product must be in the catalogue. New key → policy, covers and key inserted; same digest →
 * unchanged; another digest → the policy's columns updated and its covers replaced. A policy never
 * changes holder here: its claims and covers carry the holder too (row scope reads that key), so a
 * key whose policy belongs to another customer than the one now named is refused (by column).
 */
export async function upsertPolicies(manager: EntityManager, { sourceSystem, cause, piiKey }: BatchContext, rows: Item[]): Promise<BatchCounts<PolicyRow>> {
  const counts: BatchCounts<PolicyRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  await lockRegister(manager, "policy"); // generated policy numbers
  const given = rows.map(({ row }) => row.policyNumber).filter((number): number is string => number !== null);
  const [found]: LookUps[] = await manager.query(LOOK_UPS, [
    SourceEntityKind.CUSTOMER, sourceSystem, [...new Set(rows.flatMap(({ row }) => [row.customerSourceId, ...row.participants.flatMap((p) => p.customerSourceId ?? [])]))],
    SourceEntityKind.POLICY, rows.map(({ row }) => row.sourceId),
    [...new Set(rows.map(({ row }) => row.columns.productCode))],
    given,
  ]);
  const holderOf = new Map(parsed(found.holders).map((holder) => [holder.source_id, holder]));
  const productCodes = new Set(parsed(found.products));
  const numberOwner = new Map(parsed(found.taken).map((policy) => [policy.policy_number, policy.id as string | null]));

  const { fresh, changed, seen } = sortBatch<PolicyRow, Placed, KnownPolicyKey>(rows, parsed(found.known), counts, (item, key, refuse) => {
    const { row } = item;
    const holder = holderOf.get(row.customerSourceId);
    const holderProblem = customerProblem(holder, sourceSystem, "policyholder");
    if (holderProblem) refuse("customerSourceId", holderProblem);
    if (!productCodes.has(row.columns.productCode)) refuse("productCode", "productCode is not in the product catalogue");
    const moved = keyProblem(key, holder?.id, "policy", "customerSourceId", "policyholder");
    if (moved) refuse(moved.field, moved.problem);
    const owner = row.policyNumber === null ? undefined : numberOwner.get(row.policyNumber);
    if (row.policyNumber !== null && owner !== undefined && owner !== key?.record_id) refuse("policyNumber", "policyNumber belongs to another policy");
    row.participants.forEach((p, i) => {
      const problem = p.customerSourceId === null ? null : customerProblem(holderOf.get(p.customerSourceId), sourceSystem, "participant");
      if (problem) refuse("participants", `participants[${i}].${problem}`);
    });
    return () => {
      if (row.policyNumber !== null) numberOwner.set(row.policyNumber, key?.record_id ?? null); // a later row of the batch cannot take it
      const parties = partiesOf(row, (sourceId) => holderOf.get(sourceId)!.id, piiKey);
      return { ...item, customerId: holder!.id, policyNumber: row.policyNumber ?? key?.policy_number ?? null, parties };
    };
  });

  const values = ({ row, customerId, policyNumber }: Placed) => ({ ...row.columns, customerId, policyNumber });
  const events: DomainEvent[] = [];
  const covers = (written: Placed[], ids: string[]) =>
    written.flatMap(({ row, customerId }, i) => row.coverages.map((cover) => ({ ...cover, policyId: ids[i], customerId, currency: row.columns.currency })));

  if (fresh.length > 0) {
    // the next serial, above those the database and this batch hold
    const pattern = new RegExp(GENERATED_NUMBER);
    let serial = Math.max(Number(found.serial), ...given.filter((number) => pattern.test(number)).map((number) => Number(number.slice(5)))) + 1;
    for (const item of fresh) item.policyNumber ??= `P${item.row.columns.startDate.slice(0, 4)}${String(serial++).padStart(7, "0")}`;
    const staged = fresh.map((item) => ({
      ...values(item), id: randomUUID(), sourceId: item.row.sourceId, digest: item.digest, covers: JSON.stringify(item.row.coverages),
      ...stagedParties(item.parties),
    }));
    await stageRows(manager, NEW_STAGE, NEW_COLUMNS, staged);
    await manager.query(INSERT_NEW, [ParticipantRole.POLICYHOLDER, SourceEntityKind.POLICY, sourceSystem]);
    events.push(...staged.map((policy) => ({ type: "policy.imported" as const, data: { customerId: policy.customerId, policyId: policy.id } })));
    counts.inserted = fresh.length;
    counts.customers.push(...fresh.map((item) => item.customerId));
  }

  if (changed.length > 0) {
    const ids = changed.map(({ key }) => key.record_id!);
    const fields = await updateRows(manager, "policy", COLUMNS, ids, changed.map(values), "updated_at = now()", COMPARED);
    // the covers are replaced; whether they differ is read before they go (one statement)
    const coversBefore: { policy_id: string; covers: string }[] = await manager.query(
      `WITH gone AS (DELETE FROM coverage WHERE policy_id = ANY($1::uuid[]) RETURNING policy_id, kind, limit_amount, deductible)
       SELECT policy_id, string_agg(kind || ':' || limit_amount || ':' || deductible, ',' ORDER BY kind, limit_amount, deductible) AS covers FROM gone GROUP BY policy_id`,
      [ids],
    );
    const before = new Map(coversBefore.map((row) => [row.policy_id, row.covers]));
    await insertRows(manager, "coverage", COVER_COLUMNS, covers(changed, ids));
    // so are the participants besides the policyholder, and the insured objects
    const partiesChanged = await replaceParties(manager, changed.map(({ customerId, parties }, i) => ({ id: ids[i], customerId, parties })));
    changed.forEach(({ row, customerId }, i) => {
      const after = row.coverages.map((c) => `${c.kind}:${c.limitAmount}:${c.deductible}`).sort().join(",");
      const names = [...(fields.get(ids[i]) ?? []), ...((before.get(ids[i]) ?? "") !== after ? ["coverages"] : []), ...partiesChanged.get(ids[i])!];
      if (names.length > 0) events.push(changedEvent("policy.changed", customerId, names, { policyId: ids[i] }));
    });
    counts.updated = changed.length;
    counts.customers.push(...changed.map((item) => item.customerId));
  }

  await touchSourceKeys(manager, changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), seen);
  counts.unchanged = seen.length;
  await recordEvents(manager, cause, events);
  return counts;
}
