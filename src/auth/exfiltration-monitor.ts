import type { DataSource } from "typeorm";
import type { AuditRecord } from "./audit-record";
import type { ExfiltrationAlertSettings } from "../config";
import { RELEASED_OUTCOMES } from "./access-audit";

export type { ExfiltrationAlertSettings };

export type ExfiltrationAlertKind = "CUSTOMERS_PER_WINDOW" | "VALUES_PER_WINDOW";

export interface ExfiltrationAlert {
  actorId: string;
  role: string;
  kind: ExfiltrationAlertKind;
  windowStart: Date;
  windowEnd: Date;
  customers: number;
  values: number;
  details: string;
}

/** One actor's sliding window. */
class ActorWindow {
  /** customer id → when last seen (ms); kept in last-seen order (re-inserted on every sighting). */
  readonly customers = new Map<string, number>();
  /** personal values received, in one-second buckets, oldest first. */
  readonly buckets: { at: number; values: number }[] = [];
  values = 0;
  alertedAt: number | null = null;

  constructor(public role: string) {}

  prune(now: number, windowMs: number): void {
    const since = now - windowMs;
    for (const [customerId, at] of this.customers) {
      if (at > since) break;
      this.customers.delete(customerId);
    }
    let drop = 0;
    while (drop < this.buckets.length && this.buckets[drop].at <= since) this.values -= this.buckets[drop++].values;
    if (drop > 0) this.buckets.splice(0, drop);
    if (this.alertedAt !== null && this.alertedAt <= since) this.alertedAt = null;
  }

  get idle(): boolean {
    return this.customers.size === 0 && this.values === 0 && this.alertedAt === null;
  }
}

/** How often (in observed writes) windows of actors who stopped reading are swept away. */
const SWEEP_EVERY = 1000;

/**
 * Counts, per actor, the personal values released to them (audit rows ALLOWED/MASKED as they are
 * written) over a sliding window, and raises at most one alert per actor per window when a
 * threshold is crossed. In-process: each replica counts the reads it served (see README).
 * Memory per actor is bounded: only the `customersPerWindow + 1` most recently seen customers are
 * kept, which is exactly enough to tell whether the threshold is exceeded.
 */
export class ExfiltrationMonitor {
  private readonly actors = new Map<string, ActorWindow>();
  private observed = 0;

  constructor(readonly settings: ExfiltrationAlertSettings) {}

  get enabled(): boolean {
    return this.settings.customersPerWindow > 0 || this.settings.valuesPerWindow > 0;
  }

  /** Feeds written audit rows; returns the alerts they raise (to be stored by the caller). */
  observe(rows: readonly Partial<AuditRecord>[], now = Date.now()): ExfiltrationAlert[] {
    if (!this.enabled) return [];
    const { windowMs, customersPerWindow } = this.settings;
    const touched = new Set<string>();
    for (const row of rows) {
      if (!row.actorId || !row.customerId || !RELEASED_OUTCOMES.has(row.outcome ?? "")) continue;
      let window = this.actors.get(row.actorId);
      if (!window) this.actors.set(row.actorId, (window = new ActorWindow(row.role ?? "")));
      if (!touched.has(row.actorId)) {
        window.prune(now, windowMs);
        touched.add(row.actorId);
      }
      window.customers.delete(row.customerId);
      window.customers.set(row.customerId, now);
      if (customersPerWindow > 0 && window.customers.size > customersPerWindow + 1) {
        window.customers.delete(window.customers.keys().next().value as string);
      }
      const values = row.fields?.length ?? 0;
      const last = window.buckets[window.buckets.length - 1];
      if (last && now - last.at < 1000) last.values += values;
      else window.buckets.push({ at: now, values });
      window.values += values;
    }
    const alerts: ExfiltrationAlert[] = [];
    for (const actorId of touched) {
      const alert = this.check(actorId, this.actors.get(actorId)!, now);
      if (alert) alerts.push(alert);
    }
    if (++this.observed % SWEEP_EVERY === 0) this.sweep(now);
    return alerts;
  }

  /** An alert could not be stored: let the next read raise it again. */
  forget(alert: ExfiltrationAlert): void {
    const window = this.actors.get(alert.actorId);
    if (window) window.alertedAt = null;
  }

  private check(actorId: string, window: ActorWindow, now: number): ExfiltrationAlert | null {
    if (window.alertedAt !== null) return null;
    const { customersPerWindow, valuesPerWindow, windowMs } = this.settings;
    const customers = window.customers.size;
    let kind: ExfiltrationAlertKind | null = null;
    if (customersPerWindow > 0 && customers > customersPerWindow) kind = "CUSTOMERS_PER_WINDOW";
    else if (valuesPerWindow > 0 && window.values > valuesPerWindow) kind = "VALUES_PER_WINDOW";
    if (!kind) return null;
    window.alertedAt = now;
    const minutes = Math.round(windowMs / 60_000);
    const customerText = customersPerWindow > 0 && customers > customersPerWindow ? `more than ${customersPerWindow}` : String(customers);
    return {
      actorId,
      role: window.role,
      kind,
      windowStart: new Date(now - windowMs),
      windowEnd: new Date(now),
      customers,
      values: window.values,
      details:
        `${customerText} distinct customers and ${window.values} personal values released within ${minutes} min ` +
        `(thresholds: ${customersPerWindow || "off"} customers, ${valuesPerWindow || "off"} values)`,
    };
  }

  private sweep(now: number): void {
    for (const [actorId, window] of this.actors) {
      window.prune(now, this.settings.windowMs);
      if (window.idle) this.actors.delete(actorId);
    }
  }
}

/** Stores raised alerts (one INSERT; columns as arrays like the audit rows; `at` = window end, in ms as cursors carry it). */
export async function writeAccessAlerts(db: DataSource, alerts: readonly ExfiltrationAlert[]): Promise<void> {
  if (alerts.length === 0) return;
  const column = <T>(pick: (alert: ExfiltrationAlert) => T) => alerts.map(pick);
  await db.query(
    `INSERT INTO access_alert (at, actor_id, role, kind, window_start, window_end, customer_count, value_count, details)
     SELECT window_end, actor_id, role, kind, window_start, window_end, customer_count, value_count, details
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::int[], $8::text[])
          AS t(actor_id, role, kind, window_start, window_end, customer_count, value_count, details)`,
    [
      column((alert) => alert.actorId),
      column((alert) => alert.role),
      column((alert) => alert.kind),
      column((alert) => alert.windowStart.toISOString()),
      column((alert) => alert.windowEnd.toISOString()),
      column((alert) => alert.customers),
      column((alert) => alert.values),
      column((alert) => alert.details),
    ],
  );
}
