import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { StreamSettings } from "../../config";
import { fromCloudEvent, type CloudEvent } from "./outbox";
import type { EventData, EventType } from "./event-types";

/** A committed, handed-out event as live subscriptions see it (thin, as in the outbox). */
export interface LiveEvent {
  id: string;
  type: EventType;
  customerId: string | null;
  occurredAt: Date;
  data: EventData;
}

/** Events a slow subscriber may have waiting; beyond it the oldest are dropped (a live view re-reads, it is not a log). */
const MAX_QUEUED = 1000;

/** One subscriber's events, as an async iterator that ends when `close` is called (or the consumer returns). */
export interface LiveFeed extends AsyncIterableIterator<LiveEvent> {
  close(): void;
}

/**
 * The live events of one API process: the dispatcher in this process (embedded database), or the
 * NATS subjects every replica listens to (NATS_URL), publish here; each subscription takes a feed.
 * Values never travel with an event: a subscription re-reads through the executor for every push.
 */
export class LiveEvents {
  private readonly feeds = new Set<(event: LiveEvent) => void>();
  private nats: { nc: NatsConnection; sub: Subscription } | null = null;

  get subscribers(): number {
    return this.feeds.size;
  }

  /** Whether it hears the replicas' events from NATS (connected and subscribed). */
  get listeningToNats(): boolean {
    return this.nats !== null;
  }

  publish(events: readonly LiveEvent[]): void {
    for (const event of events) for (const push of this.feeds) push(event);
  }

  /** A feed of the events `accept` takes, from now on. */
  feed(accept: (event: LiveEvent) => boolean): LiveFeed {
    const queue: LiveEvent[] = [];
    let waiting: ((result: IteratorResult<LiveEvent>) => void) | null = null;
    let closed = false;
    const push = (event: LiveEvent) => {
      if (!accept(event)) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: event, done: false });
        return;
      }
      queue.push(event);
      if (queue.length > MAX_QUEUED) queue.shift();
    };
    const close = () => {
      if (closed) return;
      closed = true;
      this.feeds.delete(push);
      queue.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
    };
    this.feeds.add(push);
    const feed: LiveFeed = {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
        if (closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: () => {
        close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => feed,
      close,
    };
    return feed;
  }

  /**
   * Takes the events every replica sees on NATS (core subscription on `<prefix>.>`: the stream's
   * messages as they are published), so that a subscriber on any replica hears a change written
   * through any other.
   */
  async listenToNats(settings: StreamSettings, onError: (err: unknown) => void): Promise<void> {
    const nc = await connect({ servers: settings.url, maxReconnectAttempts: -1, waitOnFirstConnect: true, name: "customer360-live" });
    const sub = nc.subscribe(`${settings.subjectPrefix}.>`, {
      callback: (err, message) => {
        if (err) return onError(err);
        try {
          const event = fromCloudEvent(message.json<CloudEvent>());
          this.publish([{ id: event.id, type: event.type, customerId: event.customer_id, occurredAt: event.occurred_at, data: event.data }]);
        } catch (parseError) {
          onError(parseError);
        }
      },
    });
    this.nats = { nc, sub };
  }

  async close(): Promise<void> {
    const nats = this.nats;
    this.nats = null;
    if (nats) await nats.nc.drain().catch(() => undefined);
  }
}

const hubs = new WeakMap<object, LiveEvents>();

/** The live events of the API serving this database in this process (one hub per data source). */
export function liveEventsFor(db: object): LiveEvents {
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new LiveEvents()));
  return hub;
}
