import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import type { Database } from "../db/data-source";
import { openScriptDatabase } from "../scripts/script-database";
import { startImport } from "../modules/importing/import.service";
import type { ImportJob } from "../modules/importing/import-job.entity";
import { configurePiiKey } from "../shared/pii-crypto";
import { CUSTOMER_HEADER, csvLine, customerRows, customerSourceId, writeCustomerFile } from "./import-files";

/** One customer record the feed wrote: when its batch was due, and when that batch's transaction returned (null: not yet). */
export interface FedRecord {
  dueAt: number;
  committedAt: number | null;
  customerId: string;
  /** The outbox event its commit wrote (resolved by `assignEvents`). */
  eventId: string | null;
}

const SOURCE_SYSTEM = "BENCH_FEED";
const ADDRESS = CUSTOMER_HEADER.indexOf("address");

/**
 * Events produced by import batches, as `npm run import` produces them: the import service in this
 * process (startImport, one job) reading a CSV file that is a named pipe, which the feed writes
 * `batch` changed customers into every batch / rate seconds (an open loop: on schedule whether or
 * not the import kept up). Each record changes the address of one of `customers` customers the
 * feed imported first, so its batch's transaction writes exactly one `customer.updated` event for
 * it. A record's commit mark is when its batch's transaction returned to the import (read by
 * wrapping the database's `transaction`, whose only caller during the load is the batch commit).
 */
export class ImportFeed {
  readonly records: FedRecord[] = [];
  /** Each batch's transaction, begin to its return (ms). */
  readonly transactionMs: number[] = [];
  private lastCommitAt = 0;
  private committed = 0;
  private jobId: string | null = null;
  private failure: unknown = null;

