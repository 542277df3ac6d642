import { ConfigError, type AppConfig } from "./config";
import { permanentDatabaseError } from "./db/database-errors";
import { assertPortFree } from "./http/port-check";
import { bootstrapAdministrator } from "./modules/staff/bootstrap-admin";
import { openDatabase, type Database } from "./db/data-source";
import { ReadReplicas } from "./db/read-replicas";
import { WriteMarks } from "./db/write-marks";
import type { ReadRouting } from "./auth/read-routing";
import { DATABASE_SCHEMA } from "./database-schema";
import { ensurePartitions } from "./db/partitions";
import { alignStoredDeadlines, configuredSlaPolicy, setCaseSlaPolicy } from "./modules/service-desk/case-sla";
import { buildServedSchema } from "./graphql/schema";
import { retentionPolicy } from "./modules/retention/retention-policy";
import { startHttpServer, type RunningServer } from "./http/server";
import { staffIdFor } from "./modules/staff/staff-id";
import { logger } from "./shared/logger";

export interface Application {
  db: Database;
  server: RunningServer;
  /** True once the database is connected and migrated. */
  isReady: () => boolean;
  close: () => Promise<void>;
}

/** Fills an empty database with demo data (null when it held customers already). */
export type DemoSeeder = (
  db: Database,
  options: { customers: number; seed: number; piiKey: string },
) => Promise<{ customers: number; millis: number } | null>;

export interface StartOptions {
  /** Demo data for an empty database, in NODE_ENV=development only (the seed is a tool above the app: index.ts hands it in). */
  seedDemo?: DemoSeeder;
  /** A setting found wrong after the start returned (a database that came up without the named database or user): the process should stop. */
  onFatal?: (error: ConfigError) => void;
}

/**
 * Migrations (on their own connection: no statement timeout for long index builds), then the first
 * administrator (BOOTSTRAP_ADMIN_USERNAME), then — in development only — demo data when empty.
 */
async function prepareDatabase(db: Database, config: AppConfig, options: StartOptions): Promise<void> {
  if (db.kind === "postgres") {
    const migrator = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: config.databaseUrl, poolSize: 1 });
    try {
      await applyMigrations(migrator);
    } finally {
      await migrator.destroy();
    }
    if (!db.isInitialized) await db.initialize();
  } else {
    await applyMigrations(db);
  }
  if (config.bootstrapAdmin) {
    const result = await bootstrapAdministrator(db, config.bootstrapAdmin);
    const log = result.outcome === "username-taken" ? logger.warn.bind(logger) : logger.info.bind(logger);
    log({ bootstrap: result.outcome, staffId: staffIdFor(config.bootstrapAdmin.username) }, "first-administrator bootstrap (BOOTSTRAP_ADMIN_USERNAME)");
  }
  if (options.seedDemo && config.nodeEnv === "development") {
    const report = await options.seedDemo(db, { customers: config.demoCustomers, seed: config.seed, piiKey: config.piiEncryptionKey });
    if (report) logger.info({ customers: report.customers, millis: report.millis }, "demo data seeded");
  }
  const recomputed = await alignStoredDeadlines(db);
  if (recomputed > 0) logger.info({ cases: recomputed }, "open cases' SLA deadlines recomputed for CASE_SLA_TARGETS");
  const partitions = await ensurePartitions(db);
  if (partitions.length > 0) logger.info({ partitions }, "monthly partitions created");
}

async function applyMigrations(db: Database): Promise<void> {
  const applied = await db.runMigrations();
  if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
}

