import { Webhook } from "standardwebhooks";
import type { DataSource } from "typeorm";
import { sealedText } from "../../shared/pii-crypto";
import { sweepComplaintDeadlines } from "../interaction/complaint-deadlines";
import { reactToEvents } from "./event-reactions";
import { toCloudEvent, type StoredEvent } from "./outbox";
import { DeliveryStatus } from "./webhook.entity";

export interface DispatchSettings {
  /** Seconds before each retry; failing after the last one → DEAD. */
  retrySchedule: number[];
  timeoutMs: number;
}

export interface DispatchPass {
  /** Outbox events handed to the endpoints (one delivery row per endpoint that wants the type). */
  fannedOut: number;
  attempted: number;
  delivered: number;
  dead: number;
}

const FAN_OUT_BATCH = 500;
const DELIVERY_BATCH = 64;

/**
 * Hands committed events to every active endpoint whose types include theirs, and marks them
 * published. An event still in an open transaction is invisible here and is taken by a later pass
 * once committed: `published_at IS NULL`, not a position high-water mark, decides what is new, so
 * no event is skipped when transactions commit out of position order.
 */
async function fanOut(db: DataSource, now: Date): Promise<number> {
  return db.transaction(async (manager) => {
    const events: { id: string }[] = await manager.query(
      `SELECT id FROM event_outbox WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [FAN_OUT_BATCH],
    );
    if (events.length === 0) return 0;
    const ids = events.map((event) => event.id);
    await manager.query(
      `INSERT INTO webhook_delivery (endpoint_id, event_id, position, customer_id, next_attempt_at)
       SELECT w.id, e.id, e.position, e.customer_id, $2 FROM event_outbox e
         JOIN webhook_endpoint w ON w.active AND (cardinality(w.event_types) = 0 OR e.type = ANY(w.event_types))
        WHERE e.id = ANY($1::uuid[])
       ON CONFLICT ON CONSTRAINT "UQ_webhook_delivery_event" DO NOTHING`,
      [ids, now],
    );
    await reactToEvents(manager, ids, now);
    await manager.query(`UPDATE event_outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
    return ids.length;
  });
}

interface DueDelivery extends StoredEvent {
  delivery_id: string;
  attempts: number;
  url: string;
  secret_sealed: string;
}

/**
 * The deliveries due now, at most one per endpoint and customer: the earliest pending one. A
 * customer's later event waits until the earlier one is delivered or dead, so each endpoint
 * receives one customer's events in outbox order.
 */
async function dueDeliveries(db: DataSource, now: Date): Promise<DueDelivery[]> {
  return db.query(
    `SELECT d.id AS delivery_id, d.attempts, w.url, w.secret_sealed,
            e.id, e.position::text AS position, e.type, e.customer_id, e.occurred_at, e.data
       FROM webhook_delivery d
       JOIN webhook_endpoint w ON w.id = d.endpoint_id AND w.active
       JOIN event_outbox e ON e.id = d.event_id
      WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
        AND NOT EXISTS (SELECT 1 FROM webhook_delivery p
                         WHERE p.endpoint_id = d.endpoint_id AND p.customer_id IS NOT DISTINCT FROM d.customer_id
                           AND p.status = 'PENDING' AND p.position < d.position)
      ORDER BY d.position LIMIT $2`,
    [now, DELIVERY_BATCH],
  );
}

/** One POST, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature over `id.timestamp.body`). */
async function attempt(delivery: DueDelivery, settings: DispatchSettings, now: Date): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const body = JSON.stringify(toCloudEvent(delivery));
  const secret = sealedText.from(delivery.secret_sealed) as string;
  const signature = new Webhook(secret).sign(delivery.id, now, body);
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/cloudevents+json",
        "webhook-id": delivery.id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, status: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (err) {
    const error = err instanceof Error ? (err.name === "TimeoutError" ? "timeout" : (err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return { ok: false, status: null, error: error.slice(0, 200) };
  }
}

/** Seconds until the next attempt after `failures` failed ones, with up to 20 % jitter; null when the schedule is spent. */
export function retryDelaySeconds(schedule: number[], failures: number, random: () => number = Math.random): number | null {
  if (failures > schedule.length) return null;
  const base = schedule[failures - 1];
  return base * (1 + 0.2 * random());
}

/** Delivers what is due now and records each outcome (DELIVERED, a next attempt, or DEAD). */
async function deliverDue(db: DataSource, settings: DispatchSettings, now: Date): Promise<Omit<DispatchPass, "fannedOut">> {
  const due = await dueDeliveries(db, now);
  const outcomes = await Promise.all(due.map(async (delivery) => ({ delivery, result: await attempt(delivery, settings, now) })));
  let delivered = 0;
  let dead = 0;
  for (const { delivery, result } of outcomes) {
    const failures = delivery.attempts + 1;
    if (result.ok) {
      delivered++;
      await db.query(
        `UPDATE webhook_delivery SET status = $2, attempts = $3, last_status = $4, last_error = NULL, delivered_at = $5 WHERE id = $1`,
        [delivery.delivery_id, DeliveryStatus.DELIVERED, failures, result.status, now],
      );
      continue;
    }
    const delay = retryDelaySeconds(settings.retrySchedule, failures);
    if (delay === null) dead++;
    await db.query(
      `UPDATE webhook_delivery SET status = $2, attempts = $3, last_status = $4, last_error = $5, next_attempt_at = $6 WHERE id = $1`,
      [delivery.delivery_id, delay === null ? DeliveryStatus.DEAD : DeliveryStatus.PENDING, failures, result.status, result.error, new Date(now.getTime() + (delay ?? 0) * 1000)],
    );
  }
  return { attempted: due.length, delivered, dead };
}

/** One pass of the dispatcher: hand new events to the endpoints, then deliver what is due. */
export async function dispatchOnce(db: DataSource, settings: DispatchSettings, now: Date = new Date()): Promise<DispatchPass> {
  await sweepComplaintDeadlines(db, now);
  const fannedOut = await fanOut(db, now);
  return { fannedOut, ...(await deliverDue(db, settings, now)) };
}

/**
 * The dispatcher loop of an API process (WEBHOOK_DISPATCH=on): a pass every `pollMs`, at once
 * again while passes find work. Several processes may run it: fan-out locks the events it takes
 * (SKIP LOCKED). Returns a stop function that waits for the running pass.
 */
export function startDispatcher(db: DataSource, settings: DispatchSettings & { pollMs: number }, onError: (err: unknown) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = dispatchOnce(db, settings)
      .then((pass) => pass.fannedOut + pass.attempted > 0)
      .catch((err: unknown) => {
        onError(err);
        return false;
      })
      .then((busy) => {
        if (!stopped) timer = setTimeout(tick, busy ? 0 : settings.pollMs);
      });
  };
  timer = setTimeout(tick, settings.pollMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
