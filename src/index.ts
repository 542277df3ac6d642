import "reflect-metadata";
import { ConfigError, loadConfig } from "./config";
import { startApplication } from "./app";
import { DataDirLockedError } from "./db/data-dir-lock";
import { seedDemoThroughImportIfEmpty } from "./seed/through-import";
import { seedProgressLines } from "./seed/progress";
import { logger } from "./shared/logger";
import { listenProblem } from "./http/port-check";


async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApplication(config, {
    // the first start seeds demo data through the import path (a few seconds to minutes): say how far it is
    seedDemo: (db, options) =>
      seedDemoThroughImportIfEmpty(db, { ...options, onProgress: seedProgressLines((line, progress) => logger.info({ [progress.unit]: progress.done, of: progress.of }, line)) }),
    onFatal: (error) => {
      logger.fatal(error.message);
      process.exit(1);
    },
  });
  logger.info({ url: app.server.url, metrics: app.server.metricsUrl, mode: config.nodeEnv, database: app.db.kind }, "Customer360 is serving");
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    const started = Date.now();
    app.close().then(
      () => {
        logger.info({ ms: Date.now() - started }, "stopped");
        process.exit(0);
      },
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
  const { address, port } = (err ?? {}) as { address?: string; port?: number };
  const portProblem = listenProblem(err, "PORT", address ?? "", port ?? 0);
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    logger.fatal(err.message);
  } else if (portProblem) {
    logger.fatal(portProblem); // taken between the check and the listen
  } else {
    logger.fatal({ err }, "start-up failed");
  }
  process.exit(1);
});
