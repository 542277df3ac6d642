import type { Database } from "../src/db/data-source";
import { backend, closeTestDatabase, openTestDatabase } from "./support/database";

/**
 * Settings every pooled PostgreSQL connection of the server starts with. JIT is off: the API's
 * statements are short, but their cost estimates pass jit_above_cost as the tables grow, and then
 * compiling takes longer than running (docs/performance.md). PGlite has no JIT.
 */
describe("pooled connection settings", () => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });

  (backend === "postgres" ? it : it.skip)("every pooled connection runs without JIT, also inside transactions and on each of the pool's connections", async () => {
    // hold several connections at once, so that more than the first one is asked
    const answers = await Promise.all(Array.from({ length: 4 }, () => db.transaction((manager) => manager.query("SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid"))));
    expect(new Set(answers.map(([row]) => row.pid)).size).toBe(4);
    for (const [row] of answers) expect(row.jit).toBe("off");
    const [server] = await db.query("SELECT boot_val FROM pg_settings WHERE name = 'jit'");
    expect(server.boot_val).toBe("on"); // the server's own default: the setting comes from the pool's options
  });
});
