import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../src/db/data-source";
import { DATABASE_SCHEMA } from "../src/database-schema";
import { DataDirLockedError } from "../src/db/data-dir-lock";
import { backend, closeTestDatabase, migratedTemplate, openTestDatabase } from "./support/database";

describe("database", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => closeTestDatabase(db));

  it("isolates concurrent transactions: a reader never sees another transaction's uncommitted or rolled-back rows", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));

    const writer = db
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO staff_user (id, username, display_name, role) VALUES ('11111111-1111-4111-8111-111111111111', 'tx.probe', 'Probe', 'AGENT')`,
        );
        inserted();
        await gate;
        throw new Error("roll back on purpose");
      })
      .catch((err: Error) => err.message);

    await insertedSignal;
    const reader = db.query(`SELECT count(*)::int AS n FROM staff_user WHERE username = 'tx.probe'`);
    release();
    expect(await writer).toBe("roll back on purpose");
    const [{ n }] = await reader;
    expect(n).toBe(0);
    const [{ n: after }] = await db.query(`SELECT count(*)::int AS n FROM staff_user WHERE username = 'tx.probe'`);
    expect(after).toBe(0);
  });

  it("commits a transaction whole, and rolls a failed one back whole", async () => {
    await expect(
      db.transaction(async (manager) => {
        await manager.query(`INSERT INTO product (code, name, line, base_premium) VALUES ('TX-1', 'One', 'LIFE', 100)`);
        await manager.query(`INSERT INTO product (code, name, line, base_premium) VALUES ('TX-1', 'Duplicate', 'LIFE', 100)`);
      }),
    ).rejects.toThrow(/duplicate key/);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM product WHERE code = 'TX-1'`);
    expect(n).toBe(0);
  });

  // the data directory and its lock exist only on the embedded database
  if (backend === "pglite") describe("embedded data directory", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-embedded-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("keeps data across restarts and refuses a second process-level opener while open", async () => {
      // the empty directory starts from the migrated template (PGlite loads a dump into an empty data
      // directory); migrating an empty cluster is the migrations spec's, and safe-defaults' first start on disk
      const first = await openDatabase({ schema: DATABASE_SCHEMA, dataDir: dir, purpose: "first", loadDataDir: await migratedTemplate() });
      expect(await first.runMigrations()).toEqual([]);
      await first.query(`INSERT INTO product (code, name, line, base_premium) VALUES ('KEEP-1', 'Kept', 'LIFE', 100)`);
      await expect(openDatabase({ schema: DATABASE_SCHEMA, dataDir: dir, purpose: "second" })).rejects.toBeInstanceOf(DataDirLockedError);
      await first.destroy();

      const second = await openDatabase({ schema: DATABASE_SCHEMA, dataDir: dir, purpose: "second" });
      const rows = await second.query(`SELECT name FROM product WHERE code = 'KEEP-1'`);
      await second.destroy();
      expect(rows).toEqual([{ name: "Kept" }]);
    });

    it("takes over a stale lock left by a dead process", async () => {
      fs.writeFileSync(path.join(dir, "customer360.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, purpose: "crashed" }));
      const reopened = await openDatabase({ schema: DATABASE_SCHEMA, dataDir: dir, purpose: "after-crash" });
      const [{ n }] = await reopened.query(`SELECT count(*)::int AS n FROM product`);
      await reopened.destroy();
      expect(n).toBe(1);
    });
  });

  // 2^53 + 1: a JavaScript number cannot hold it, so only its text keeps it exact
  const beyondNumber = "9007199254740993";

  it("gives an int8 as its decimal text on both backends (PGlite's own parser makes a BigInt): exact beyond 2^53, alone and in arrays", async () => {
    const [row]: { big: unknown; negative: unknown; count: unknown; list: unknown; echoed: unknown }[] = await db.query(
      `SELECT ${beyondNumber}::int8 AS big, (-42)::int8 AS negative, count(*) AS count, ARRAY[1, -2, ${beyondNumber}]::int8[] AS list, $1::int8 AS echoed
         FROM (VALUES (1), (2)) AS t(n)`,
      [beyondNumber],
    );
    expect(row).toEqual({ big: beyondNumber, negative: "-42", count: "2", list: ["1", "-2", beyondNumber], echoed: beyondNumber });
    // the smaller integers stay numbers
    const [small]: { int2: unknown; int4: unknown }[] = await db.query(`SELECT 7::int2 AS int2, 7::int4 AS int4`);
    expect(small).toEqual({ int2: 7, int4: 7 });
  });
});
