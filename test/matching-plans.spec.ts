import type { EntityManager } from "typeorm";
import { PLANNED_PER_EXECUTION } from "../src/db/prepared-statements";
import { withStatementTally } from "../src/db/sql-counter";
import { matchWrittenCustomers } from "../src/modules/identity/record-matching";
import { PiiCipher } from "../src/shared/pii-crypto";
import type { Database } from "../src/db/data-source";
import { closeTestDatabase, openTestDatabase } from "./support/database";

/** The statements one matching run sends (the project's statement tally, inside the run's transaction). */
async function statementsOf(db: Database, run: (manager: EntityManager) => Promise<void>): Promise<string[]> {
  const tally = { count: 0, statements: [] as string[] };
  await db.transaction((manager) => withStatementTally(tally, () => run(manager)));
  return tally.statements;
}

/**
 * Matching a batch (an import's, a re-match's) plans its look-ups with their values: a prepared
 * statement's generic plan, made while an import's first batches met nearly empty key, pair and
 * person tables, made a second source's import of twins 24× slower (docs/identity.md). A single
 * write keeps its prepared plan.
 */
describe("the plans of matching statements", () => {
  const cipher = new PiiCipher("matching-plans-spec-key-0123456789ab");
  let db: Database;
  let ids: string[];

  beforeAll(async () => {
    db = await openTestDatabase();
    const rows: { id: string }[] = await db.query(
      `INSERT INTO customer (customer_number, kind, full_name, date_of_birth, phone, dependents)
       SELECT 'M' || n, 'INDIVIDUAL', 'Wang Fang', '1980-02-03', '+8613800000001', 0 FROM generate_series(1, 3) AS n RETURNING id`,
    );
    ids = rows.map((row) => row.id);
    await db.transaction((manager) => matchWrittenCustomers(manager, cipher, [ids[0]]));
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });

  const lookUps = (texts: string[]) => texts.filter((text) => /customer_match_key k WHERE|FROM customer_match_key w/.test(text));

  it("plans a batch's look-ups per execution and leaves a single write's prepared", async () => {
    const batch = await statementsOf(db, (manager) => matchWrittenCustomers(manager, cipher, ids.slice(1)));
    // not vacuous: the batch met the first record (candidates, frequencies, the key difference all ran)
    expect(lookUps(batch).length).toBe(3);
    for (const text of lookUps(batch)) expect(text).toContain(PLANNED_PER_EXECUTION);
    const [{ pairs }] = await db.query(`SELECT count(*)::int AS pairs FROM duplicate_candidate`);
    expect(pairs).toBe(3); // each of the batch's two with the first, and with each other

    await db.query(`UPDATE customer SET phone = '+8613800000002' WHERE id = $1`, [ids[0]]);
    const single = await statementsOf(db, (manager) => matchWrittenCustomers(manager, cipher, [ids[0]]));
    expect(lookUps(single).length).toBeGreaterThanOrEqual(1);
    for (const text of lookUps(single)) expect(text).not.toContain(PLANNED_PER_EXECUTION);
  });
});
