import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";

/** Distinct statements prepared per connection; beyond this, statements run unprepared. */
const MAX_PREPARED_PER_CONNECTION = 256;
const DML = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
const PATCHED = Symbol("c360.preparedStatements");

type QueryFn = (this: PgClient, config: unknown, values?: unknown, callback?: unknown) => unknown;
interface PgClient {
  query: QueryFn;
  connection?: { parsedStatements?: Record<string, string> };
  [PATCHED]?: boolean;
}
interface PgPool {
  on(event: "acquire", listener: (client: PgClient) => void): void;
}

/**
 * Marks a statement to be planned at every execution with its values (run unprepared): an analytic
 * read whose best plan depends on its values (time ranges that prune partitions and pick indexes).
 * Prepared, PostgreSQL would switch to a generic plan after five executions on a connection, which
 * for such a read can be several times slower (serviceMetrics at 1M: 130 ms against 35 ms).
 */
export const PLANNED_PER_EXECUTION = "/* planned per execution */";

function isStalePlan(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === "0A000" && /cached plan/i.test(message ?? "");
}

/**
 * Runs the server's parameterized statements as named prepared statements on each pooled
 * PostgreSQL connection: the database parses and plans each distinct statement once per
 * connection instead of on every request (most of ours are the same few dozen texts). Bounded per
 * connection; a plan made stale by a schema change (another replica migrated) is dropped and the
 * statement retried unprepared once. A statement marked PLANNED_PER_EXECUTION is never prepared.
 */
function prepareOn(client: PgClient): void {
  if (client[PATCHED]) return;
  client[PATCHED] = true;
  const original = client.query;
  const names = new Map<string, string>();
  client.query = function (this: PgClient, config: unknown, values?: unknown, callback?: unknown) {
    if (typeof config !== "string" || !Array.isArray(values) || typeof callback === "function" || !DML.test(config) || config.includes(PLANNED_PER_EXECUTION)) {
      return original.call(this, config, values, callback);
    }
    let name = names.get(config);
    if (!name && names.size < MAX_PREPARED_PER_CONNECTION) {
      name = `c360_${createHash("sha1").update(config).digest("hex").slice(0, 24)}`;
      names.set(config, name);
    }
    if (!name) return original.call(this, config, values);
    const run = original.call(this, { name, text: config, values }) as Promise<unknown>;
    return run.catch(async (error: unknown) => {
      if (!isStalePlan(error)) throw error;
      names.clear();
      if (this.connection?.parsedStatements) this.connection.parsedStatements = {};
      await original.call(this, "DEALLOCATE ALL");
      return original.call(this, config, values);
    });
  };
}

/** Called once the PostgreSQL data source is initialized (its pool exists). */
export function usePreparedStatements(database: DataSource): void {
  const pool = (database.driver as unknown as { master?: PgPool }).master;
  pool?.on("acquire", prepareOn);
}
