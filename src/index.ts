import "reflect-metadata";
import { ConfigError, loadConfig } from "./config";
import { startApplication } from "./app";
import { DataDirLockedError } from "./db/data-dir-lock";
import { seedDemoIfEmpty } from "./seed";
import { logger } from "./shared/logger";

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApplication(config, { seedDemo: seedDemoIfEmpty });
  logger.info({ url: app.server.url, metrics: app.server.metricsUrl, mode: config.nodeEnv, database: app.db.kind }, "Customer360 is serving");
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    logger.fatal(err.message);
  } else {
    logger.fatal({ err }, "start-up failed");
  }
  process.exit(1);
});
