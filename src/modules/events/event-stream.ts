import { jetstream, jetstreamManager, type JetStreamClient } from "@nats-io/jetstream";
import { connect, headers, nanos, type NatsConnection } from "@nats-io/transport-node";
import type { DataSource } from "typeorm";
import type { StreamSettings } from "../../config";
import { toCloudEvent, type StoredEvent } from "./outbox";

/** Publishes one event and resolves once the stream acknowledged (stored or recognised as a duplicate) it. */
export interface EventStream {
  publish(event: StoredEvent): Promise<void>;
  close(): Promise<void>;
}

/** The header that carries the customer an event is about: the message key of one customer's order. */
export const CUSTOMER_HEADER = "Customer360-Customer-Id";
/** JetStream drops a message whose id it stored within this window: a re-published event is stored once. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
const RETAIN_DAYS = 7;

/**
 * NATS JetStream: `<prefix>.<type>` subjects, the event id as `Nats-Msg-Id` (JetStream's
 * de-duplication key), the customer id in a header. Connects at the first publish and again after
 * a failed connect; once connected, the client reconnects by itself.
 */
export function natsEventStream(settings: StreamSettings): EventStream {
  let opened: Promise<{ nc: NatsConnection; js: JetStreamClient }> | null = null;
  const open = () => {
    opened ??= (async () => {
      const nc = await connect({ servers: settings.url, maxReconnectAttempts: -1, timeout: settings.ackTimeoutMs, name: "customer360-dispatcher" });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.info(settings.streamName).catch(() =>
          jsm.streams.add({
            name: settings.streamName,
            subjects: [`${settings.subjectPrefix}.>`],
            duplicate_window: nanos(DUPLICATE_WINDOW_MS),
            max_age: nanos(RETAIN_DAYS * 86_400_000),
          }),
        );
        return { nc, js: jetstream(nc, { timeout: settings.ackTimeoutMs }) };
      } catch (err) {
        await nc.close();
        throw err;
      }
    })().catch((err: unknown) => {
      opened = null;
      throw err;
    });
    return opened;
  };
  return {
    async publish(event) {
      const { js } = await open();
      const meta = headers();
      if (event.customer_id) meta.set(CUSTOMER_HEADER, event.customer_id);
      await js.publish(`${settings.subjectPrefix}.${event.type}`, JSON.stringify(toCloudEvent(event)), { msgID: event.id, headers: meta });
    },
    async close() {
      const current = opened;
      opened = null;
      if (current) await current.then(({ nc }) => nc.drain(), () => undefined);
    },
  };
}

export interface StreamPass {
  streamed: number;
  /** The first failure of the pass; its customer's later events wait for the next pass. */
  error: unknown;
}

export const STREAM_BATCH = 500;

/**
 * Streams committed, handed-out (fan-out done: alerts and reactions exist), not yet streamed
 * events, and marks each one streamed only after the stream acknowledged it. One customer's events go one after another in outbox order; different
 * customers' go side by side. When one publish fails, that customer's later events of the batch are
 * not sent, so the next pass sends them in order after it. One process streams at a time (an
 * advisory lock held by the pass's transaction), so two dispatchers never interleave a customer's events.
 */
export async function streamOnce(db: DataSource, stream: EventStream): Promise<StreamPass> {
  return db.transaction(async (manager) => {
    // the lock and the batch in one statement: nothing when another process streams now
    const events: StoredEvent[] = await manager.query(
      `WITH stream AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtext('customer360.event_stream')) AS locked)
       SELECT e.id, e.position::text AS position, e.type, e.customer_id, e.occurred_at, e.data FROM event_outbox e
        WHERE (SELECT locked FROM stream) AND e.streamed_at IS NULL AND e.published_at IS NOT NULL ORDER BY e.position LIMIT $1`,
      [STREAM_BATCH],
    );
    if (events.length === 0) return { streamed: 0, error: null };
    const byCustomer = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const key = event.customer_id ?? event.id;
      byCustomer.set(key, [...(byCustomer.get(key) ?? []), event]);
    }
    const acknowledged: string[] = [];
    let error: unknown = null;
    await Promise.all(
      [...byCustomer.values()].map(async (chain) => {
        for (const event of chain) {
          try {
            await stream.publish(event);
          } catch (err) {
            error ??= err;
            return;
          }
          acknowledged.push(event.id);
        }
      }),
    );
    if (acknowledged.length > 0) await manager.query(`UPDATE event_outbox SET streamed_at = now() WHERE id = ANY($1::uuid[])`, [acknowledged]);
    return { streamed: acknowledged.length, error };
  });
}