/** The read replicas of DATABASE_REPLICA_URLS and the callers' write marks (shared in Redis when REDIS_URL is set). */
export async function openReadRouting(primary: Database, config: AppConfig): Promise<ReadRouting | undefined> {
  const settings = config.database.replicas;
  if (settings.urls.length === 0 || primary.kind !== "postgres") return undefined;
  const replicas = await ReadReplicas.open(primary, settings, {
    schema: DATABASE_SCHEMA,
    poolSize: config.database.poolSize,
    // a replica that does not answer at once is skipped: the primary answers meanwhile
    acquireTimeoutMs: Math.min(config.database.acquireTimeoutMs, 1000),
    poolIdleMs: config.database.poolIdleMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  logger.info({ replicas: replicas.status() }, "read replicas");
  // a write older than the lag limit has been replayed by every replica still read from
  const marks = new WriteMarks(settings.maxLagMs + 2 * settings.checkIntervalMs, config.traffic.redisUrl);
  await marks.ready();
  return { replicas, marks };
}

export async function closeReadRouting(routing: ReadRouting | undefined): Promise<void> {
  await routing?.replicas.close();
  await routing?.marks.close();
}

/**
 * config → database → schema → HTTP server. The embedded database opens (and migrates) before
 * serving. A PostgreSQL server that is unreachable does not stop the process: it serves at once,
 * /readyz answers 503 and GraphQL requests UNAVAILABLE, and the connection is retried every
 * DB_RETRY_INTERVAL_MS until the database is there and migrated.
 */
export async function startApplication(config: AppConfig, options: StartOptions = {}): Promise<Application> {
  // the case service levels (CASE_SLA_TARGETS over the defaults): a setting that cannot be read stops the start, before any connection
  setCaseSlaPolicy(configuredSlaPolicy(config.caseSlaTargets));
  retentionPolicy(config.retention.periods); // a retention period that cannot be read stops the start too
  // then the ports: one in use is told before any database is opened, migrated or seeded
  await assertPortFree(config.host, config.port, "PORT");
  if (config.metrics.port !== undefined) await assertPortFree(config.metrics.host, config.metrics.port, "METRICS_PORT");
  const db = await openDatabase({
    schema: DATABASE_SCHEMA,
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    purpose: "server",
    poolSize: config.database.poolSize,
    acquireTimeoutMs: config.database.acquireTimeoutMs,
    poolIdleMs: config.database.poolIdleMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
    deferConnect: true,
  });
  let ready = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let server: RunningServer | undefined;
  let readRouting: ReadRouting | undefined;
  // import jobs sent over HTTP that a stopped server left RUNNING go on once the database is there
  let resuming: Promise<unknown> = Promise.resolve();
  const resumeImports = () => {
    if (!ready || !server) return;
    resuming = server.imports.resumeSpooled().then(
      (jobs) => jobs > 0 && logger.info({ jobs }, "import jobs resumed from their spooled files"),
      (err: unknown) => logger.warn({ err: (err as Error).message }, "import jobs could not be resumed; they resume at the next start"),
    );
  };
  const connect = async (first: boolean): Promise<void> => {
    try {
      await prepareDatabase(db, config, options);
      ready = !closed;
      logger.info({ database: db.kind }, "database ready");
      resumeImports();
    } catch (err) {
      if (db.kind === "pglite") throw err;
      // a database that does not exist or a refused user: no retry cures it, the setting must change
      const permanent = permanentDatabaseError(err);
      if (permanent && first) throw new ConfigError(permanent);
      if (permanent) return options.onFatal?.(new ConfigError(permanent));
      logger.warn({ err: (err as Error).message, retryInMs: config.database.retryIntervalMs }, "database not ready; retrying");
      if (!closed) retryTimer = setTimeout(() => void connect(false), config.database.retryIntervalMs);
    }
  };
  try {
    await connect(true);
    const schema = await buildServedSchema();
    readRouting = await openReadRouting(db, config);
    const running = await startHttpServer(db, config, schema, { isReady: () => ready, readRouting });
    server = running;
    resumeImports();
    return {
      db,
      server: running,
      isReady: () => ready,
      close: async () => {
        closed = true;
        clearTimeout(retryTimer);
        await resuming; // settled (never rejects): its look-up must not meet a closed pool
        await running.stop();
        await closeReadRouting(readRouting);
        await db.destroy();
      },
    };
  } catch (err) {
    closed = true;
    clearTimeout(retryTimer);
    await closeReadRouting(readRouting);
    await db.destroy();
    throw err;
  }
}
