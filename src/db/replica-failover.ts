import { isDatabaseUnavailable, isStatementTimeout } from "./database-errors";

type Callback = (err: Error | undefined, client?: PgClient, release?: (err?: unknown) => void) => void;
interface PgClient {
  query: (config: unknown, values?: unknown, callback?: unknown) => unknown;
  on(event: "error", listener: (error: Error) => void): void;
}
/** The part of pg's Pool a replica's failover needs. */
export interface PgPool {
  connect(callback?: Callback): Promise<PgClient> | void;
  query(config: unknown, values?: unknown): Promise<unknown>;
  on(event: "acquire", listener: (client: PgClient) => void): void;
}

/** A replica that cannot serve a read (gone, restarting, cancelled by recovery): the read is answered by the primary. A statement timeout is not retried (it would only load the primary too). */
export function isReplicaLost(error: unknown): boolean {
  return isDatabaseUnavailable(error) && !isStatementTimeout(error);
}

const TRANSACTION_START = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK|END)\b/i;
const PATCHED = Symbol("c360.replicaFailover");

/**
 * Makes a replica's pool answer from the primary when the replica cannot: a connection it cannot
 * open is taken from the primary's pool instead (the caller releases it there), and a statement
 * that fails because the replica went away is run again on the primary (outside a transaction
 * only; reads are safe to repeat). `lost` is told each time, so that routing stops choosing the
 * replica at once rather than at its next health check; `served` counts the statements the
 * replica answered itself. Returns the pool's own `connect`, for
 * health checks that must reach the replica itself.
 */
export function failOverToPrimary(
  replica: PgPool,
  { primary, usable, lost, served }: { primary: () => PgPool | undefined; usable: () => boolean; lost: (error: unknown) => void; served: () => void },
): PgPool["connect"] {
  const own = replica.connect.bind(replica);
  const fromPrimary = (callback?: Callback) => {
    const pool = primary();
    if (!pool) {
      const error = new Error("Connection terminated: neither the replica nor the primary is open");
      if (callback) return callback(error);
      return Promise.reject(error);
    }
    return pool.connect(callback);
  };
  replica.connect = ((callback?: Callback) => {
    if (!usable()) return fromPrimary(callback);
    if (!callback) {
      return (own() as Promise<PgClient>).catch((error: unknown) => {
        if (!isReplicaLost(error)) throw error;
        lost(error);
        return fromPrimary() as Promise<PgClient>;
      });
    }
    own((error, client, release) => {
      if (error && isReplicaLost(error)) {
        lost(error);
        return void fromPrimary(callback);
      }
      callback(error, client, release);
    });
  }) as PgPool["connect"];
  replica.on("acquire", (client) => {
    const tagged = client as PgClient & { [PATCHED]?: { inTransaction: boolean } };
    if (tagged[PATCHED]) return;
    const state: { inTransaction: boolean } = (tagged[PATCHED] = { inTransaction: false });
    // a session cut between statements reports "Connection terminated" as an event: its statements already
    // failed over (or its next one will), so the event must never go unheard (an unheard one ends the process)
    client.on("error", () => undefined);
    const query = client.query;
    client.query = function (this: PgClient, config: unknown, values?: unknown, callback?: unknown) {
      if (typeof config !== "string" || typeof callback === "function") return query.call(this, config, values, callback);
      if (TRANSACTION_START.test(config)) state.inTransaction = true;
      else if (TRANSACTION_END.test(config)) state.inTransaction = false;
      const run = (query.call(this, config, values) as Promise<unknown>).then((result) => {
        served();
        return result;
      });
      if (state.inTransaction) return run;
      return run.catch((error: unknown) => {
        const pool = primary();
        if (!isReplicaLost(error) || !pool) throw error;
        lost(error);
        return pool.query(config, values as unknown[]);
      });
    };
  });
  return own;
}
