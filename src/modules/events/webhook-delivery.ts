import { Webhook } from "standardwebhooks";
import type { DataSource } from "typeorm";
import { sealedText } from "../../shared/pii-crypto";
import { toCloudEvent, type StoredEvent } from "./outbox";
import { DeliveryStatus } from "./webhook.entity";

/** How a dispatcher delivers to the endpoints. */
export interface DeliverySettings {
  /** Seconds before each retry; failing after the last one → DEAD. */
  retrySchedule: number[];
  timeoutMs: number;
  /** An endpoint whose every attempt failed for this long is disabled (default 5 days, as Svix). */
  disableAfterMs?: number;
}

export interface DeliveryPass {
  attempted: number;
  delivered: number;
  dead: number;
  /** Endpoints disabled in this pass for failing too long. */
  disabled: number;
}

/** Customers' queues (per endpoint) whose heads one pass takes. */
const DELIVERY_BATCH = 128;
/** Deliveries of one customer's queue that one pass may send one after another, head included. */
export const CHAIN_LENGTH = 16;

interface DueDelivery extends StoredEvent {
  delivery_id: string;
  endpoint_id: string;
  attempts: number;
  /** When it was due before this pass leased it (restored when the pass does not send it). */
  due_at: Date;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
}

/**
 * The due heads of the endpoints' per-customer queues (the earliest pending delivery of each
 * endpoint and customer, read from the pending deliveries' (endpoint, customer, position) index),
 * each with the next deliveries of its queue — a chain of at most CHAIN_LENGTH in outbox order.
 * The pass sends a chain one after another and stops at its first failure, so each endpoint
 * receives one customer's events in outbox order, and a backlog of few customers drains at a chain
 * per pass instead of one delivery per pass. Everything taken is leased (its next attempt moved
 * past the attempts' time) in the same statement, so another dispatcher does not send it at the
 * same time; a dispatcher killed mid-chain leaves it due again when the lease ends. Only the head
 * is locked with SKIP LOCKED: whoever holds a queue's head holds its chain.
 */
