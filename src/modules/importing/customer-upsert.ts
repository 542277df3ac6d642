import type { DataSource, EntityManager } from "typeorm";
import { lockRegister } from "../../db/write-guards";
import { nextCustomerNumber } from "../customer/customer-write.service";
import { piiCipherFor, sealNationalIdWithKey } from "../customer/customer-identity.service";
import { matchRowOf, matchUnwrittenRecords, unwrittenRecordOf, type UnwrittenRecord } from "../identity/record-matching";
import { SourceEntityKind } from "../source/source-key.entity";
import type { CustomerRow } from "./customer-rows";
import { activeStaffByUsername, staffProblem } from "./staff-references";
import { changed as changedEvent, recordEvents } from "../events/outbox";
import type { DomainEvent } from "../events/event-types";
import type { BatchContext, BatchCounts } from "./import-kind";
import { insertRows, insertSourceKeys, KEYS_OF_SOURCE_IDS, touchSourceKeys, updateRows, type WriteColumn } from "./batch-writes";

/**
 * The columns whose change an event names, by the field a consumer reads (the sealed national id
 * differs at every write: its blind index tells a new value).
 */
const COMPARED: Record<string, string> = Object.fromEntries(
  [
    ["kind", "kind"], ["full_name", "fullName"], ["gender", "gender"], ["date_of_birth", "dateOfBirth"], ["id_type", "idType"], ["national_id_hash", "nationalId"],
    ["email", "email"], ["phone", "phone"], ["address", "address"], ["city", "city"], ["region", "region"], ["occupation", "occupation"],
    ["occupation_class", "occupationClass"], ["annual_income", "annualIncome"], ["marital_status", "maritalStatus"], ["dependents", "dependents"],
    ["service_tier", "serviceTier"], ["risk_preference", "riskPreference"], ["preferred_channel", "preferredChannel"],
    ["assigned_agent_id", "assignedAgentId"], // as assignAgent names it
    ["created_at", "createdAt"],
  ],
);

/** customer columns an import writes, with their array types for UNNEST. */
const COLUMNS: WriteColumn[] = [
  ["kind", "kind", "varchar"], ["fullName", "full_name", "varchar"], ["gender", "gender", "varchar"], ["dateOfBirth", "date_of_birth", "date"],
  ["idType", "id_type", "varchar"], ["nationalIdEncrypted", "national_id_encrypted", "text"], ["nationalIdHash", "national_id_hash", "varchar"],
  ["email", "email", "varchar"], ["phone", "phone", "varchar"], ["address", "address", "varchar"], ["city", "city", "varchar"],
  ["region", "region", "varchar"], ["occupation", "occupation", "varchar"], ["occupationClass", "occupation_class", "smallint"],
  ["annualIncome", "annual_income", "bigint"], ["maritalStatus", "marital_status", "varchar"], ["dependents", "dependents", "smallint"],
  ["serviceTier", "service_tier", "varchar"], ["riskPreference", "risk_preference", "varchar"], ["preferredChannel", "preferred_channel", "varchar"],
];

/** The servicing agent and the customer's start: set from the file when it gives them, kept when it does not (`keptWhenNull`). */
const KEPT_COLUMNS: WriteColumn[] = [["assignedAgentId", "assigned_agent_id", "uuid"], ["createdAt", "created_at", "timestamptz"]];

interface KnownKey {
  key_id: string;
  record_id: string;
  source_id: string;
  content_digest: string | null;
  erased: boolean;
}

/** A new or changed row's writes worked out ahead: its sealed national id and its record for matching. */
interface PreparedCustomer {
  sealed: { nationalIdEncrypted: string | null; nationalIdHash: string | null };
  matching: UnwrittenRecord;
}

/** Prepared rows by source id (prepareCustomers); a row without an entry is prepared in the transaction. */
export type PreparedCustomers = Map<string, PreparedCustomer>;

function prepareCustomer(piiKey: string, row: CustomerRow): PreparedCustomer {
  const sealed = row.nationalId ? sealNationalIdWithKey(piiKey, row.nationalId) : { nationalIdEncrypted: null, nationalIdHash: null };
  // the columns are stored as they are: matching reads back what they hold
  return { sealed, matching: unwrittenRecordOf(piiCipherFor(piiKey), matchRowOf({ ...row.columns, ...sealed })) };
}

/**
 * Before the batch's transaction: the rows its source keys do not show unchanged (new, changed, or
 * unknown yet) sealed and keyed for matching, the committing batch's statements going on between
 * rows. An unchanged re-import costs one look-up, not a seal and eleven keyed digests per row.
 */
export async function prepareCustomers(
  db: DataSource,
  { sourceSystem, piiKey }: BatchContext,
  rows: { row: CustomerRow; digest: string }[],
  afterRow: () => Promise<void>,
): Promise<PreparedCustomers> {
  const prepared: PreparedCustomers = new Map();
  if (rows.length === 0) return prepared;
  const stored: { source_id: string; content_digest: string | null }[] = await db.query(
    `SELECT k.source_id, k.content_digest FROM ${KEYS_OF_SOURCE_IDS}`,
    [SourceEntityKind.CUSTOMER, sourceSystem, rows.map(({ row }) => row.sourceId)],
  );
  const digestOf = new Map(stored.map((key) => [key.source_id, key.content_digest]));
  for (const { row, digest } of rows) {
    if (digestOf.get(row.sourceId) === digest) continue;
    prepared.set(row.sourceId, prepareCustomer(piiKey, row)); // ~0.15 ms: a seal and eleven keyed digests
    await afterRow();
  }
  return prepared;
}

