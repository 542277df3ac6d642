import { Client } from "pg";
import { syntheticCustomers } from "../src/bench/identity/synthetic-customers";
import { prepareRecord } from "../src/modules/identity/matching/prepared-record";
import { matchWrittenCustomers, storeAllMatchKeys, storedKeysOf } from "../src/modules/identity/record-matching";
import { KEY_KIND_CODES } from "../src/modules/identity/matching/key-kinds";
import { reclusterAllCustomers, type ReclusterProgress } from "../src/modules/identity/recluster";
import { ConflictError } from "../src/shared/errors";
import { PiiCipher } from "../src/shared/pii-crypto";
import type { Database } from "../src/db/data-source";
import { backend, closeTestDatabase, openTestDatabase, testDatabaseUrl } from "./support/database";

const RECORDS = 400;

/** Everything matching leaves behind: keys, pairs (unordered, with their judgement) and persons. */
async function matchingState(db: Database) {
  const keys: { k: string }[] = await db.query(`SELECT customer_id || ' ' || kind || ' ' || digest AS k FROM customer_match_key ORDER BY 1`);
  const pairs: { low: string; high: string; reason: string; status: string; weight: number }[] = await db.query(
    `SELECT least(customer_id, candidate_customer_id)::text AS low, greatest(customer_id, candidate_customer_id)::text AS high, reason, status, round(match_weight::numeric, 9)::float8 AS weight
       FROM duplicate_candidate ORDER BY 1, 2`,
  );
  const persons: { members: string }[] = await db.query(
    `SELECT string_agg(customer_id::text, ' ' ORDER BY customer_id) AS members FROM person_link GROUP BY person_id ORDER BY 1`,
  );
  return { keys: keys.map((row) => row.k), pairs, persons: persons.map((row) => row.members) };
}

/**
 * The full re-cluster (src/modules/identity/recluster.ts) is set-based: every record read once,
 * keys written in ranges, candidate pairs from one pass over the staged keys, scored in memory.
 * Its result must be what matching each customer on write gives.
 */
