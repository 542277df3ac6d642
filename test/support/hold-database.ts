import type { Database } from "../../src/db/data-source";

/**
 * Makes every request that reads the caller's staff record wait: on PGlite by holding its only
 * session, on PostgreSQL by locking the staff table. `release()` lets them go on.
 */
export async function holdDatabase(db: Database): Promise<{ release: () => Promise<void> }> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  if (db.kind === "postgres") await runner.query("LOCK TABLE staff_user IN ACCESS EXCLUSIVE MODE");
  return {
    release: async () => {
      await runner.rollbackTransaction();
      await runner.release();
    },
  };
}
