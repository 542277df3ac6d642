import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { AuditWriter } from "../src/auth/audit-writer";
import type { Database } from "../src/db/data-source";
import { withStatementTally, type StatementTally } from "../src/db/sql-counter";
import { closeTestDatabase, openTestDatabase } from "./support/database";

/** Group commit of the access audit: fewer INSERTs than requests, every caller told its own outcome. */
describe("access-audit group commit", () => {
  let db: Database;
  const actorId = randomUUID();

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(db));

  const rowsFor = (requestId: string, customers: number) =>
    Array.from({ length: customers }, () => ({
      actorId, role: Role.AGENT, operation: "Customer360", requestId, customerId: randomUUID(), fields: ["Customer.fullName"], outcome: "ALLOWED" as const,
    }));

  it("writes the rows of 40 concurrent requests in a few INSERTs, every row once", async () => {
    const writer = new AuditWriter(db);
    const tally: StatementTally = { count: 0 };
    const requests = Array.from({ length: 40 }, (_, i) => `group-${i}-${randomUUID()}`);
    await withStatementTally(tally, () => Promise.all(requests.map((id, i) => writer.write(rowsFor(id, 1 + (i % 3))))));
    expect(tally.count).toBeGreaterThanOrEqual(1);
    expect(tally.count).toBeLessThanOrEqual(3);
    const [{ rows }] = await db.query(`SELECT count(*)::int AS rows FROM audit_entry WHERE request_id = ANY($1)`, [requests]);
    expect(rows).toBe(requests.reduce((sum, _id, i) => sum + 1 + (i % 3), 0));
  });

  it("splits very large batches and still writes everything", async () => {
    const writer = new AuditWriter(db);
    const requests = Array.from({ length: 6 }, (_, i) => `large-${i}-${randomUUID()}`);
    await Promise.all(requests.map((id) => writer.write(rowsFor(id, 900))));
    const [{ rows }] = await db.query(`SELECT count(*)::int AS rows FROM audit_entry WHERE request_id = ANY($1)`, [requests]);
    expect(rows).toBe(5400);
  });

  it("tells every caller of a failed batch that its rows were not written, then recovers", async () => {
    const writer = new AuditWriter(db);
    await db.query(`CREATE FUNCTION refuse_audit_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await db.query(`CREATE TRIGGER refuse_audit_batch BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_audit_batch()`);
    let outcomes: PromiseSettledResult<void>[];
    try {
      outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => writer.write(rowsFor(`failing-${i}`, 1))));
    } finally {
      await db.query(`DROP TRIGGER refuse_audit_batch ON audit_entry`);
      await db.query(`DROP FUNCTION refuse_audit_batch()`);
    }
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected"]);
    const after = `after-${randomUUID()}`;
    await writer.write(rowsFor(after, 2));
    const [{ rows }] = await db.query(`SELECT count(*)::int AS rows FROM audit_entry WHERE request_id = $1`, [after]);
    expect(rows).toBe(2);
  });

  it("refuses only the caller whose row cannot be stored: 19 of 20 concurrent callers written, in a batch then caller by caller", async () => {
    const writer = new AuditWriter(db);
    const requests = Array.from({ length: 20 }, (_, i) => `mixed-${i}-${randomUUID()}`);
    const tally: StatementTally = { count: 0 };
    const outcomes = await withStatementTally(tally, () =>
      Promise.allSettled(
        requests.map((id, i) =>
          // request 7 declares a purpose with a NUL byte, which PostgreSQL cannot store: its whole batch INSERT fails
          writer.write(rowsFor(id, 2).map((row) => (i === 7 ? { ...row, purpose: "renewal\u0000call" } : row))),
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(requests.map((_id, i) => (i === 7 ? "rejected" : "fulfilled")));
    // the batch (1 INSERT, refused) then one INSERT per caller of that batch
    expect(tally.count).toBeGreaterThanOrEqual(1 + 20);
    const written: { request_id: string; rows: number }[] = await db.query(
      `SELECT request_id, count(*)::int AS rows FROM audit_entry WHERE request_id = ANY($1) GROUP BY request_id`,
      [requests],
    );
    expect(written).toHaveLength(19);
    expect(written.every((row) => row.rows === 2)).toBe(true);
    expect(written.map((row) => row.request_id)).not.toContain(requests[7]);
  });
});
