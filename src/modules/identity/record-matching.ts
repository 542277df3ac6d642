import type { DataSource, EntityManager } from "typeorm";
import type { PiiCipher } from "../../shared/pii-crypto";
import { CustomerKind } from "../customer/customer.enums";
import { DuplicateReason, DuplicateStatus } from "./duplicate-candidate.entity";
import { linkPairs } from "./person-links";
import { PLANNED_PER_EXECUTION } from "../../db/prepared-statements";
import { loadRows } from "../../db/load-rows";
import type { WriteColumn } from "../../db/write-columns";
import type { EventCause } from "../events/outbox";
import { preparedBlockingKeys } from "./matching/blocking-keys";
import { FREQUENCY_CODES, FREQUENCY_KINDS, KEY_KIND_CODES, type StoredKeyKind } from "./matching/key-kinds";
import { DEFAULT_MATCH_MODEL } from "./matching/default-model";
import { classify, type MatchModel } from "./matching/match-model";
import { prepareRecord, type PrepareCache, type PreparedRecord } from "./matching/prepared-record";
import { scorePrepared, type PairScore } from "./matching/score-pair";
import type { TermFrequencies } from "./matching/term-frequencies";

/**
 * How a statement over many written records is planned: with its values, every time. Prepared,
 * PostgreSQL keeps a generic plan made after five executions; in an import those were the first
 * batches, when the key, pair and person tables were nearly empty, and the plan stayed: in a
 * second source's import of 5,000 twins the candidate statement took 5.3 s a batch of 1,000
 * (nested loops over tables that had grown) against 0.12 s planned with its values. Planning
 * costs ~1–2 ms, nothing against a batch; a single write keeps its prepared plan.
 */
const plannedFor = (records: number) => (records > 1 ? ` ${PLANNED_PER_EXECUTION}` : "");

/**
 * A key shared by more customers than this blocks nothing (a call centre's phone, a company
 * e-mail): its records would all be compared with each other at every write.
 */
export const MAX_RECORDS_PER_KEY = 50;

export interface MatchRow {
  id: string;
  kind: string;
  full_name: string | null;
  date_of_birth: string | null;
  national_id_hash: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  gender: string | null;
}

export interface StoredKey {
  /** KEY_KIND_CODES of the key's kind. */
  kind: number;
  /** PiiCipher.matchKey: a signed 64-bit integer in decimal. */
  digest: string;
  customerId: string;
}

function storedKey(cipher: PiiCipher, kind: StoredKeyKind, value: string, customerId: string): StoredKey {
  return { kind: KEY_KIND_CODES[kind], digest: cipher.matchKey(kind, value), customerId };
}

/** A prepared record and the customer kind it belongs to (only records of one kind are compared). */
export type KindedRecord = PreparedRecord & { customerKind: string };

/**
 * The customer fields matching reads: each MatchRow column and the customer property that holds
 * it. The statements that read records back and the records an import prepares before writing
 * them (`matchRowOf`) are both made from it.
 */
const MATCH_FIELDS = {
  kind: "kind", full_name: "fullName", date_of_birth: "dateOfBirth", national_id_hash: "nationalIdHash",
  phone: "phone", email: "email", address: "address", city: "city", gender: "gender",
} as const satisfies Record<Exclude<keyof MatchRow, "id">, string>;

/** The customer columns matching reads, as MatchRow names them (a date as its YYYY-MM-DD text). */
export const MATCH_ROW_COLUMNS = ["id", ...Object.keys(MATCH_FIELDS).map((column) => (column === "date_of_birth" ? "date_of_birth::text AS date_of_birth" : column))].join(", ");

/** A customer's match row from its property values as they are to be stored (text columns, a date as YYYY-MM-DD). */
export function matchRowOf(values: Record<string, unknown>): Omit<MatchRow, "id"> {
  const row: Record<string, unknown> = {};
  for (const [column, property] of Object.entries(MATCH_FIELDS)) row[column] = values[property] ?? null;
  return row as Omit<MatchRow, "id">;
}

