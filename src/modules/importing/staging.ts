import type { EntityManager } from "typeorm";
import type { Database } from "../../db/data-source";
import { clientOf, loadRows, type StagingMode } from "../../db/load-rows";
import type { WriteColumn } from "../../db/write-columns";

/**
 * Connections known to hold the staging tables. A table made inside a transaction that then rolls
 * back is gone again, so a failed batch forgets them all (`forgetStagingTables`) and the next
 * batch re-creates them (IF NOT EXISTS): cheaper than asking the catalogue on every batch.
 */
let prepared = new WeakMap<object, Set<string>>();
export function forgetStagingTables(): void {
  prepared = new WeakMap();
}

function connectionOf(manager: EntityManager): { key: object; client: unknown } {
  const client = clientOf(manager) as object;
  // the embedded database is one session for the whole data source; PostgreSQL: one per pooled client
  return { key: (manager.connection as Database).kind === "pglite" ? manager.connection : client, client };
}

/**
 * Loads one batch's rows into the temporary table `name` (one per connection, emptied at every
 * commit) whose columns are `columns`: by COPY on PostgreSQL (pg-copy-streams; the rows as COPY
 * text, parsed by the server far more cheaply than array parameters), by INSERT … UNNEST on the
 * embedded database (PGlite has no COPY FROM STDIN stream). The set-based statement that follows
 * reads the table the same way on both, so both give the same results. Returns the mode used.
 */
export async function stageRows(
  manager: EntityManager,
  name: string,
  columns: readonly WriteColumn[],
  rows: Record<string, unknown>[],
  /** Tests only: UNNEST on PostgreSQL too, to compare the two loads. */
  force?: "unnest",
): Promise<StagingMode> {
  const { key, client } = connectionOf(manager);
  const tables = prepared.get(key) ?? new Set<string>();
  if (!tables.has(name)) {
    await manager.query(`CREATE TEMP TABLE IF NOT EXISTS ${name} (${columns.map(([, column, type]) => `"${column}" ${type}`).join(", ")}) ON COMMIT DELETE ROWS`);
    prepared.set(key, tables.add(name));
  }
  return loadRows(manager, name, columns, rows, force, client);
}

