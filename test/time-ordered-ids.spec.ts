import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { AuditWriter } from "../src/auth/audit-writer";
import type { Database } from "../src/db/data-source";
import { TIME_ORDERED_UUID } from "../src/db/time-ordered-ids";
import { changed, recordEvents } from "../src/modules/events/outbox";
import { closeTestDatabase, openTestDatabase } from "./support/database";

/** RFC 9562 version 7: version nibble 7, variant bits 10. */
const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The millisecond a time-ordered id was made at: its first 48 bits. */
const timeOfId = (id: string) => new Date(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16));

/** The append-only logs' ids grow with time (migrations/…980-TimeOrderedIds), so their primary keys grow at the right edge. */
describe("time-ordered ids of the access audit and the event outbox", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(db));

  it("are the default of both logs' id, on the partitioned table and on each partition", async () => {
    const rows: { table: string; defaults: string[] }[] = await db.query(
      `SELECT p.relname AS table, array_agg(DISTINCT pg_get_expr(d.adbin, d.adrelid)) AS defaults
         FROM pg_class p
         JOIN pg_inherits i ON i.inhparent = p.oid
         JOIN pg_attribute a ON a.attrelid IN (p.oid, i.inhrelid) AND a.attname = 'id'
         JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE p.relname = ANY($1) GROUP BY p.relname ORDER BY p.relname`,
      [["audit_entry", "event_outbox"]],
    );
    expect(rows).toEqual(["audit_entry", "event_outbox"].map((table) => ({ table, defaults: [TIME_ORDERED_UUID] })));
  });

  it("carry the time they were made at, and sort after every id made earlier", async () => {
    const writer = new AuditWriter(db);
    const requests = [`ordered-1-${randomUUID()}`, `ordered-2-${randomUUID()}`];
    const row = (requestId: string) => ({ actorId: randomUUID(), role: Role.AGENT, operation: "Customer360", requestId, customerId: randomUUID(), fields: ["Customer.fullName"], outcome: "ALLOWED" as const });
    await writer.write([row(requests[0])]);
    await pause(5);
    await writer.write([row(requests[1])]);
    const stored: { id: string; at: Date }[] = await db.query(`SELECT id::text, at FROM audit_entry WHERE request_id = ANY($1) ORDER BY at`, [requests]);
    expect(stored).toHaveLength(2);
    for (const { id, at } of stored) {
      expect(id).toMatch(VERSION_7);
      // made by the clock during the INSERT; `at` is its transaction's start
      expect(timeOfId(id).getTime() - at.getTime()).toBeGreaterThanOrEqual(-1);
      expect(timeOfId(id).getTime() - at.getTime()).toBeLessThan(60_000);
    }
    expect(stored[1].id > stored[0].id).toBe(true);
    const [{ later }] = await db.query(`SELECT $1::uuid > $2::uuid AS later`, [stored[1].id, stored[0].id]);
    expect(later).toBe(true); // the database's order (the index's) agrees with the text's
  });

  it("are distinct and of version 7 when many are made in one statement", async () => {
    const [{ ids, distinct, version7, first, last }] = await db.query(
      `SELECT count(*)::int AS ids, count(DISTINCT id)::int AS distinct,
              count(*) FILTER (WHERE id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')::int AS version7,
              min(id::text) AS first, max(id::text) AS last
         FROM (SELECT time_ordered_uuid() AS id FROM generate_series(1, 10000)) t`,
    );
    expect({ ids, distinct, version7 }).toEqual({ ids: 10000, distinct: 10000, version7: 10000 });
    // all made within the statement: their clock parts lie close together and near now
    expect(timeOfId(last).getTime() - timeOfId(first).getTime()).toBeLessThan(60_000);
    expect(Math.abs(timeOfId(first).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("number the outbox's events too", async () => {
    const customerId = randomUUID();
    await db.transaction((manager) => recordEvents(manager, { actorId: null, requestId: `ordered-${customerId}` }, [changed("customer.updated", customerId, ["fullName"])]));
    const [event]: { id: string; occurred_at: Date }[] = await db.query(`SELECT id::text, occurred_at FROM event_outbox WHERE customer_id = $1`, [customerId]);
    expect(event.id).toMatch(VERSION_7);
    expect(Math.abs(timeOfId(event.id).getTime() - event.occurred_at.getTime())).toBeLessThan(60_000);
  });
});