describe("the set-based re-cluster of every customer", () => {
  const cipher = new PiiCipher("recluster-spec-key-0123456789abcdef");
  let db: Database;
  let ids: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    const people = syntheticCustomers(RECORDS * 2, 7).filter((person) => person.fullName).slice(0, RECORDS); // a customer has a name
    const rows: { id: string }[] = await db.query(
      `INSERT INTO customer (customer_number, kind, full_name, date_of_birth, gender, phone, email, address, city, national_id_hash, dependents)
       SELECT 'R' || lpad(n::text, 8, '0'), 'INDIVIDUAL', f, d::date, g, p, e, a, c, h, 0
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS t(f, d, g, p, e, a, c, h, n)
       RETURNING id`,
      [
        people.map((p) => p.fullName), people.map((p) => p.dateOfBirth), people.map((p) => p.gender), people.map((p) => p.phone),
        people.map((p) => p.email), people.map((p) => p.address), people.map((p) => p.city), people.map((p) => p.nationalIdHash),
      ],
    );
    ids = rows.map((row) => row.id).sort();
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });

  it("records the pairs, judgements, links and keys that matching each customer on write records", async () => {
    // one customer at a time, as writes do (every key stored first, so both see the same frequencies)
    await db.transaction((manager) => storeAllMatchKeys(manager, cipher));
    for (const id of ids) await db.transaction((manager) => matchWrittenCustomers(manager, cipher, [id]));
    const onWrite = await matchingState(db);
    // not vacuous: links, pairs left for review, and keys for every record
    expect(onWrite.keys.length).toBeGreaterThanOrEqual(RECORDS * 8);
    expect(onWrite.pairs.filter((p) => p.status === "CONFIRMED").length).toBeGreaterThanOrEqual(20);
    expect(onWrite.pairs.filter((p) => p.status === "OPEN").length).toBeGreaterThanOrEqual(3);
    expect(onWrite.persons.length).toBeGreaterThanOrEqual(15);

    // the rebuild drops and builds the key table's indexes again: they must come back as the migrations made them
    const keyTableSchema = async () => db.query(
      `SELECT indexdef AS definition FROM pg_indexes WHERE tablename = 'customer_match_key'
       UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'customer_match_key'::regclass ORDER BY 1`,
    );
    const schemaBefore = await keyTableSchema();
    expect(schemaBefore.length).toBeGreaterThanOrEqual(3); // two indexes and the primary key (PGlite lists NOT NULLs too); no foreign key (migrations/…1000)
    expect(schemaBefore.filter((row: { definition: string }) => row.definition.includes("FOREIGN KEY"))).toEqual([]);
    await db.query(`TRUNCATE customer_match_key, duplicate_candidate, person_link CASCADE`);
    const progress: ReclusterProgress[] = [];
    const outcome = await reclusterAllCustomers(db, cipher, { readBatch: 64, keyBatch: 50, writeBatch: 7, onProgress: (step) => void progress.push(step) });
    expect(await matchingState(db)).toEqual(onWrite);
    expect(await keyTableSchema()).toEqual(schemaBefore);
    expect(outcome).toMatchObject({
      customers: RECORDS, keysInserted: onWrite.keys.length, keysDeleted: 0, keyWrite: "rebuilt", recorded: onWrite.pairs.length,
      linked: onWrite.pairs.filter((p) => p.status === "CONFIRMED").length,
    });
    expect(outcome.pairs).toBeGreaterThan(onWrite.pairs.length); // most candidates score below review
    // progress: every read batch, every key range, then the pairs' total
    expect(progress.filter((step) => step.phase === "records").map((step) => step.done)).toEqual(Array.from({ length: Math.ceil(RECORDS / 64) }, (_, i) => Math.min((i + 1) * 64, RECORDS)));
    expect(progress.filter((step) => step.phase === "keys").map((step) => step.done)).toEqual([RECORDS]); // rebuilt: one step
    expect(progress[progress.length - 1]).toEqual({ phase: "pairs", done: outcome.pairs, total: outcome.pairs });
    // the working tables are left empty
    const [{ staged }] = await db.query(`SELECT (SELECT count(*) FROM identity_recluster_record) + (SELECT count(*) FROM identity_recluster_key) AS staged`);
    expect(Number(staged)).toBe(0);
  });

  it("run again, patches the difference: nothing; keys a record no longer gives go, missing ones come back; the key table is vacuumed", async () => {
    const before = await matchingState(db);
    const vacuumed = async () => (await db.query(`SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE relname = 'customer_match_key'`))[0].n as number;
    const vacuumsBefore = await vacuumed();
    const again = await reclusterAllCustomers(db, cipher);
    expect([again.keyWrite, again.keysInserted, again.keysDeleted, again.recorded, again.linked]).toEqual(["difference", 0, 0, 0, 0]);
    expect(await matchingState(db)).toEqual(before);
    expect(await vacuumed()).toBe(vacuumsBefore + 1);

    await db.query(`INSERT INTO customer_match_key (kind, digest, customer_id) VALUES ($1, 42, $2)`, [KEY_KIND_CODES.phone, ids[3]]);
    await db.query(`DELETE FROM customer_match_key WHERE customer_id = $1 AND kind = $2`, [ids[5], KEY_KIND_CODES.nameCount]);
    const mended = await reclusterAllCustomers(db, cipher);
    expect([mended.keyWrite, mended.keysInserted, mended.keysDeleted, mended.recorded]).toEqual(["difference", 1, 1, 0]);
    expect(await matchingState(db)).toEqual(before);
  });

  (backend === "postgres" ? it : it.skip)("runs one at a time, and leaves a customer written after it was read to that write (PostgreSQL: two sessions)", async () => {
    const other = new Client({ connectionString: testDatabaseUrl(db)! });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('identity-recluster'))`);
      await expect(reclusterAllCustomers(db, cipher)).rejects.toBeInstanceOf(ConflictError);
      await other.query(`SELECT pg_advisory_unlock(hashtext('identity-recluster'))`);

      // after the run read every record, the customer changes its phone and its write stores its new keys
      const changed = ids[11];
      let written = false;
      await reclusterAllCustomers(db, cipher, {
        readBatch: 1_000,
        onProgress: async (step) => {
          if (step.phase !== "records" || written) return;
          written = true;
          await db.transaction(async (manager) => {
            await manager.query(`UPDATE customer SET phone = '+8613900000011', updated_at = now() WHERE id = $1`, [changed]);
            await matchWrittenCustomers(manager, cipher, [changed]);
          });
        },
      });
      const [row] = await db.query(`SELECT id, full_name, date_of_birth::text, national_id_hash, phone, email, address, city, gender FROM customer WHERE id = $1`, [changed]);
      const expected = storedKeysOf(cipher, prepareRecord({
        id: row.id, fullName: row.full_name, dateOfBirth: row.date_of_birth, nationalIdHash: row.national_id_hash, phone: row.phone, email: row.email, address: row.address, city: row.city, gender: row.gender,
      })).map((key) => `${key.customerId} ${key.kind} ${key.digest}`).sort();
      const stored: { k: string }[] = await db.query(`SELECT customer_id || ' ' || kind || ' ' || digest AS k FROM customer_match_key WHERE customer_id = $1 ORDER BY 1`, [changed]);
      expect(written).toBe(true);
      expect(stored.map((r) => r.k)).toEqual(expected);
      expect(expected.some((key) => key.includes(` ${KEY_KIND_CODES.phone} `))).toBe(true);
    } finally {
      await other.end();
    }
  });
});
