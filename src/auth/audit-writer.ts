import type { DataSource } from "typeorm";
import type { AuditEntry } from "../modules/audit/audit-entry.entity";
import { writeAccessAudit } from "./access-audit";

interface PendingWrite {
  rows: Partial<AuditEntry>[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per INSERT statement (PostgreSQL allows 65,535 bind parameters; a row binds 8). */
const MAX_ROWS_PER_STATEMENT = 2000;

/**
 * Group commit for the access audit: the rows of requests that finish at about the same time go
 * into one INSERT (one round trip, one WAL flush) instead of one each. Every caller still waits
 * until its own rows are committed, and learns if they were not — so the audit stays fail-closed.
 * At most one INSERT is in flight; rows arriving meanwhile form the next one.
 */
export class AuditWriter {
  private queue: PendingWrite[] = [];
  private flushing = false;

  constructor(private readonly db: DataSource) {}

  write(rows: Partial<AuditEntry>[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await writeAccessAudit(this.db, batch.flatMap((write) => write.rows));
        for (const write of batch) write.resolve();
      } catch (error) {
        for (const write of batch) write.reject(error);
      }
    }
    this.flushing = false;
  }

  private takeBatch(): PendingWrite[] {
    let rows = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || rows + this.queue[count].rows.length <= MAX_ROWS_PER_STATEMENT)) {
      rows += this.queue[count].rows.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }
}
