import { Webhook } from "standardwebhooks";
import type { DataSource } from "typeorm";
import type { StreamSettings } from "../../config";
import { sealedText } from "../../shared/pii-crypto";
import { natsEventStream, streamOnce, type EventStream } from "./event-stream";
import { toCloudEvent, type StoredEvent } from "./outbox";
import { DeliveryStatus } from "./webhook.entity";

export interface DispatchSettings {
  /** Seconds before each retry; failing after the last one → DEAD. */
  retrySchedule: number[];
  timeoutMs: number;
  /** The outbox's stream consumer (NATS JetStream), when there is one. */
  eventStream?: EventStream | null;
}

export interface DispatchPass {
  /** Outbox events handed to the endpoints (one delivery row per endpoint that wants the type). */
  fannedOut: number;
  attempted: number;
  delivered: number;
  dead: number;
  /** Events the stream acknowledged in this pass. */
  streamed: number;
  /** Why the stream took fewer than it was offered (its unsent events wait for the next pass). */
  streamError: unknown;
}

const FAN_OUT_BATCH = 500;
const DELIVERY_BATCH = 64;

/**
 * Hands committed events to every active endpoint whose types include theirs, and marks them
 * published. An event still in an open transaction is invisible here and is taken by a later pass
 * once committed: `published_at IS NULL`, not a position high-water mark, decides what is new, so
 * no event is skipped when transactions commit out of position order. One process fans out at a
 * time (an advisory lock held by the pass's transaction): two side by side could queue one
 * customer's later event before its earlier one.
 */
async function fanOut(db: DataSource, now: Date): Promise<number> {
  return db.transaction(async (manager) => {
    // one fan-out at a time, so that a customer's deliveries are queued in outbox order
    const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('customer360.event_fan_out')) AS locked`);
    if (!locked) return 0;
    const events: { id: string }[] = await manager.query(
      `SELECT id FROM event_outbox WHERE published_at IS NULL ORDER BY position LIMIT $1`,
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
 * receives one customer's events in outbox order. The deliveries taken are leased (their next
 * attempt moved past the attempt's timeout) in the same statement, so another dispatcher does not
 * send them at the same time; a dispatcher killed mid-attempt leaves them due again when the lease ends.
 */
async function dueDeliveries(db: DataSource, now: Date, leaseMs: number): Promise<DueDelivery[]> {
  return db.query(
    `WITH due AS (
       SELECT d.id FROM webhook_delivery d
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery p
                           WHERE p.endpoint_id = d.endpoint_id AND p.customer_id IS NOT DISTINCT FROM d.customer_id
                             AND p.status = 'PENDING' AND p.position < d.position)
        ORDER BY d.position LIMIT $2 FOR UPDATE SKIP LOCKED),
     leased AS (UPDATE webhook_delivery l SET next_attempt_at = $3 FROM due WHERE l.id = due.id RETURNING l.id, l.attempts, l.endpoint_id, l.event_id)
     SELECT leased.id AS delivery_id, leased.attempts, w.url, w.secret_sealed,
            e.id, e.position::text AS position, e.type, e.customer_id, e.occurred_at, e.data
       FROM leased
       JOIN webhook_endpoint w ON w.id = leased.endpoint_id AND w.active
       JOIN event_outbox e ON e.id = leased.event_id
      ORDER BY e.position`,
    [now, DELIVERY_BATCH, new Date(now.getTime() + leaseMs)],
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
async function deliverDue(db: DataSource, settings: DispatchSettings, now: Date): Promise<Pick<DispatchPass, "attempted" | "delivered" | "dead">> {
  const due = await dueDeliveries(db, now, 2 * settings.timeoutMs);
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

/**
 * One pass of the dispatcher: hand new events to the endpoints, stream them, then deliver what is
 * due. The stream and the endpoints keep their own marks, so neither waits for the other.
 */
export async function dispatchOnce(db: DataSource, settings: DispatchSettings, now: Date = new Date()): Promise<DispatchPass> {
  const fannedOut = await fanOut(db, now);
  const { streamed, error: streamError } = settings.eventStream ? await streamOnce(db, settings.eventStream) : { streamed: 0, error: null };
  return { fannedOut, streamed, streamError, ...(await deliverDue(db, settings, now)) };
}

/**
 * The dispatcher loop of an API process (WEBHOOK_DISPATCH=on): a pass every `pollMs`, at once
 * again while passes find work. Several processes may run it: one fans out or streams at a time,
 * and each delivery is leased to the process sending it. Returns a stop function that waits for the running pass.
 */
export function startDispatcher(
  db: DataSource,
  settings: Omit<DispatchSettings, "eventStream"> & { pollMs: number; stream: StreamSettings | null },
  onError: (err: unknown) => void,
): () => Promise<void> {
  const eventStream = settings.stream ? natsEventStream(settings.stream) : null;
  const pass = { ...settings, eventStream };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = dispatchOnce(db, pass)
      .then((done) => {
        if (done.streamError) onError(done.streamError);
        return done.fannedOut + done.streamed + done.attempted > 0;
      })
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
    await eventStream?.close();
  };
}
