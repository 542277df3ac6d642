import { copyCustomerBook } from "../src/bench/identity/customer-book";
import { prepareRecord } from "../src/modules/identity/matching/prepared-record";
import { storedKeysOf } from "../src/modules/identity/record-matching";
import { reclusterAllCustomers } from "../src/modules/identity/recluster";
import { isValidResidentId } from "../src/shared/national-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import type { Database } from "../src/db/data-source";
import { backend, closeTestDatabase, openTestDatabase, testDatabaseUrl } from "./support/database";

/**
 * bench:identity-db --book customers: the customers it copies are stored as the API stores them
 * (sealed, blind-indexed national ids), and the first full re-cluster gives each the keys a write
 * through the API would (so the re-cluster it times is the real one). PostgreSQL only (COPY).
 */
(backend === "postgres" ? describe : describe.skip)("the identity bench's customer book", () => {
  const cipher = new PiiCipher("identity-book-spec-key-0123456789abcdef");
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });

  it("copies customers with sealed national ids, then clusters them from nothing with the keys the API would store", async () => {
    expect(await copyCustomerBook(testDatabaseUrl(db)!, cipher, 40, () => undefined)).toBe(40);
    const rows: { id: string; customer_number: string; full_name: string; date_of_birth: string; national_id_encrypted: string; national_id_hash: string; phone: string; email: string; address: string; city: string; gender: string }[] =
      await db.query(`SELECT id, customer_number, full_name, date_of_birth::text, national_id_encrypted, national_id_hash, phone, email, address, city, gender FROM customer ORDER BY customer_number`);
    expect(rows.map((row) => row.customer_number).slice(0, 2)).toEqual(["C00000001", "C00000002"]);
    for (const row of rows) {
      const nationalId = cipher.decrypt(row.national_id_encrypted);
      expect([row.customer_number, isValidResidentId(nationalId), row.national_id_hash]).toEqual([row.customer_number, true, cipher.blindIndex(nationalId)]);
    }
    expect((await reclusterAllCustomers(db, cipher, { readBatch: 15, keyBatch: 15 })).customers).toBe(40);
    const stored: { customer_id: string; kind: string; digest: string }[] = await db.query(`SELECT customer_id, kind::text, digest::text FROM customer_match_key`);
    const expected = rows.flatMap((row) =>
      storedKeysOf(cipher, prepareRecord({ id: row.id, fullName: row.full_name, dateOfBirth: row.date_of_birth, nationalIdHash: row.national_id_hash, phone: row.phone, email: row.email, address: row.address, city: row.city, gender: row.gender })),
    );
    expect(expected.length).toBeGreaterThanOrEqual(40 * 8); // not vacuous: every record has its keys
    const sorted = (keys: { customerId: string; kind: string | number; digest: string }[]) => keys.map((k) => `${k.customerId} ${k.kind} ${k.digest}`).sort();
    expect(sorted(stored.map((k) => ({ customerId: k.customer_id, kind: k.kind, digest: k.digest })))).toEqual(sorted(expected));
  });
});
