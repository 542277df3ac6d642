import type { AppConfig } from "./config";
import { openDatabase, type Database } from "./db/data-source";
import { seedDemoIfEmpty } from "./db/seed";
import { buildServedSchema } from "./graphql/schema";
import { startHttpServer, type RunningServer } from "./http/server";
import { logger } from "./shared/logger";

export interface Application {
  db: Database;
  server: RunningServer;
  close: () => Promise<void>;
}

/** config → database (migrated, demo data when empty) → schema → HTTP server. */
export async function startApplication(config: AppConfig, options: { seedDemo?: boolean } = {}): Promise<Application> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    purpose: "server",
  });
  try {
    const applied = await db.runMigrations();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
    if (options.seedDemo ?? true) {
      const report = await seedDemoIfEmpty(db, { customers: config.demoCustomers, seed: config.seed, piiKey: config.piiEncryptionKey });
      if (report) logger.info({ customers: report.customers, millis: report.millis }, "demo data seeded");
    }
    const schema = await buildServedSchema();
    const server = await startHttpServer(db, config, schema);
    return {
      db,
      server,
      close: async () => {
        await server.stop();
        await db.destroy();
      },
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
