import type { DataSource } from "typeorm";
import type { AuditRecord } from "./audit-record";
import { isDatabaseUnavailable } from "../db/database-errors";
import { logger } from "../shared/logger";
import { writeAccessAudit } from "./access-audit";
import { ExfiltrationMonitor, writeAccessAlerts, type ExfiltrationAlert, type ExfiltrationAlertSettings } from "./exfiltration-monitor";

interface PendingWrite {
  rows: Partial<AuditRecord>[];
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
 *
 * A batch the database rejects (one caller's bad row fails the whole statement) is written again
 * caller by caller, so only the caller whose rows cannot be stored is refused. Written rows feed the
 * exfiltration monitor, whose alerts are stored beside the audit (never delaying a caller).
 */
export class AuditWriter {
  private queue: PendingWrite[] = [];
  private flushing = false;
  private readonly monitor: ExfiltrationMonitor | null;

  constructor(private readonly db: DataSource, alerts?: ExfiltrationAlertSettings) {
    this.monitor = alerts ? new ExfiltrationMonitor(alerts) : null;
  }

  write(rows: Partial<AuditRecord>[]): Promise<void> {
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
        this.written(batch);
      } catch (error) {
        if (batch.length === 1 || isDatabaseUnavailable(error)) {
          for (const write of batch) write.reject(error);
        } else {
          await this.writeOneByOne(batch);
        }
      }
    }
    this.flushing = false;
  }

  private async writeOneByOne(batch: PendingWrite[]): Promise<void> {
    for (const write of batch) {
      try {
        await writeAccessAudit(this.db, write.rows);
        this.written([write]);
      } catch (error) {
        write.reject(error);
      }
    }
  }

  private written(writes: PendingWrite[]): void {
    for (const write of writes) write.resolve();
    this.observeWritten(writes.flatMap((write) => write.rows));
  }

  /** Rows committed by another statement (a compiled read writes its own in the same round trip): the exfiltration monitor sees them too. */
  observeWritten(rows: Partial<AuditRecord>[]): void {
    const alerts = this.monitor?.observe(rows) ?? [];
    if (alerts.length > 0) void this.storeAlerts(alerts);
  }

  private async storeAlerts(alerts: ExfiltrationAlert[]): Promise<void> {
    try {
      await writeAccessAlerts(this.db, alerts);
      for (const alert of alerts) logger.warn({ actorId: alert.actorId, kind: alert.kind, customers: alert.customers, values: alert.values }, "exfiltration alert raised");
    } catch (err) {
      for (const alert of alerts) this.monitor?.forget(alert);
      logger.error({ err }, "exfiltration alert could not be stored; the next read will raise it again");
    }
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
