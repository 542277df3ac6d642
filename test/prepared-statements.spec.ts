import { openDatabase, type Database } from "../src/db/data-source";
import { DATABASE_SCHEMA } from "../src/database-schema";
import { PLANNED_PER_EXECUTION } from "../src/db/prepared-statements";
import { backend, closeTestDatabase, openTestDatabase, testDatabaseUrl } from "./support/database";

/**
 * PostgreSQL only (the embedded database has no pool): parameterized statements run as named
 * prepared statements per connection, and a plan made stale by a schema change is recovered.
 */
(backend === "postgres" ? describe : describe.skip)("prepared statements on PostgreSQL", () => {
  let db: Database;
  let single: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
    single = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: testDatabaseUrl(db)!, poolSize: 1 });
  });
  afterAll(async () => {
    await single?.destroy();
    await closeTestDatabase(db);
  });

  it("prepares each distinct parameterized statement once per connection", async () => {
    for (let i = 0; i < 3; i += 1) await single.query(`SELECT count(*)::int AS n FROM staff_user WHERE role = $1`, ["AGENT"]);
    const prepared: { statement: string }[] = await single.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1`, ["%FROM staff_user WHERE role = $1%"]);
    expect(prepared).toHaveLength(1);
  });

  it("never prepares a statement marked to be planned per execution (the analytic reads: a generic plan may be far slower)", async () => {
    const marked = `SELECT count(*)::int AS n FROM staff_user WHERE role = $1 ${PLANNED_PER_EXECUTION}`;
    for (let i = 0; i < 7; i += 1) expect(await single.query(marked, ["ADMIN"])).toEqual([{ n: expect.any(Number) }]);
    const prepared: { statement: string }[] = await single.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1`, ["%planned per execution%"]);
    expect(prepared).toEqual([]);
  });

  it("keeps an idle connection, and the statements prepared on it, for the pool's idle time (DB_POOL_IDLE_SECONDS)", async () => {
    const backendAfterIdle = async (poolIdleMs: number) => {
      const pool = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: testDatabaseUrl(db)!, poolSize: 1, poolIdleMs });
      try {
        const [before]: { pid: number }[] = await pool.query(`SELECT pg_backend_pid() AS pid WHERE $1::int = 1`, [1]);
        await new Promise((resolve) => setTimeout(resolve, 600));
        const [after]: { pid: number }[] = await pool.query(`SELECT pg_backend_pid() AS pid WHERE $1::int = 1`, [1]);
        const prepared: unknown[] = await pool.query(`SELECT 1 FROM pg_prepared_statements WHERE statement LIKE $1`, ["%pg_backend_pid() AS pid WHERE%"]);
        return { sameConnection: before.pid === after.pid, prepared: prepared.length };
      } finally {
        await pool.destroy();
      }
    };
    expect(await backendAfterIdle(60_000)).toEqual({ sameConnection: true, prepared: 1 });
    // the contrast: a pool that closes a connection idle for 100 ms opens a new one, which prepares the statement anew
    expect(await backendAfterIdle(100)).toEqual({ sameConnection: false, prepared: 1 });
  });

  it("recovers when another process changes the table under a prepared plan", async () => {
    await single.query(`CREATE TABLE plan_probe (id int PRIMARY KEY, label text)`);
    await single.query(`INSERT INTO plan_probe VALUES (1, 'a')`);
    const read = () => single.query(`SELECT * FROM plan_probe WHERE id = $1`, [1]);
    expect(await read()).toEqual([{ id: 1, label: "a" }]);
    await db.query(`ALTER TABLE plan_probe ADD COLUMN note text DEFAULT 'n'`); // another connection
    expect(await read()).toEqual([{ id: 1, label: "a", note: "n" }]);
    expect(await read()).toEqual([{ id: 1, label: "a", note: "n" }]);
  });
});
