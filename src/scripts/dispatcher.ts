import "reflect-metadata";
import { loadConfig } from "../config";
import { DataDirLockedError } from "../db/data-dir-lock";
import { configurePiiKey } from "../shared/pii-crypto";
import { startDispatcher } from "../modules/events/webhook-dispatcher";
import { useConfiguredSlaPolicy } from "../modules/service-desk/case-sla";
import { withMigratedDatabase } from "./script-database";

/**
 * npm run dispatcher: the webhook dispatcher as a process of its own (PostgreSQL; the embedded
 * database admits one process, the API's, which runs the dispatcher itself). Several may run
 * beside the API replicas: each pass locks the events it hands out. Stops on SIGTERM or SIGINT
 * after the pass in flight.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  configurePiiKey(config.piiEncryptionKey); // endpoint secrets are sealed with it
  try {
    await withMigratedDatabase(config, "dispatcher", async (db) => {
      await useConfiguredSlaPolicy(db, config.caseSlaTargets);
      const stop = startDispatcher(db, config.webhooks, (err) => console.error(`dispatch pass failed: ${err instanceof Error ? err.message : String(err)}`));
      console.log(`dispatching webhooks every ${config.webhooks.pollMs} ms (retries after ${config.webhooks.retrySchedule.join(", ")} s)${config.webhooks.stream ? `, streaming to NATS stream ${config.webhooks.stream.streamName}` : ""}`);
      await new Promise<void>((resolve) => {
        for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve());
      });
      await stop();
    });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`dispatcher cannot run now: ${err.message}\nThe API process dispatches on the embedded database (WEBHOOK_DISPATCH=on); run this against PostgreSQL with DATABASE_URL.`);
      return 3;
    }
    throw err;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`dispatcher failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
