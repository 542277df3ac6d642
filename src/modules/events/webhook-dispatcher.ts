import type { DataSource } from "typeorm";
import { listen, type Database } from "../../db/data-source";
import { ensurePartitions } from "../../db/partitions";
import { logger } from "../../shared/logger";
import type { StreamSettings } from "../../config";
import { natsEventStream, STREAM_BATCH, streamOnce, type EventStream } from "./event-stream";
import type { LiveEvent, LiveEvents } from "./live-events";
import { sweepComplaintDeadlines } from "../interaction/complaint-deadlines";
import { sweepCaseBreaches } from "../service-desk/case-breaches";
import { sweepTaskRules } from "../tasks/task-sweep";
import { reactToEvents, type HandedOutEvent } from "./event-reactions";
import { deliverDue, EndpointPipelines, type DeliveryPass, type DeliverySettings } from "./webhook-delivery";

export { retryDelaySeconds } from "./webhook-delivery";

export interface DispatchSettings extends DeliverySettings {
  /** Days the delivery log keeps an attempt and a delivered delivery (default 30). */
  logDays?: number;
  /** The outbox's stream consumer (NATS JetStream), when there is one. */
  eventStream?: EventStream | null;
  /** This process's live subscriptions, fed the events this process hands out (when replicas do not hear them from NATS). */
  live?: LiveEvents | null;
}

export interface DispatchPass extends DeliveryPass {
  /** Outbox events handed to the endpoints (one delivery row per endpoint that wants the type). */
  fannedOut: number;
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
/** Notified by the outbox's trigger when a transaction that wrote events commits (migrations/…712-OutboxNotify; only for inserted rows since …792). */
export const OUTBOX_CHANNEL = "customer360_outbox";

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
    // one statement: the lock (one fan-out at a time, so that a customer's deliveries are queued in
    // outbox order), the batch marked published, and its deliveries queued
    const events: (LiveEvent & HandedOutEvent)[] = await manager.query(
      `WITH fan_out AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtext('customer360.event_fan_out')) AS locked),
       batch AS MATERIALIZED (
         SELECT e.id FROM event_outbox e WHERE (SELECT locked FROM fan_out) AND e.published_at IS NULL ORDER BY e.position LIMIT $1),
       published AS (
         UPDATE event_outbox e SET published_at = now() FROM batch WHERE e.id = batch.id
         RETURNING e.id, e.position, e.type, e.customer_id, e.occurred_at, e.data, e.request_id),
       queued AS (
         INSERT INTO webhook_delivery (endpoint_id, event_id, position, customer_id, next_attempt_at)
         SELECT w.id, p.id, p.position, p.customer_id, $2 FROM published p
           JOIN webhook_endpoint w ON w.active AND (cardinality(w.event_types) = 0 OR p.type = ANY(w.event_types))
         ON CONFLICT ON CONSTRAINT "UQ_webhook_delivery_event" DO NOTHING)
       SELECT p.id, p.type, p.customer_id AS "customerId", p.occurred_at AS "occurredAt", p.data, p.request_id AS "requestId"
         FROM published p ORDER BY p.position`,
      [FAN_OUT_BATCH, now],
    );
    if (events.length > 0) await reactToEvents(manager, events, now);
    return events.map(({ id, type, customerId, occurredAt, data }) => ({ id, type, customerId, occurredAt, data }));
  });
}

/** Task rules count in days: their sweep, which reads each trigger's window, runs once a minute per process, not every pass. */
const TASK_SWEEP_EVERY_MS = 60_000;
let tasksSweptAt = Number.NEGATIVE_INFINITY;