async function dueChains(db: DataSource, now: Date, leaseMs: number, busy: readonly string[]): Promise<DueDelivery[][]> {
  const rows: DueDelivery[] = await db.query(
    `WITH heads AS (
       SELECT DISTINCT ON (h.endpoint_id, h.customer_id) h.id, h.endpoint_id, h.next_attempt_at, h.position
         FROM webhook_delivery h WHERE h.status = 'PENDING'
        ORDER BY h.endpoint_id, h.customer_id, h.position),
     due AS (
       SELECT d.id, d.endpoint_id, d.customer_id, d.position, d.next_attempt_at FROM webhook_delivery d
        WHERE d.id IN (SELECT id FROM heads WHERE next_attempt_at <= $1 AND NOT (endpoint_id = ANY($5::uuid[])) ORDER BY position LIMIT $2)
          AND d.status = 'PENDING' AND d.next_attempt_at <= $1
          AND EXISTS (SELECT 1 FROM webhook_endpoint a WHERE a.id = d.endpoint_id AND a.active)
        FOR UPDATE SKIP LOCKED),
     taken AS (
       SELECT due.id, due.next_attempt_at FROM due
       UNION ALL
       SELECT n.id, n.next_attempt_at FROM due
        CROSS JOIN LATERAL (SELECT q.id, q.next_attempt_at FROM webhook_delivery q
                             WHERE q.endpoint_id = due.endpoint_id AND q.customer_id = due.customer_id
                               AND q.status = 'PENDING' AND q.position > due.position
                             ORDER BY q.position LIMIT $4) n),
     leased AS (UPDATE webhook_delivery l SET next_attempt_at = $3 FROM taken WHERE l.id = taken.id
                RETURNING l.id, l.attempts, l.endpoint_id, l.event_id, taken.next_attempt_at AS due_at)
     SELECT leased.id AS delivery_id, leased.endpoint_id, leased.attempts, leased.due_at, w.url, w.secret_sealed, w.previous_secret_sealed, w.previous_secret_until,
            e.id, e.position::text AS position, e.type, e.customer_id, e.occurred_at, e.data
       FROM leased
       JOIN webhook_endpoint w ON w.id = leased.endpoint_id
       JOIN event_outbox e ON e.id = leased.event_id
      ORDER BY e.position`,
    [now, DELIVERY_BATCH, new Date(now.getTime() + leaseMs), CHAIN_LENGTH - 1, busy],
  );
  const chains = new Map<string, DueDelivery[]>();
  for (const row of rows) {
    const key = `${row.endpoint_id}/${row.customer_id ?? row.delivery_id}`;
    const chain = chains.get(key);
    if (chain) chain.push(row);
    else chains.set(key, [row]);
  }
  return [...chains.values()];
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
async function attempt(delivery: DueDelivery, settings: DeliverySettings, now: Date): Promise<AttemptResult> {
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

interface Outcome {
  delivery: DueDelivery;
  result: AttemptResult;
  attempts: number;
  status: DeliveryStatus;
  nextAt: Date;
}

function outcomeOf(delivery: DueDelivery, result: AttemptResult, settings: DeliverySettings, now: Date): Outcome {
  const attempts = delivery.attempts + 1;
  const delay = result.ok ? 0 : retryDelaySeconds(settings.retrySchedule, attempts);
  const status = result.ok ? DeliveryStatus.DELIVERED : delay === null ? DeliveryStatus.DEAD : DeliveryStatus.PENDING;
  return { delivery, result, attempts, status, nextAt: new Date(now.getTime() + (delay ?? 0) * 1000) };
}

/**
 * Sends a chain one delivery after another while they succeed; no new attempt starts once
 * `sendUntil` has passed, so the last one ends before the chain's lease does. Answers the outcomes
 * and the deliveries it did not send.
 */
async function sendChain(chain: DueDelivery[], settings: DeliverySettings, now: Date, sendUntil: number): Promise<{ outcomes: Outcome[]; unsent: DueDelivery[] }> {
  const outcomes: Outcome[] = [];
  for (const [index, delivery] of chain.entries()) {
    const previous = outcomes.at(-1);
    const stop = (previous && previous.status !== DeliveryStatus.DELIVERED) || (index > 0 && (new Date(delivery.due_at) > now || performance.now() >= sendUntil));
    if (stop) return { outcomes, unsent: chain.slice(index) };
    outcomes.push(outcomeOf(delivery, await attempt(delivery, settings, now), settings, now));
  }
  return { outcomes, unsent: [] };
}

/**
 * Records a pass's outcomes in one statement, set-based: each delivery's state (DELIVERED, a next
 * attempt, or DEAD), one log row per attempt, the unsent rest of the chains due again as before,
 * each endpoint's failing streak (cleared by any success), and the endpoints failing longer than
 * `disableAfterMs` disabled; answers how many were disabled.
 */
async function recordOutcomes(db: DataSource, rows: Outcome[], unsent: DueDelivery[], settings: DeliverySettings, now: Date): Promise<number> {
  const column = <T>(pick: (row: Outcome) => T) => rows.map(pick);
  const succeeded = [...new Set(rows.filter((r) => r.result.ok).map((r) => r.delivery.endpoint_id))];
  const failed = [...new Set(rows.filter((r) => !r.result.ok).map((r) => r.delivery.endpoint_id))].filter((id) => !succeeded.includes(id));
  const [{ disabled }] = await db.query(
    `WITH outcome AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::int[], $6::int[], $7::varchar[], $8::timestamptz[], $9::int[])
         AS o(id, endpoint_id, event_id, status, attempts, http_status, error, next_at, duration_ms)),
     recorded AS (
       UPDATE webhook_delivery d SET status = o.status, attempts = o.attempts, last_status = o.http_status, last_error = o.error,
              next_attempt_at = o.next_at, delivered_at = CASE WHEN o.status = 'DELIVERED' THEN $10::timestamptz ELSE d.delivered_at END
         FROM outcome o WHERE d.id = o.id),
     logged AS (
       INSERT INTO webhook_attempt (endpoint_id, delivery_id, event_id, attempt, attempted_at, http_status, error, duration_ms)
       SELECT o.endpoint_id, o.id, o.event_id, o.attempts, $10, o.http_status, o.error, o.duration_ms FROM outcome o),
     released AS (
       UPDATE webhook_delivery r SET next_attempt_at = u.due_at
         FROM unnest($11::uuid[], $12::timestamptz[]) AS u(id, due_at) WHERE r.id = u.id AND r.status = 'PENDING'),
     streak AS (
       UPDATE webhook_endpoint w
          SET failing_since = s.failing_since, active = w.active AND NOT s.expired, disabled_at = CASE WHEN w.active AND s.expired THEN $10 ELSE w.disabled_at END
         FROM (SELECT e.id, e.active AS was_active, f.failing_since, coalesce(f.failing_since <= $15, false) AS expired
                 FROM webhook_endpoint e
                CROSS JOIN LATERAL (SELECT CASE WHEN e.id = ANY($13::uuid[]) THEN NULL WHEN e.id = ANY($14::uuid[]) THEN coalesce(e.failing_since, $10)
                                                ELSE e.failing_since END AS failing_since) f
                WHERE e.id = ANY($13::uuid[]) OR e.id = ANY($14::uuid[]) OR (e.active AND e.failing_since <= $15)) s
        WHERE w.id = s.id
       RETURNING s.was_active AND s.expired AS disabled_now)
     SELECT count(*) FILTER (WHERE disabled_now)::int AS disabled FROM streak`,
    [
      column((r) => r.delivery.delivery_id), column((r) => r.delivery.endpoint_id), column((r) => r.delivery.id), column((r) => r.status), column((r) => r.attempts),
      column((r) => r.result.status), column((r) => r.result.error), column((r) => r.nextAt), column((r) => r.result.durationMs), now,
      unsent.map((d) => d.delivery_id), unsent.map((d) => d.due_at),
      succeeded, failed, new Date(now.getTime() - (settings.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS)),
    ],
  );
  return disabled;
}

const NOTHING: DeliveryPass = { attempted: 0, delivered: 0, dead: 0, disabled: 0 };

/** Sends the chains (side by side) and records their outcomes. */
async function sendAndRecord(db: DataSource, chains: DueDelivery[][], settings: DeliverySettings, now: Date, sendUntil: number): Promise<DeliveryPass> {
  const sent = await Promise.all(chains.map((chain) => sendChain(chain, settings, now, sendUntil)));
  const outcomes = sent.flatMap((chain) => chain.outcomes);
  const disabled = await recordOutcomes(db, outcomes, sent.flatMap((chain) => chain.unsent), settings, now);
  const delivered = outcomes.filter((o) => o.status === DeliveryStatus.DELIVERED).length;
  const dead = outcomes.filter((o) => o.status === DeliveryStatus.DEAD).length;
  return { attempted: outcomes.length, delivered, dead, disabled };
}

/** Delivers what is due now — each taken queue's chain in order — and records each outcome. */
export async function deliverDue(db: DataSource, settings: DeliverySettings, now: Date): Promise<DeliveryPass> {
  const leaseMs = 2 * settings.timeoutMs;
  const chains = await dueChains(db, now, leaseMs, []);
  if (chains.length === 0) return NOTHING;
  return sendAndRecord(db, chains, settings, now, performance.now() + leaseMs - settings.timeoutMs);
}

/**
 * The running dispatcher's deliveries, one pipeline per endpoint: a pass takes what is due at the
 * endpoints not busy with an earlier pass's deliveries and starts them without waiting, and each
 * endpoint's deliveries are recorded as soon as that endpoint has answered them — so a slow or
 * timing-out receiver holds back its own queue only, never another endpoint's or the next pass.
 */
export class EndpointPipelines {
  private readonly busy = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: DataSource,
    private readonly settings: DeliverySettings,
    /** Called when an endpoint's deliveries are recorded (or failed to be), with what they did. */
    private readonly settled: (pass: DeliveryPass, err: unknown) => void,
  ) {}

  /** Takes and starts what is due now; answers how many deliveries it started. */
  async start(now: Date): Promise<number> {
    const leaseMs = 2 * this.settings.timeoutMs;
    const chains = await dueChains(this.db, now, leaseMs, [...this.busy]);
    const sendUntil = performance.now() + leaseMs - this.settings.timeoutMs;
    const byEndpoint = new Map<string, DueDelivery[][]>();
    for (const chain of chains) byEndpoint.set(chain[0].endpoint_id, [...(byEndpoint.get(chain[0].endpoint_id) ?? []), chain]);
    for (const [endpoint, endpointChains] of byEndpoint) {
      this.busy.add(endpoint);
      const run: Promise<void> = sendAndRecord(this.db, endpointChains, this.settings, now, sendUntil)
        .then((pass) => this.settled(pass, null), (err: unknown) => this.settled(NOTHING, err))
        .finally(() => {
          this.busy.delete(endpoint);
          this.running.delete(run);
        });
      this.running.add(run);
    }
    return chains.reduce((sum, chain) => sum + chain.length, 0);
  }

  /** Waits for the deliveries in flight to be recorded. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
