import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { DataDirLockedError } from "../db/data-dir-lock";
import { retentionPolicy } from "../modules/retention/retention-policy";
import { runRetention, type RetentionReport } from "../modules/retention/retention.service";
import { withMigratedDatabase } from "./script-database";

const USAGE = "usage: npm run retention -- [--dry-run] [--batch N]\n" +
  "  --dry-run  count what the retention table would remove now, remove nothing (nothing is recorded)\n" +
  "  --batch N  rows per DELETE transaction (default RETENTION_BATCH_SIZE, 5000)\n" +
  "Periods: RETENTION_*_DAYS / RETENTION_*_YEARS (docs/retention.md).";

/** The report as a table: one line per rule, then the totals. */
export function reportTable(report: RetentionReport): string {
  const header = ["rule", "table", "cutoff", report.dryRun ? "would delete" : "deleted", "partitions dropped", "held", "kept"];
  const rows = report.counts.map((count) => [
    count.rule, count.table, count.cutoff.toISOString().slice(0, 10), String(count.deletedRows),
    count.droppedPartitions.length > 0 ? `${count.droppedPartitions.length} (${count.droppedPartitions.join(", ")})` : "0",
    String(count.heldRows), String(count.keptRows),
  ]);
  const sum = (pick: (count: RetentionReport["counts"][number]) => number) => String(report.counts.reduce((total, count) => total + pick(count), 0));
  rows.push(["total", "", "", sum((c) => c.deletedRows), sum((c) => c.droppedPartitions.length), sum((c) => c.heldRows), sum((c) => c.keptRows)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** npm run retention: applies the retention table now (or counts with --dry-run) and prints the counts. */
async function main(): Promise<number> {
  let options: { dryRun: boolean; batch: number | undefined };
  const config = loadConfig();
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { "dry-run": { type: "boolean" }, batch: { type: "string" } }, strict: true });
    const batch = values.batch === undefined ? undefined : Number(values.batch);
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 100_000)) throw new Error("--batch must be an integer from 1 to 100,000");
    retentionPolicy(config.retention.periods);
    options = { dryRun: Boolean(values["dry-run"]), batch };
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const report = await withMigratedDatabase(config, "retention", (db) =>
      runRetention(db, {
        trigger: "cli",
        dryRun: options.dryRun,
        batchSize: options.batch ?? config.retention.batchSize,
        periods: config.retention.periods,
        context: { streaming: config.webhooks.stream !== null },
      }),
    );
    if (!report) {
      console.error("a retention run is under way elsewhere (another replica or command); nothing done");
      return 4;
    }
    console.log(reportTable(report));
    console.log(report.dryRun ? "dry run: nothing was removed or recorded" : `recorded as retention run ${report.runId}`);
    return 0;
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`retention cannot run now: ${err.message}\nThe embedded database can be opened by one process only; the server runs retention itself (RETENTION_SCHEDULE).`);
      return 3;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`retention failed: ${err instanceof ConfigError ? err.message : (err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