export function kindedRecordOf(row: MatchRow, cache?: PrepareCache): KindedRecord {
  const record = prepareRecord({
    id: row.id, fullName: row.full_name, dateOfBirth: row.date_of_birth, nationalIdHash: row.national_id_hash,
    phone: row.phone, email: row.email, address: row.address, city: row.city, gender: row.gender,
  }, cache);
  // one literal of all the fields: a property added later would live outside the object
  return { ...record, customerKind: cache ? cache.intern(row.kind) : row.kind };
}

async function matchRecordsOf(db: DataSource | EntityManager, ids: string[]): Promise<KindedRecord[]> {
  if (ids.length === 0) return [];
  const rows: MatchRow[] = await db.query(`SELECT ${MATCH_ROW_COLUMNS} FROM customer WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`, [ids]);
  return rows.map((row) => kindedRecordOf(row));
}

/** What counts how common a record's name and birth date are: the values the scoring asks the frequency of. */
function frequencyValuesOf(record: PreparedRecord): [StoredKeyKind, string][] {
  const values: [StoredKeyKind, string][] = [];
  if (record.name) values.push([FREQUENCY_KINDS.name, record.name.sorted]);
  if (record.dateOfBirth) values.push([FREQUENCY_KINDS.dateOfBirth, record.dateOfBirth]);
  return values;
}

/** The keys that count how common a record's name and birth date are (keyed digests). */
function frequencyKeysOf(cipher: PiiCipher, record: PreparedRecord): StoredKey[] {
  return frequencyValuesOf(record).map(([kind, value]) => storedKey(cipher, kind, value, record.id));
}

/** The stored keys of a record: its blocking keys and its frequency keys, each a keyed digest. */
export function storedKeysOf(cipher: PiiCipher, record: PreparedRecord): StoredKey[] {
  const keys: StoredKey[] = preparedBlockingKeys(record).map(({ kind, value }) => storedKey(cipher, kind, value, record.id));
  return keys.concat(frequencyKeysOf(cipher, record));
}

/** Each distinct stored key of these records once. */
function distinctKeys(cipher: PiiCipher, records: PreparedRecord[]): StoredKey[] {
  const unique = new Map<string, StoredKey>();
  for (const key of records.flatMap((record) => storedKeysOf(cipher, record))) unique.set(`${key.kind}:${key.digest}:${key.customerId}`, key);
  return [...unique.values()];
}

const KEY_COLUMNS: WriteColumn[] = [["kind", "kind", "int2"], ["digest", "digest", "int8"], ["customerId", "customer_id", "uuid"]];
const keyArrays = (keys: StoredKey[]) => [keys.map((k) => k.kind), keys.map((k) => k.digest), keys.map((k) => k.customerId)];

/**
 * Replaces the stored keys of these customers (an erased or missing customer keeps none), writing
 * only the difference: a re-match of an unchanged record, and an update of a field no key reads,
 * write nothing. One statement. The DELETE and the INSERT touch disjoint rows (keys no longer
 * wanted, keys not yet stored), so the INSERT needs no conflict handling (speculative insertion
 * costs) and sees the table as it was before the statement. Customers in `created` were inserted
 * in this transaction and hold no keys yet: theirs are inserted as they are, without the difference.
 */
export async function storeMatchKeys(manager: EntityManager, ids: string[], wanted: readonly StoredKey[], created: ReadonlySet<string> = new Set()): Promise<void> {
  const fresh: StoredKey[] = [];
  const keys: StoredKey[] = [];
  for (const key of wanted) (created.has(key.customerId) ? fresh : keys).push(key);
  if (fresh.length > 0 && created.size > 1) {
    // a batch's keys as COPY text (PostgreSQL): 11,000 keys as three array parameters cost ~50 ms of parsing before the insert began;
    // one written record keeps its prepared INSERT (a COPY is no cheaper for eleven rows and bypasses the statement tally)
    await loadRows(manager, "customer_match_key", KEY_COLUMNS, fresh);
  } else if (fresh.length > 0) {
    await manager.query(`INSERT INTO customer_match_key (kind, digest, customer_id) SELECT * FROM unnest($1::int2[], $2::int8[], $3::uuid[])`, keyArrays(fresh));
  }
  const known = ids.filter((id) => !created.has(id));
  if (known.length === 0) return;
  await manager.query(
    `WITH wanted AS (SELECT * FROM unnest($1::int2[], $2::int8[], $3::uuid[]) AS w(kind, digest, customer_id)),
          gone AS (DELETE FROM customer_match_key k WHERE k.customer_id = ANY($4::uuid[])
                     AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.kind = k.kind AND w.digest = k.digest AND w.customer_id = k.customer_id))
     INSERT INTO customer_match_key (kind, digest, customer_id)
     SELECT w.kind, w.digest, w.customer_id FROM wanted w
      WHERE NOT EXISTS (SELECT 1 FROM customer_match_key k WHERE k.kind = w.kind AND k.digest = w.digest AND k.customer_id = w.customer_id)${plannedFor(known.length)}`,
    [...keyArrays(keys), known],
  );
}