async function sweepTaskRulesNowAndThen(db: DataSource, now: Date): Promise<void> {
  if (Math.abs(now.getTime() - tasksSweptAt) < TASK_SWEEP_EVERY_MS) return;
  tasksSweptAt = now.getTime();
  await sweepTaskRules(db, now);
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

const PARTITIONS_EVERY_MS = 3_600_000;
let partitionsCheckedAt = Number.NEGATIVE_INFINITY;

/** The months ahead of the partitioned tables (src/db/partitions.ts), checked at most once an hour per process: a process that runs for months keeps them ready. */
async function ensurePartitionsNowAndThen(db: DataSource, now: Date): Promise<void> {
  if (Math.abs(now.getTime() - partitionsCheckedAt) < PARTITIONS_EVERY_MS) return;
  partitionsCheckedAt = now.getTime();
  const created = await ensurePartitions(db, now);
  if (created.length > 0) logger.info({ partitions: created }, "monthly partitions created");
}

/**
 * One pass of the dispatcher: hand new events to the endpoints, stream them, then deliver what is
 * due. The stream and the endpoints keep their own marks, so neither waits for the other. With
 * `pipelines` (the running loop), deliveries are started there and recorded per endpoint when it
 * answers — `attempted` then counts the deliveries started — instead of awaited by the pass.
 */
export async function dispatchOnce(
  db: DataSource,
  settings: DispatchSettings,
  now: Date = new Date(),
  options: { clock?: boolean; pipelines?: EndpointPipelines } = {},
): Promise<DispatchPass> {
  await pruneDeliveryLog(db, now, settings.logDays ?? 30);
  if (options.clock ?? true) {
    await sweepComplaintDeadlines(db, now);
    await sweepCaseBreaches(db, now);
    await sweepTaskRulesNowAndThen(db, now);
    await ensurePartitionsNowAndThen(db, now);
  }
  const published = await fanOut(db, now);
  if (published.length > 0) settings.live?.publish(published); // committed: this process's live subscriptions may hear them
  const fannedOut = published.length;
  const { streamed, error: streamError } = settings.eventStream ? await streamOnce(db, settings.eventStream) : { streamed: 0, error: null };
  const delivery: DeliveryPass = options.pipelines
    ? { attempted: await options.pipelines.start(now), delivered: 0, dead: 0, disabled: 0 }
    : await deliverDue(db, settings, now);
  return { fannedOut, streamed, streamError, ...delivery };
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
  // an endpoint's answered deliveries may leave its customers' next ones due: another pass soon
  const pipelines = new EndpointPipelines(db, settings, (done, err) => {
    if (err) onError(err);
    if (done.attempted > 0) request(done.attempted >= BACKLOG_DELIVERIES ? 0 : WAKE_COALESCE_MS);
  });
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let timerDue = Infinity;
  let inPass = false;
  /** The soonest pass asked for (by a wake-up or an endpoint's answers) while a pass ran. */
  let requested = Infinity;
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
  const request = (ms: number) => {
    if (inPass) requested = Math.min(requested, ms);
    else schedule(ms);
  };
  const tick = () => {
    timer = null;
    timerDue = Infinity;
    inPass = true;
    requested = Infinity;
    // the deadline clock needs no more than a reading every few seconds
    const clock = Date.now() - clockAt >= CLOCK_EVERY_MS;
    if (clock) clockAt = Date.now();
    running = dispatchOnce(db, pass, new Date(), { clock, pipelines })
      .then((done): "full" | "busy" | "idle" => {
        if (done.streamError) onError(done.streamError);
        // a full batch; deliveries started ask for the next pass themselves when their endpoint has answered
        if (done.fannedOut >= FAN_OUT_BATCH || done.streamed >= STREAM_BATCH) return "full";
        return done.fannedOut + done.streamed > 0 ? "busy" : "idle";
      })
      .catch((err: unknown) => {
        onError(err);
        return "idle" as const;
      })
      .then((load) => {
        inPass = false;
        // a full batch: more is waiting now; some work: again shortly, taking what commits meanwhile
        // in the same pass; nothing: the next wake-up, answered deliveries or the poll
        schedule(Math.min(requested, load === "full" ? 0 : load === "busy" ? WAKE_COALESCE_MS : settings.pollMs));
      });
  };
  // a commit that wrote events wakes the loop (the outbox's NOTIFY) after a few milliseconds, so that
  // one pass takes the commits of that moment together; polling stays the fallback
  const wake = () => request(WAKE_COALESCE_MS);
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
    await pipelines.drain();
    await eventStream?.close();
  };
}
