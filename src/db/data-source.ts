import { DataSource } from "typeorm";
import { Client } from "pg";
import { PGlite, types } from "@electric-sql/pglite";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { SnakeNamingStrategy } from "typeorm-naming-strategies";
import { CountingLogger } from "./sql-counter";
import { lockDataDir } from "./data-dir-lock";
import { pglitePoolDriver } from "./pglite-pool";
import { usePreparedStatements } from "./prepared-statements";

/** Connections checked out of the PostgreSQL pool right now (0 for the embedded database). */
export function connectionsInUse(database: DataSource): number {
  const pool = (database.driver as unknown as { master?: { totalCount?: number; idleCount?: number } }).master;
  return database.isInitialized && pool?.totalCount !== undefined ? pool.totalCount - (pool.idleCount ?? 0) : 0;
}

/** The entity classes (tables) and the migrations that lay them out; the opener passes src/database-schema.ts's. */
export interface DatabaseSchema {
  entities: Function[];
  migrations: Function[];
}

export interface DatabaseOptions {
  schema: DatabaseSchema;
  /** PostgreSQL server; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Embedded database directory; absent → in memory (tests). */
  dataDir?: string;
  /** Embedded database: start from this dump (PGlite `dumpDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob;
  /** Who holds the data directory, shown to a second process that tries to open it. */
  purpose?: string;
  /** PostgreSQL: return without connecting; the caller initializes (and may retry) later. */
  deferConnect?: boolean;
  /** Echo every statement to stderr (debugging). */
  echoSql?: boolean;
  poolSize?: number;
  /** Longest wait for a pooled connection (PostgreSQL); longer fails with a pool timeout. */
  acquireTimeoutMs?: number;
  /**
   * How long a pooled connection may sit idle before it is closed (PostgreSQL; 0 = never; unset: pg's
   * 10 s). A new connection is not free: its first executions of each prepared statement are planned
   * with the values (custom plans; the offers page's took 30–500 ms each, its generic plan ~1 ms).
   */
  poolIdleMs?: number;
  /** PostgreSQL statement_timeout for every pooled connection (0 = none). */
  statementTimeoutMs?: number;
  /** PostgreSQL: a read replica's pool — read-only sessions (a write sent here by mistake fails, even on a server that could take it). */
  readOnly?: boolean;
}

export type Database = DataSource & { kind: "pglite" | "postgres" };

const embeddedClusters = new WeakMap<DataSource, PGlite>();

/** A dump of an embedded database's cluster (gzip), to open copies of it with `loadDataDir`. */
export function dumpEmbeddedDatabase(db: Database): Promise<Blob> {
  const pglite = embeddedClusters.get(db);
  if (!pglite) throw new Error("only an embedded (PGlite) database can be dumped");
  return pglite.dumpDataDir("gzip");
}

/**
 * Calls `onNotify` for each notification on `channel` (PostgreSQL NOTIFY, delivered at commit):
 * in-process on the embedded database, on a connection of its own (outside the pool) on PostgreSQL,
 * opened again after it drops. Answers a function that stops listening. A listener is only a
 * wake-up: whoever uses it still polls, so a notification lost while reconnecting delays, never loses, work.
 */
export async function listen(db: Database, channel: string, onNotify: () => void, onError: (err: unknown) => void = () => undefined): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const pglite = embeddedClusters.get(db);
  if (pglite) return pglite.listen(channel, () => onNotify());
  const url = (db.options as { url?: string }).url;
  let stopped = false;
  let client: Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    const next = new Client({ connectionString: url, application_name: "customer360-listener" });
    next.on("notification", () => onNotify());
    next.on("error", (err) => {
      onError(err);
      next.end().catch(() => undefined);
      if (!stopped && client === next) {
        client = null;
        retry = setTimeout(() => void connect().catch(onError), 1000);
      }
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    if (stopped) return void (await next.end());
    client = next;
    onNotify(); // whatever was committed while not listening
  };
  await connect().catch((err: unknown) => {
    onError(err);
    retry = setTimeout(() => void connect().catch(onError), 1000);
  });
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/** Creates and initializes the data source; migrations are run separately (see migrate.ts). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const common = {
    type: "postgres" as const,
    entities: options.schema.entities,
    migrations: options.schema.migrations,
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each" as const,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: "pgcrypto" as const,
    synchronize: false,
    logger: new CountingLogger(options.echoSql ?? false),
  };
  if (options.databaseUrl) {
    const dataSource = new DataSource({
      ...common,
      url: options.databaseUrl,
      poolSize: options.poolSize ?? 10,
      // a replica takes no DDL: the primary's migrations installed the extensions
      installExtensions: !options.readOnly,
      extra: {
        connectionTimeoutMillis: options.acquireTimeoutMs ?? 5000,
        ...(options.poolIdleMs !== undefined ? { idleTimeoutMillis: options.poolIdleMs } : {}),
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
        // JIT off: the API's statements are short, but their cost estimates pass jit_above_cost as the
        // tables grow, and compiling then takes longer than running (serviceMetrics at 100,000
        // customers: 658 ms with JIT, of which 526 ms compiling; 172 ms without)
        options: ["-c jit=off", ...(options.readOnly ? ["-c default_transaction_read_only=on"] : [])].join(" "),
        ...(options.readOnly ? { application_name: "customer360-replica" } : {}),
      },
    });
    const database = Object.assign(dataSource, { kind: "postgres" as const });
    const initialize = database.initialize.bind(database);
    database.initialize = async () => {
      await initialize();
      usePreparedStatements(database);
      return database;
    };
    if (!options.deferConnect) await database.initialize();
    const destroy = database.destroy.bind(database);
    database.destroy = async () => {
      if (database.isInitialized) await destroy();
    };
    return database;
  }

  const unlock = options.dataDir ? lockDataDir(options.dataDir, options.purpose ?? "customer360") : () => undefined;
  try {
    const pglite = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      extensions: { pgcrypto, pg_trgm },
      // int8 as its decimal text, as node-postgres gives it (PGlite's own parser makes a BigInt): one
      // shape on both backends, so no caller casts or converts for the embedded database; int8[] follows
      parsers: { [types.INT8]: (value: string) => value },
    });
    const dataSource = new DataSource({ ...common, driver: pglitePoolDriver(pglite) });
    embeddedClusters.set(dataSource, pglite);
    await dataSource.initialize();
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      try {
        await destroy();
      } finally {
        unlock();
      }
    };
    return Object.assign(dataSource, { kind: "pglite" as const });
  } catch (err) {
    unlock();
    throw err;
  }
}