/**
 * Pairs (written, other) that share a blocking key of the written record, leaving out keys
 * shared by too many, pairs already reviewed or proposed in either direction, and records
 * already linked into one person. One statement for the whole batch.
 */
async function candidatePairs(manager: EntityManager, ids: string[]): Promise<{ written: string; other: string }[]> {
  return manager.query(
    `SELECT DISTINCT w.customer_id AS written, o.id AS other
       FROM customer_match_key w
       CROSS JOIN LATERAL (
         SELECT ids FROM (SELECT array_agg(k.customer_id) AS ids FROM (
           SELECT k.customer_id FROM customer_match_key k
            WHERE k.kind = w.kind AND k.digest = w.digest AND k.customer_id <> w.customer_id
            LIMIT ${MAX_RECORDS_PER_KEY + 1}) k) shared
          WHERE cardinality(ids) <= ${MAX_RECORDS_PER_KEY}) s
       CROSS JOIN LATERAL unnest(s.ids) AS o(id)
      WHERE w.customer_id = ANY($1::uuid[]) AND w.kind <> ALL($2::int2[])
        AND NOT (o.id = ANY($1::uuid[]) AND o.id > w.customer_id)
        AND NOT EXISTS (SELECT 1 FROM duplicate_candidate d
                         WHERE (d.customer_id = w.customer_id AND d.candidate_customer_id = o.id)
                            OR (d.customer_id = o.id AND d.candidate_customer_id = w.customer_id))
        AND NOT EXISTS (SELECT 1 FROM person_link a JOIN person_link b ON b.person_id = a.person_id
                         WHERE a.customer_id = w.customer_id AND b.customer_id = o.id)${plannedFor(ids.length)}`,
    [ids, FREQUENCY_CODES],
  );
}

/**
 * How many customers a name's or birth date's share is of: the planner's count, or a bounded count
 * of a small table. The count runs only when the planner believes in fewer than 10,000 (a CASE
 * branch's sub-select is evaluated when taken): counting 10,000 rows on every match cost 1.5–4 ms
 * of a near-duplicate's ~13 ms at 1,000,000 customers, to be discarded by the larger planner's count.
 */
export const CUSTOMER_TOTAL = `(SELECT CASE WHEN r.n >= 10000 THEN r.n
    ELSE greatest(r.n, (SELECT count(*) FROM (SELECT 1 FROM customer LIMIT 10000) c), 1) END
  FROM (SELECT coalesce((SELECT reltuples::bigint FROM pg_class WHERE relname = 'customer'), 0) AS n) r)`;

/**
 * How common the written records' names and birth dates are: each distinct frequency key counted
 * through the key table's index, and the number of customers, in one statement.
 */
