import { Webhook } from "standardwebhooks";
import type { DataSource } from "typeorm";
import { listen, type Database } from "../../db/data-source";
import type { StreamSettings } from "../../config";
import { sealedText } from "../../shared/pii-crypto";
import { natsEventStream, STREAM_BATCH, streamOnce, type EventStream } from "./event-stream";
import type { LiveEvent, LiveEvents } from "./live-events";
import { sweepComplaintDeadlines } from "../interaction/complaint-deadlines";
import { reactToEvents } from "./event-reactions";
import { toCloudEvent, type StoredEvent } from "./outbox";
import { DeliveryStatus } from "./webhook.entity";

export interface DispatchSettings {
  /** Seconds before each retry; failing after the last one → DEAD. */
  retrySchedule: number[];
  timeoutMs: number;
  /** An endpoint whose every attempt failed for this long is disabled (default 5 days, as Svix). */
  disableAfterMs?: number;
  /** Days the delivery log keeps an attempt and a delivered delivery (default 30). */
  logDays?: number;
  /** The outbox's stream consumer (NATS JetStream), when there is one. */
  eventStream?: EventStream | null;
  /** This process's live subscriptions, fed the events this process hands out (when replicas do not hear them from NATS). */
  live?: LiveEvents | null;
}

export interface DispatchPass {
  /** Outbox events handed to the endpoints (one delivery row per endpoint that wants the type). */
  fannedOut: number;
  attempted: number;
  delivered: number;
  dead: number;
  /** Endpoints disabled in this pass for failing too long. */
  disabled: number;
  /** Events the stream acknowledged in this pass. */
  streamed: number;
  /** Why the stream took fewer than it was offered (its unsent events wait for the next pass). */
  streamError: unknown;
}

const FAN_OUT_BATCH = 500;
/** How long a wake-up waits for more commits before its pass (one pass then takes them together). */
const WAKE_COALESCE_MS = 50;
/** A pass that attempted this many deliveries is draining a backlog: the next one goes at once, not after the wake-up delay. */
const BACKLOG_DELIVERIES = 16;
/** How often the running loop reads the complaint deadline clock. */
const CLOCK_EVERY_MS = 10_000;
/** Notified by the outbox's trigger when a transaction that wrote events commits (migrations/…712-OutboxNotify). */
export const OUTBOX_CHANNEL = "customer360_outbox";
const DELIVERY_BATCH = 128;

/**
 * Hands committed events to every active endpoint whose types include theirs, and marks them
 * published. An event still in an open transaction is invisible here and is taken by a later pass
 * once committed: `published_at IS NULL`, not a position high-water mark, decides what is new, so
 * no event is skipped when transactions commit out of position order. One process fans out at a
 * time (an advisory lock held by the pass's transaction): two side by side could queue one
 * customer's later event before its earlier one.
 */
