import type { EntityManager } from "typeorm";
import type { Database } from "./data-source";

/** How a kept-ahead table is refreshed: its lock, where its freshness is read, how long it may take. */
export interface RefreshTarget {
  /** The advisory lock's name: API replicas on the same schedule refresh once between them. */
  lockKey: string;
  /** The table and timestamp column that say when the stored data was made. */
  madeAt: { table: string; column: string };
  /** The transaction's statement timeout (a refresh reads every row: longer than a request may). */
  timeout: string;
}

export interface RefreshOptions {
  /** Leave the stored data when it is newer than this (another replica refreshed it). */
  unlessNewerThanMs?: number;
  now?: () => Date;
}

/**
 * Runs `work` in one transaction under the target's advisory lock, with its statement timeout.
 * Null, without running it, while another process holds the lock or when the stored data is newer
 * than `unlessNewerThanMs`.
 */
export async function refreshExclusively<T>(
  db: Database,
  target: RefreshTarget,
  options: RefreshOptions,
  work: (manager: EntityManager, at: Date) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (manager) => {
    const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [target.lockKey]);
    if (!locked) return null;
    if (options.unlessNewerThanMs !== undefined) {
      const { table, column } = target.madeAt;
      const [{ fresh }] = await manager.query(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} > now() - make_interval(secs => $1)) AS fresh`, [options.unlessNewerThanMs / 1000]);
      if (fresh) return null;
    }
    await manager.query(`SET LOCAL statement_timeout = '${target.timeout}'`);
    return work(manager, options.now?.() ?? new Date());
  });
}