async function storedFrequencies(manager: EntityManager, cipher: PiiCipher, records: PreparedRecord[]): Promise<TermFrequencies> {
  // each distinct name and birth date keyed once: the scoring asks again for every pair of a record
  const keyOf = new Map<string, StoredKey>();
  const keyed = (kind: StoredKeyKind, value: string) => {
    const at = `${kind}\u0000${value}`;
    let key = keyOf.get(at);
    if (!key) keyOf.set(at, (key = storedKey(cipher, kind, value, "")));
    return key;
  };
  for (const record of records) for (const [kind, value] of frequencyValuesOf(record)) keyed(kind, value);
  const wanted = [...keyOf.values()];
  const rows: { kind: number | null; digest: string | null; n: string; total: string }[] = await manager.query(
    `WITH t AS (SELECT ${CUSTOMER_TOTAL} AS total)
     SELECT w.kind, w.digest, (SELECT count(*) FROM customer_match_key k WHERE k.kind = w.kind AND k.digest = w.digest) AS n, t.total
       FROM t LEFT JOIN unnest($1::int2[], $2::int8[]) AS w(kind, digest) ON TRUE${plannedFor(records.length)}`,
    [wanted.map((k) => k.kind), wanted.map((k) => k.digest)],
  );
  const total = Number(rows[0].total);
  const countOf = new Map(rows.map((row) => [`${row.kind}:${row.digest}`, Number(row.n)]));
  const share = (kind: StoredKeyKind, value: string) => {
    const key = keyed(kind, value);
    return Math.max(countOf.get(`${key.kind}:${key.digest}`) ?? 0, 1) / total;
  };
  return {
    nameFrequency: (name) => share(FREQUENCY_KINDS.name, name),
    dateOfBirthFrequency: (dateOfBirth) => share(FREQUENCY_KINDS.dateOfBirth, dateOfBirth),
  };
}

export interface ScoredPair {
  written: KindedRecord;
  other: KindedRecord;
  score: PairScore;
  reason: DuplicateReason;
  status: DuplicateStatus;
}

function explanation(score: PairScore) {
  return score.comparisons.map(({ comparison, level, weight }) => ({ comparison: comparison.toUpperCase(), level, weight: Math.round(weight * 1000) / 1000 }));
}

async function recordPairs(manager: EntityManager, pairs: ScoredPair[]): Promise<{ id: string; customer_id: string; candidate_customer_id: string }[]> {
  if (pairs.length === 0) return [];
  return manager.query(
    `INSERT INTO duplicate_candidate (customer_id, candidate_customer_id, reason, status, score, match_weight, match_explanation, decided_at)
     SELECT w, o, r, s, p, mw, e::jsonb, CASE WHEN s = 'OPEN' THEN NULL ELSE now() END
       FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::float8[], $6::float8[], $7::text[]) AS t(w, o, r, s, p, mw, e)
     ON CONFLICT DO NOTHING
     RETURNING id, customer_id, candidate_customer_id`,
    [
      pairs.map((p) => p.written.id), pairs.map((p) => p.other.id), pairs.map((p) => p.reason), pairs.map((p) => p.status),
      pairs.map((p) => p.score.probability), pairs.map((p) => p.score.weight), pairs.map((p) => JSON.stringify(explanation(p.score))),
    ],
  );
}

/**
 * What a candidate pair becomes, or null when nothing is recorded. Records of different kinds are
 * compared only when they share an id (#9: always reviewed); two enterprises or groups with
 * different registration numbers are two; a person may hold a passport and a resident id, or an id
 * was mistyped, so different ids are linked by a reviewer only.
 */
export function judgePair(a: KindedRecord, b: KindedRecord, model: MatchModel, frequencies: TermFrequencies): ScoredPair | null {
  const bothIds = a.nationalIdHash !== null && b.nationalIdHash !== null;
  const sameNationalId = bothIds && a.nationalIdHash === b.nationalIdHash;
  const sameKind = a.customerKind === b.customerKind;
  if (!sameKind && !sameNationalId) return null;
  if (bothIds && !sameNationalId && a.customerKind !== CustomerKind.INDIVIDUAL) return null;
  const score = scorePrepared(a, b, model, frequencies);
  let decision = classify(score.weight, model.thresholds);
  if (decision === "LINK" && ((bothIds && !sameNationalId) || !sameKind)) decision = "REVIEW";
  if (decision === "NONE" && !sameNationalId) return null;
  return {
    written: a, other: b, score,
    reason: sameNationalId ? DuplicateReason.NATIONAL_ID : DuplicateReason.SCORED_MATCH,
    status: decision === "LINK" ? DuplicateStatus.CONFIRMED : DuplicateStatus.OPEN,
  };
}