/**
 * Upserts one batch of valid rows keyed on (customer, sourceSystem, sourceId), in the caller's
 * transaction: new keys → customer + key inserted; a known key with the same digest → unchanged
 * (only its last-seen time moves); another digest → the customer is updated (version + 1). National
 * ids are sealed and blind-indexed as the API does, and the written customers matched (identity
 * resolution) in one pass per batch, as the API matches one.
 * A source id appears at most once per batch (the caller cuts batches so).
 */
export async function upsertCustomers(
  manager: EntityManager,
  { sourceSystem, piiKey, cause }: BatchContext,
  rows: { row: CustomerRow; digest: string }[],
  prepared: PreparedCustomers = new Map(),
): Promise<BatchCounts<CustomerRow>> {
  const counts: BatchCounts<CustomerRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  await lockRegister(manager, "customer"); // customer numbers and national ids, as createCustomer
  const known: KnownKey[] = await manager.query(
    `SELECT k.id AS key_id, k.record_id, k.source_id, k.content_digest, c.erased_at IS NOT NULL AS erased
     FROM ${KEYS_OF_SOURCE_IDS} JOIN customer c ON c.id = k.record_id`,
    [SourceEntityKind.CUSTOMER, sourceSystem, rows.map(({ row }) => row.sourceId)],
  );
  const bySourceId = new Map(known.map((key) => [key.source_id, key]));
  const agents = await activeStaffByUsername(manager, rows.map(({ row }) => row.agent), "agent");
  const fresh: typeof rows = [];
  const changed: { key: KnownKey; row: CustomerRow; digest: string }[] = [];
  const seen: string[] = [];
  // a row naming no active agent is refused, unless it is unchanged (nothing of it would be applied)
  const namesNoAgent = (row: CustomerRow) => row.agent !== null && !agents.has(row.agent);
  const refuse = (row: CustomerRow, field: string | null, problem: string) => counts.refused.push({ row, field, problem });
  for (const item of rows) {
    const key = bySourceId.get(item.row.sourceId);
    if (!key && namesNoAgent(item.row)) refuse(item.row, "agent", staffProblem("agent"));
    else if (!key) fresh.push(item);
    else if (key.erased) refuse(item.row, null, "the customer was erased on request; the source record is not applied");
    else if (key.content_digest === item.digest) seen.push(key.key_id);
    else if (namesNoAgent(item.row)) refuse(item.row, "agent", staffProblem("agent"));
    else changed.push({ key, ...item });
  }
  const preparedOf = (row: CustomerRow) => {
    let ahead = prepared.get(row.sourceId);
    if (!ahead) prepared.set(row.sourceId, (ahead = prepareCustomer(piiKey, row)));
    return ahead;
  };
  const sealed = (row: CustomerRow) => ({
    ...row.columns, ...preparedOf(row).sealed, assignedAgentId: row.agent === null ? null : agents.get(row.agent)!,
    createdAt: row.customerSince === null ? null : `${row.customerSince}T00:00:00Z`,
  });
  const written: string[] = [];
  const matched: { id: string; prepared: UnwrittenRecord }[] = [];
  const created = new Set<string>();
  const events: DomainEvent[] = [];

  if (fresh.length > 0) {
    const first = Number((await nextCustomerNumber(manager)).slice(1));
    const numbers = fresh.map((_, i) => `C${String(first + i).padStart(8, "0")}`);
    const recorded = new Date().toISOString(); // a new customer without customerSince is recorded now
    const values = fresh.map(({ row }) => {
      const value = sealed(row);
      return { ...value, createdAt: value.createdAt ?? recorded };
    });
    const inserted = await insertRows(manager, "customer", [["customerNumber", "customer_number", "varchar"], ...COLUMNS, ...KEPT_COLUMNS], values.map((value, i) => ({ ...value, customerNumber: numbers[i] })), "id, customer_number");
    const idByNumber = new Map(inserted.map((row) => [row.customer_number, row.id]));
    const ids = numbers.map((number) => idByNumber.get(number)!);
    await insertSourceKeys(manager, SourceEntityKind.CUSTOMER, sourceSystem, fresh.map(({ row, digest }, i) => ({ recordId: ids[i], sourceId: row.sourceId, digest })));
    written.push(...ids);
    fresh.forEach(({ row }, i) => matched.push({ id: ids[i], prepared: preparedOf(row).matching }));
    for (const id of ids) created.add(id);
    events.push(...ids.map((id) => ({ type: "customer.created" as const, data: { customerId: id } })));
    counts.inserted = fresh.length;
  }

  if (changed.length > 0) {
    const values = changed.map(({ row }) => sealed(row));
    const fields = await updateRows(
      manager, "customer", [...COLUMNS, ...KEPT_COLUMNS], changed.map(({ key }) => key.record_id), values, "version = t.version + 1, updated_at = now()", COMPARED,
      new Set(KEPT_COLUMNS.map(([, column]) => column)),
    );
    written.push(...changed.map(({ key }) => key.record_id));
    for (const { key, row } of changed) matched.push({ id: key.record_id, prepared: preparedOf(row).matching });
    events.push(...changed.map(({ key }) => changedEvent("customer.updated", key.record_id, fields.get(key.record_id) ?? [])));
    counts.updated = changed.length;
  }

  await touchSourceKeys(manager, changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), seen);
  counts.unchanged = seen.length;

  // a changed digest may still change no field (a column the import does not keep): no event then
  await recordEvents(manager, cause, events.filter((event) => event.type === "customer.created" || (event.data.changedFields ?? []).length > 0));
  await matchUnwrittenRecords(manager, piiCipherFor(piiKey), matched, cause, created);
  counts.customers = written;
  return counts;
}