  private constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly customerIds: string[],
    private readonly rows: (string | number | null)[][],
    private readonly writer: fs.WriteStream,
    private readonly job: Promise<ImportJob>,
  ) {}

  /** Imports `customers` new customers (their customer.created events go out before the load), then starts the job on the pipe. */
  static async open(databaseUrl: string, piiKey: string, customers: number, batch: number): Promise<ImportFeed> {
    configurePiiKey(piiKey);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-bench-feed-"));
    const db = await openScriptDatabase({ databaseUrl, poolSize: 4, purpose: "bench:events import feed" });
    try {
      const setup = path.join(dir, "customers.csv");
      await writeCustomerFile(setup, customers);
      const created = await startImport(db, { file: setup, entity: "customers", sourceSystem: SOURCE_SYSTEM, createdBy: "bench:events", piiKey, batchSize: 1000 });
      if (created.status !== "COMPLETED" || created.inserted !== customers) throw new Error(`the feed's customers: job ${created.status}, ${created.inserted} of ${customers} inserted`);
      const keys: { source_id: string; record_id: string }[] = await db.query(
        `SELECT source_id, record_id FROM source_key WHERE entity_kind = 'customer' AND source_system = $1`, [SOURCE_SYSTEM],
      );
      const idBySource = new Map(keys.map((key) => [key.source_id, key.record_id]));
      const customerIds = Array.from({ length: customers }, (_, i) => idBySource.get(customerSourceId(i))!);
      const row = customerRows();
      const rows = Array.from({ length: customers }, (_, i) => row(i));

      const pipe = path.join(dir, "feed.csv"); // the import knows a CSV by its name
      execFileSync("mkfifo", ["-m", "600", pipe]);
      let feed: ImportFeed | null = null;
      // opening either end of a pipe waits for the other: the job's reader and this writer open together
      const job = startImport(db, {
        file: pipe, entity: "customers", sourceSystem: SOURCE_SYSTEM, createdBy: "bench:events", piiKey, batchSize: batch,
        onBatch: (written) => feed?.batchCommitted(written),
      });
      const writer = fs.createWriteStream(pipe);
      feed = new ImportFeed(db, dir, customerIds, rows, writer, job);
      job.catch((err: unknown) => (feed!.failure = err));
      feed.markCommits();
      writer.write(`${CUSTOMER_HEADER.join(",")}\n`);
      return feed;
    } catch (err) {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private markCommits(): void {
    const db = this.db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
    const transaction = db.transaction.bind(this.db);
    db.transaction = async (...args) => {
      const started = performance.now();
      const result = await transaction(...args);
      this.lastCommitAt = performance.now();
      this.transactionMs.push(this.lastCommitAt - started);
      return result;
    };
  }

  /** After each committed batch (its transaction returned, then the job was read back): its records are committed. */
  private batchCommitted(job: ImportJob): void {
    this.jobId = job.id;
    for (; this.committed < Math.min(job.processed, this.records.length); this.committed++) this.records[this.committed].committedAt = this.lastCommitAt;
  }

  /** Writes `rate` records a second for `seconds`, a batch at a time on schedule; answers the window's records. */
  async run(rate: number, seconds: number, batch: number): Promise<FedRecord[]> {
    const first = this.records.length;
    const total = Math.round(rate * seconds);
    const started = performance.now();
    for (let written = 0; written < total; ) {
      // batch k is due at k · batch / rate seconds (batch 0 at once)
      const due = Math.min(total, (Math.floor((((performance.now() - started) / 1000) * rate) / batch) + 1) * batch);
      let chunk = "";
      for (; written < due; written++) {
        const n = this.records.length;
        const customer = n % this.customerIds.length;
        const values = [...this.rows[customer]];
        values[ADDRESS] = `${n} Feed Road`;
        chunk += csvLine(values);
        this.records.push({ dueAt: started + (Math.floor(written / batch) * batch * 1000) / rate, committedAt: null, customerId: this.customerIds[customer], eventId: null });
      }
      // csv-parse holds a chunk's last record back until a few more bytes follow it (only the end of
      // a file releases it): blank lines, which the import skips, let the batch go when it is due
      if (chunk) this.writer.write(`${chunk}\n\n\n\n`);
      if (this.failure) throw this.failure;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return this.records.slice(first);
  }

  /** Waits (at most `withinMs`) until every written record's batch committed; answers how long it waited. */
  async allCommitted(withinMs: number): Promise<number> {
    const started = performance.now();
    while (this.committed < this.records.length && performance.now() - started < withinMs && !this.failure) await new Promise((resolve) => setTimeout(resolve, 20));
    return Math.round(performance.now() - started);
  }

  /**
   * Gives each committed record the event its batch wrote: the job's events of one customer, in
   * outbox order, belong to that customer's records in file order (batches commit one after
   * another). Answers the events left over and those of another type (both should be 0).
   */
  async assignEvents(): Promise<{ extraEvents: number; otherTypes: number }> {
    if (!this.jobId) return { extraEvents: 0, otherTypes: 0 };
    const events: { id: string; customer_id: string; type: string }[] = await this.db.query(
      `SELECT id, customer_id, type FROM event_outbox WHERE request_id = $1 ORDER BY position`, [`import:${this.jobId}`],
    );
    const byCustomer = new Map<string, string[]>();
    for (const event of events) byCustomer.set(event.customer_id, [...(byCustomer.get(event.customer_id) ?? []), event.id]);
    let assigned = 0;
    for (const record of this.records) {
      if (record.committedAt === null) continue;
      record.eventId = byCustomer.get(record.customerId)?.shift() ?? null;
      if (record.eventId) assigned++;
    }
    return { extraEvents: events.length - assigned, otherTypes: events.filter((event) => event.type !== "customer.updated").length };
  }

  /** Ends the file (the job then re-assesses its customers' risk and completes) and closes the feed's database. */
  async close(withinMs: number): Promise<ImportJob | null> {
    try {
      this.writer.end();
      await once(this.writer, "close");
      return await Promise.race([this.job, new Promise<null>((resolve) => setTimeout(() => resolve(null), withinMs).unref())]);
    } finally {
      await this.db.destroy();
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