/** Automatic matching outside a request (the re-cluster job, imports without a caller): no actor. */
export const MATCHING_JOB: EventCause = { actorId: null, requestId: null };

/**
 * Matches customers just written (created, changed or imported) against every other customer,
 * in the writer's transaction: their keys are stored, candidates found by shared keys, each pair
 * scored; above the link threshold the records are linked into one person, between the two
 * thresholds the pair waits for review. A pair with the same national id always waits for review
 * at least. The write's answer is the same whether or not anything matched. `created`: the ids the
 * writer inserted in this transaction (no keys stored yet).
 */
export async function matchWrittenCustomers(
  manager: EntityManager,
  cipher: PiiCipher,
  ids: string[],
  cause: EventCause = MATCHING_JOB,
  created: ReadonlySet<string> = new Set(),
  model: MatchModel = DEFAULT_MATCH_MODEL,
): Promise<void> {
  if (ids.length === 0) return;
  await matchPreparedCustomers(manager, cipher, await preparedBatch(manager, cipher, ids), cause, created, model);
}

/**
 * A record prepared for matching before it is written (an import batch's rows, while the batch
 * before them commits): the record and its keys as reading the stored row back would give them,
 * the customer id filled in when the writer knows it. test/identity.spec.ts checks the keys
 * against those of the stored rows.
 */
export interface UnwrittenRecord {
  record: KindedRecord;
  keys: { kind: number; digest: string }[];
}

export function unwrittenRecordOf(cipher: PiiCipher, row: Omit<MatchRow, "id">): UnwrittenRecord {
  const record = kindedRecordOf({ ...row, id: "" });
  return { record, keys: storedKeysOf(cipher, record).map(({ kind, digest }) => ({ kind, digest })) };
}

/** matchWrittenCustomers for records prepared before they were written (unwrittenRecordOf), each now with its id: nothing read back. */
export async function matchUnwrittenRecords(
  manager: EntityManager,
  cipher: PiiCipher,
  written: { id: string; prepared: UnwrittenRecord }[],
  cause: EventCause,
  created: ReadonlySet<string>,
): Promise<void> {
  if (written.length === 0) return;
  const records = written.map(({ id, prepared }) => ({ ...prepared.record, id }));
  const keys = written.flatMap(({ id, prepared }) => prepared.keys.map(({ kind, digest }) => ({ kind, digest, customerId: id })));
  await matchPreparedCustomers(manager, cipher, { ids: records.map((record) => record.id), written: records, keys }, cause, created, DEFAULT_MATCH_MODEL);
}

/** Written customers read and prepared for matching: their records and the distinct keys they are to hold. */
interface PreparedBatch {
  ids: string[];
  written: KindedRecord[];
  keys: StoredKey[];
}

async function preparedBatch(db: DataSource | EntityManager, cipher: PiiCipher, ids: string[]): Promise<PreparedBatch> {
  const written = await matchRecordsOf(db, ids);
  return { ids, written, keys: distinctKeys(cipher, written) };
}

/** matchWrittenCustomers on records already read and prepared (in the writer's transaction or just before it). */
async function matchPreparedCustomers(
  manager: EntityManager,
  cipher: PiiCipher,
  { ids, written, keys }: PreparedBatch,
  cause: EventCause,
  created: ReadonlySet<string>,
  model: MatchModel,
): Promise<void> {
  await storeMatchKeys(manager, ids, keys, created);
  const pairs = await candidatePairs(manager, ids);
  const byId = new Map(written.map((record) => [record.id, record]));
  if (pairs.length === 0) return;
  const others = new Map((await matchRecordsOf(manager, [...new Set(pairs.map((p) => p.other))])).map((record) => [record.id, record]));
  const scoredIds = new Set(pairs.map((pair) => pair.written));
  const frequencies = await storedFrequencies(manager, cipher, written.filter((record) => scoredIds.has(record.id)));
  const scored: ScoredPair[] = [];
  for (const pair of pairs) {
    const a = byId.get(pair.written);
    const b = others.get(pair.other) ?? byId.get(pair.other);
    const outcome = a && b ? judgePair(a, b, model, frequencies) : null;
    if (outcome) scored.push(outcome);
  }
  await recordAndLink(manager, scored, cause);
}