async function fanOut(db: DataSource, now: Date): Promise<LiveEvent[]> {
  return db.transaction(async (manager) => {
    // one fan-out at a time, so that a customer's deliveries are queued in outbox order
    const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('customer360.event_fan_out')) AS locked`);
    if (!locked) return [];
    const events: LiveEvent[] = await manager.query(
      `SELECT e.id, e.type, e.customer_id AS "customerId", e.occurred_at AS "occurredAt", e.data FROM event_outbox e
        WHERE e.published_at IS NULL ORDER BY e.position LIMIT $1`,
      [FAN_OUT_BATCH],
    );
    if (events.length === 0) return [];
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
    return events;
  });
}

interface DueDelivery extends StoredEvent {
  delivery_id: string;
  endpoint_id: string;
  attempts: number;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
}

/**
 * The deliveries due now, at most one per endpoint and customer: the earliest pending one (read
 * from the pending deliveries' (endpoint, customer, position) index). A
 * customer's later event waits until the earlier one is delivered or dead, so each endpoint
 * receives one customer's events in outbox order. The deliveries taken are leased (their next
 * attempt moved past the attempt's timeout) in the same statement, so another dispatcher does not
 * send them at the same time; a dispatcher killed mid-attempt leaves them due again when the lease ends.
 */
async function dueDeliveries(db: DataSource, now: Date, leaseMs: number): Promise<DueDelivery[]> {
  return db.query(
    `WITH heads AS (
       SELECT DISTINCT ON (h.endpoint_id, h.customer_id) h.id, h.next_attempt_at, h.position
         FROM webhook_delivery h WHERE h.status = 'PENDING'
        ORDER BY h.endpoint_id, h.customer_id, h.position),
     due AS (
       SELECT d.id FROM webhook_delivery d
        WHERE d.id IN (SELECT id FROM heads WHERE next_attempt_at <= $1 ORDER BY position LIMIT $2)
          AND d.status = 'PENDING' AND d.next_attempt_at <= $1
          AND EXISTS (SELECT 1 FROM webhook_endpoint a WHERE a.id = d.endpoint_id AND a.active)
        FOR UPDATE SKIP LOCKED),
     leased AS (UPDATE webhook_delivery l SET next_attempt_at = $3 FROM due WHERE l.id = due.id RETURNING l.id, l.attempts, l.endpoint_id, l.event_id)
     SELECT leased.id AS delivery_id, leased.endpoint_id, leased.attempts, w.url, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_until,
            e.id, e.position::text AS position, e.type, e.customer_id, e.occurred_at, e.data
       FROM leased
       JOIN webhook_endpoint w ON w.id = leased.endpoint_id AND w.active
       JOIN event_outbox e ON e.id = leased.event_id
      ORDER BY e.position`,
    [now, DELIVERY_BATCH, new Date(now.getTime() + leaseMs)],
  );
}

interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One POST, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature over
 * `id.timestamp.body`); within a rotation's grace, signed with the new and the previous secret
 * (space-separated signatures: a receiver holding either verifies).
 */
async function attempt(delivery: DueDelivery, settings: DispatchSettings, now: Date): Promise<AttemptResult> {
  const body = JSON.stringify(toCloudEvent(delivery));
  const secrets = [delivery.secret_sealed];
  if (delivery.previous_secret_sealed && delivery.previous_secret_until && new Date(delivery.previous_secret_until) > now) secrets.push(delivery.previous_secret_sealed);
  const signature = secrets.map((sealed) => new Webhook(sealedText.from(sealed) as string).sign(delivery.id, now, body)).join(" ");
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
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
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: took() };
  } catch (err) {
    const error = err instanceof Error ? (err.name === "TimeoutError" ? "timeout" : (err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return { ok: false, status: null, error: error.slice(0, 200), durationMs: took() };
  }
}

/** Seconds until the next attempt after `failures` failed ones, with up to 20 % jitter; null when the schedule is spent. */
export function retryDelaySeconds(schedule: number[], failures: number, random: () => number = Math.random): number | null {
  if (failures > schedule.length) return null;
  const base = schedule[failures - 1];
  return base * (1 + 0.2 * random());
}

const DEFAULT_DISABLE_AFTER_MS = 5 * 86_400_000;

/**
 * Records a pass's outcomes in one transaction, set-based: each delivery's state (DELIVERED, a next
 * attempt, or DEAD), one log row per attempt, each endpoint's failing streak (cleared by any
 * success), and disables the endpoints failing longer than `disableAfterMs`; answers how many.
 */
interface Outcome {
  delivery: DueDelivery;
  result: AttemptResult;
  attempts: number;
  status: DeliveryStatus;
  nextAt: Date;
}

function outcomeOf(delivery: DueDelivery, result: AttemptResult, settings: DispatchSettings, now: Date): Outcome {
  const attempts = delivery.attempts + 1;
  const delay = result.ok ? 0 : retryDelaySeconds(settings.retrySchedule, attempts);
  const status = result.ok ? DeliveryStatus.DELIVERED : delay === null ? DeliveryStatus.DEAD : DeliveryStatus.PENDING;
  return { delivery, result, attempts, status, nextAt: new Date(now.getTime() + (delay ?? 0) * 1000) };
}

async function recordOutcomes(db: DataSource, rows: Outcome[], settings: DispatchSettings, now: Date): Promise<number> {
  const column = <T>(pick: (row: Outcome) => T) => rows.map(pick);
  return db.transaction(async (manager) => {
    await manager.query(
      `UPDATE webhook_delivery d SET status = o.status, attempts = o.attempts, last_status = o.http_status, last_error = o.error,
              next_attempt_at = o.next_at, delivered_at = CASE WHEN o.status = 'DELIVERED' THEN $7::timestamptz ELSE d.delivered_at END
         FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::int[], $5::varchar[], $6::timestamptz[]) AS o(id, status, attempts, http_status, error, next_at)
        WHERE d.id = o.id`,
      [column((r) => r.delivery.delivery_id), column((r) => r.status), column((r) => r.attempts), column((r) => r.result.status), column((r) => r.result.error), column((r) => r.nextAt), now],
    );
    await manager.query(
      `INSERT INTO webhook_attempt (endpoint_id, delivery_id, event_id, attempt, attempted_at, http_status, error, duration_ms)
       SELECT o.endpoint_id, o.delivery_id, o.event_id, o.attempt, $8, o.http_status, o.error, o.duration_ms
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::varchar[], $7::int[]) AS o(endpoint_id, delivery_id, event_id, attempt, http_status, error, duration_ms)`,
      [
        column((r) => r.delivery.endpoint_id), column((r) => r.delivery.delivery_id), column((r) => r.delivery.id), column((r) => r.attempts),
        column((r) => r.result.status), column((r) => r.result.error), column((r) => r.result.durationMs), now,
      ],
    );
    const succeeded = [...new Set(rows.filter((r) => r.result.ok).map((r) => r.delivery.endpoint_id))];
    const failed = [...new Set(rows.filter((r) => !r.result.ok).map((r) => r.delivery.endpoint_id))].filter((id) => !succeeded.includes(id));
    await manager.query(
      `UPDATE webhook_endpoint SET failing_since = CASE WHEN id = ANY($1::uuid[]) THEN NULL ELSE COALESCE(failing_since, $3) END
        WHERE id = ANY($1::uuid[]) OR id = ANY($2::uuid[])`,
      [succeeded, failed, now],
    );
    const [{ n }] = await manager.query(
      `WITH disabled AS (UPDATE webhook_endpoint SET active = false, disabled_at = $1
                          WHERE active AND failing_since <= $2 RETURNING id)
       SELECT count(*)::int AS n FROM disabled`,
      [now, new Date(now.getTime() - (settings.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS))],
    );
    return n;
  });
}

/** Delivers what is due now and records each outcome. */
async function deliverDue(db: DataSource, settings: DispatchSettings, now: Date): Promise<Pick<DispatchPass, "attempted" | "delivered" | "dead" | "disabled">> {
  const due = await dueDeliveries(db, now, 2 * settings.timeoutMs);
  if (due.length === 0) return { attempted: 0, delivered: 0, dead: 0, disabled: 0 };
  const outcomes = await Promise.all(due.map(async (delivery) => outcomeOf(delivery, await attempt(delivery, settings, now), settings, now)));
  const disabled = await recordOutcomes(db, outcomes, settings, now);
  const delivered = outcomes.filter((o) => o.status === DeliveryStatus.DELIVERED).length;
  const dead = outcomes.filter((o) => o.status === DeliveryStatus.DEAD).length;
  return { attempted: due.length, delivered, dead, disabled };
}

const PRUNE_EVERY_MS = 3_600_000;
let prunedAt = 0;

/** Drops delivered deliveries and delivery-log rows older than `days`, at most once an hour per process. */
async function pruneDeliveryLog(db: DataSource, now: Date, days: number): Promise<void> {
  if (Math.abs(now.getTime() - prunedAt) < PRUNE_EVERY_MS) return;
  prunedAt = now.getTime();
  const before = new Date(now.getTime() - days * 86_400_000);
  await db.query(`DELETE FROM webhook_attempt WHERE attempted_at < $1`, [before]);
  await db.query(`DELETE FROM webhook_delivery WHERE status = 'DELIVERED' AND delivered_at < $1`, [before]);
}

/**
 * One pass of the dispatcher: hand new events to the endpoints, stream them, then deliver what is
 * due. The stream and the endpoints keep their own marks, so neither waits for the other.
 */
export async function dispatchOnce(db: DataSource, settings: DispatchSettings, now: Date = new Date(), options: { clock?: boolean } = {}): Promise<DispatchPass> {
  await pruneDeliveryLog(db, now, settings.logDays ?? 30);
  if (options.clock ?? true) await sweepComplaintDeadlines(db, now);
  const published = await fanOut(db, now);
  if (published.length > 0) settings.live?.publish(published); // committed: this process's live subscriptions may hear them
  const fannedOut = published.length;
  const { streamed, error: streamError } = settings.eventStream ? await streamOnce(db, settings.eventStream) : { streamed: 0, error: null };
  return { fannedOut, streamed, streamError, ...(await deliverDue(db, settings, now)) };
}

/**
 * The dispatcher loop of an API process (WEBHOOK_DISPATCH=on): a pass every `pollMs`, at once
 * again while passes find work. Several processes may run it: one fans out or streams at a time,
 * and each delivery is leased to the process sending it. Returns a stop function that waits for the running pass.
 */
export function startDispatcher(
  db: Database,
  settings: Omit<DispatchSettings, "eventStream"> & { pollMs: number; stream: StreamSettings | null },
  onError: (err: unknown) => void,
): () => Promise<void> {
  const eventStream = settings.stream ? natsEventStream(settings.stream) : null;
  const pass: DispatchSettings = { ...settings, eventStream };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let timerDue = Infinity;
  let inPass = false;
  let woken = false;
  let clockAt = 0;
  let running: Promise<void> = Promise.resolve();
  // a sooner pass already planned stays: wake-ups coming faster than the delay never postpone it
  const schedule = (ms: number) => {
    const due = Date.now() + ms;
    if (stopped || (timer && due >= timerDue)) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(tick, ms);
  };
  const tick = () => {
    timer = null;
    timerDue = Infinity;
    inPass = true;
    woken = false;
    // the deadline clock needs no more than a reading every few seconds
    const clock = Date.now() - clockAt >= CLOCK_EVERY_MS;
    if (clock) clockAt = Date.now();
    running = dispatchOnce(db, pass, new Date(), { clock })
      .then((done): "full" | "busy" | "idle" => {
        if (done.streamError) onError(done.streamError);
        // a full batch, or deliveries enough to be a backlog (each customer's next one is due now)
        if (done.fannedOut >= FAN_OUT_BATCH || done.attempted >= BACKLOG_DELIVERIES || done.streamed >= STREAM_BATCH) return "full";
        return done.fannedOut + done.streamed + done.attempted > 0 ? "busy" : "idle";
      })
      .catch((err: unknown) => {
        onError(err);
        return "idle" as const;
      })
      .then((load) => {
        inPass = false;
        // a full batch: more is waiting now; some work (a customer's next delivery may be due): again
        // shortly, taking what commits meanwhile in the same pass; nothing: the next wake-up or poll
        schedule(load === "full" ? 0 : load === "busy" || woken ? WAKE_COALESCE_MS : settings.pollMs);
      });
  };
  // a commit that wrote events wakes the loop (the outbox's NOTIFY) after a few milliseconds, so that
  // one pass takes the commits of that moment together; polling stays the fallback
  const wake = () => {
    if (inPass) woken = true;
    else schedule(WAKE_COALESCE_MS);
  };
  const listening = listen(db, OUTBOX_CHANNEL, wake, onError).catch((err: unknown) => {
    onError(err);
    return async () => undefined;
  });
  schedule(settings.pollMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await (await listening)();
    await running;
    await eventStream?.close();
  };
}
