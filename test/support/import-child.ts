import { openDatabase } from "../../src/db/data-source";
import { DATABASE_SCHEMA } from "../../src/database-schema";
import { startImport } from "../../src/modules/importing/import.service";

/** A child process that runs one import job and says after each committed batch where it stands (for the kill -9 test). */
async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  const db = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: env.CHILD_DATABASE_URL, poolSize: 2 });
  const job = await startImport(db, {
    file: env.CHILD_FILE,
    sourceSystem: env.CHILD_SOURCE,
    entity: "customers",
    createdBy: "kill-test",
    piiKey: env.CHILD_PII_KEY,
    batchSize: Number(env.CHILD_BATCH),
    onBatch: (progress) => process.stdout.write(`committed ${progress.id} ${progress.lastLine}\n`),
  });
  process.stdout.write(`finished ${job.status}\n`);
  await db.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