/**
 * Records judged pairs (a pair already recorded in this direction is left as it is) and links
 * those confirmed, in order. Returns how many pairs were recorded and how many links made.
 */
export async function recordAndLink(manager: EntityManager, scored: ScoredPair[], cause: EventCause): Promise<{ recorded: number; linked: number }> {
  const recorded = await recordPairs(manager, scored);
  const confirmed = new Set(scored.filter((p) => p.status === DuplicateStatus.CONFIRMED).map((p) => `${p.written.id}:${p.other.id}`));
  const links = recorded
    .filter((row) => confirmed.has(`${row.customer_id}:${row.candidate_customer_id}`))
    .map((row) => ({ customerId: row.customer_id, otherId: row.candidate_customer_id, candidateId: row.id }));
  await linkPairs(manager, links, null, cause);
  return { recorded: recorded.length, linked: links.length };
}

/** Live customer ids in id order, a batch at a time, from after `afterId`. */
async function* customerIdBatches(db: DataSource | EntityManager, batchSize: number, afterId = "00000000-0000-0000-0000-000000000000"): AsyncGenerator<string[]> {
  let after = afterId;
  for (;;) {
    const rows: { id: string }[] = await db.query(`SELECT id FROM customer WHERE id > $1 AND erased_at IS NULL ORDER BY id LIMIT $2`, [after, batchSize]);
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.id);
    yield ids;
    after = ids[ids.length - 1];
  }
}

/**
 * Stores the keys of every customer, a batch at a time by id (the demo seed, and a database that
 * predates matching): keys only, no candidates, so that later writes meet these records.
 */
export async function storeAllMatchKeys(manager: EntityManager, cipher: PiiCipher, batchSize = 1_000): Promise<number> {
  let stored = 0;
  for await (const ids of customerIdBatches(manager, batchSize)) {
    await storeMatchKeys(manager, ids, distinctKeys(cipher, await matchRecordsOf(manager, ids)));
    stored += ids.length;
  }
  return stored;
}

/**
 * Customers imported between two VACUUMs of the key table in a long job. The candidate and frequency
 * look-ups read only the key table's index when its pages are marked all-visible; a run that
 * writes keys faster than (auto)vacuum marks them makes every look-up visit the heap. At 1,000,000
 * customers, after one VACUUM (3 s): frequencies 283 → 34 ms, candidate pairs 304 → 201 ms a batch
 * of 1,000, batch-wise re-match (since replaced by recluster.ts) 576 → 786 customers/s.
 */
export const KEY_TABLE_VACUUM_EVERY = 100_000;

/** VACUUM (ANALYZE) of the key table, outside any transaction: the visibility map and the planner's statistics brought up to date. */
export async function refreshKeyTable(db: Pick<DataSource, "query">): Promise<void> {
  await db.query("VACUUM (ANALYZE) customer_match_key");
}

/**
 * An agent's proposal that two records of their book are one person: scored like any pair and
 * put in the review queue (AGENT_PROPOSAL, OPEN) unless the pair was already recorded in either
 * direction — then nothing changes. Returns whether a pair was added.
 */
export async function proposePair(manager: EntityManager, cipher: PiiCipher, customerId: string, otherId: string, model: MatchModel = DEFAULT_MATCH_MODEL): Promise<boolean> {
  const records = await matchRecordsOf(manager, [customerId, otherId]);
  const a = records.find((record) => record.id === customerId);
  const b = records.find((record) => record.id === otherId);
  if (!a || !b) return false;
  const known: unknown[] = await manager.query(
    `SELECT 1 FROM duplicate_candidate WHERE (customer_id = $1 AND candidate_customer_id = $2) OR (customer_id = $2 AND candidate_customer_id = $1)`,
    [a.id, b.id],
  );
  if (known.length > 0) return false;
  const score = scorePrepared(a, b, model, await storedFrequencies(manager, cipher, [a]));
  const recorded = await recordPairs(manager, [{ written: a, other: b, score, reason: DuplicateReason.AGENT_PROPOSAL, status: DuplicateStatus.OPEN }]);
  return recorded.length > 0;
}
