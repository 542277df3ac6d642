import http from "node:http";
import type { AddressInfo } from "node:net";
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from "@nats-io/jetstream";
import { nanos, type NatsConnection } from "@nats-io/transport-node";

/**
 * Where the bench's events arrive — a webhook receiver and a JetStream consumer — each recording
 * when (performance.now() of this process, the clock the mutations' commit marks use) every event
 * arrived, keyed by the interaction its event names and by the event's id, and how many arrived
 * more than once.
 */
export interface Arrivals {
  /** interactionId → first arrival (ms, performance.now()). */
  byInteraction: Map<string, number>;
  /** event id (webhook-id, Nats-Msg-Id) → first arrival, for every event. */
  byEvent: Map<string, number>;
  /** Arrivals of an event id already seen (at-least-once: allowed, counted). */
  duplicates: number;
  /** The bench's floor probes waited for: probe id → called with its arrival. */
  probeWaiters: Map<string, (at: number) => void>;
  /** Events naming no interaction (e.g. the seed's; every event of an import load), counted and otherwise ignored. */
  unrelated: number;
}

const newArrivals = (): Arrivals => ({ byInteraction: new Map(), byEvent: new Map(), duplicates: 0, probeWaiters: new Map(), unrelated: 0 });

/** Records one arrival of an event (or a floor probe: an id starting "probe-"). */
function record(arrivals: Arrivals, id: string | undefined, body: string, at: number): void {
  if (!id) return;
  if (id.startsWith("probe-")) {
    arrivals.probeWaiters.get(id)?.(at);
    return;
  }
  if (arrivals.byEvent.has(id)) {
    arrivals.duplicates += 1;
    return;
  }
  arrivals.byEvent.set(id, at);
  let interactionId: unknown;
  try {
    interactionId = (JSON.parse(body) as { data?: { interactionId?: unknown } }).data?.interactionId;
  } catch {
    interactionId = undefined;
  }
  if (typeof interactionId === "string") arrivals.byInteraction.set(interactionId, at);
  else arrivals.unrelated += 1;
}

export interface WebhookReceiver {
  url: string;
  arrivals: Arrivals;
  close(): Promise<void>;
}

/** A webhook endpoint on a free loopback port: answers 204 at once, records each request by its webhook-id. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const arrivals = newArrivals();
  const server = http.createServer((req, res) => {
    const at = performance.now(); // the request's head arrived; the body (a few hundred bytes) is in the same packet
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      record(arrivals, req.headers["webhook-id"] as string | undefined, Buffer.concat(chunks).toString("utf8"), at);
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    arrivals,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export interface StreamSpec {
  streamName: string;
  subjectPrefix: string;
}

export interface StreamConsumer {
  arrivals: Arrivals;
  close(): Promise<void>;
}

/**
 * Creates the run's stream when absent (as the dispatcher would at its first publish, so the
 * consumer can start before it), then an ordered consumer of new messages recording each by its
 * Nats-Msg-Id.
 */
export async function startStreamConsumer(nc: NatsConnection, spec: StreamSpec): Promise<StreamConsumer> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.info(spec.streamName).catch(() =>
    jsm.streams.add({ name: spec.streamName, subjects: [`${spec.subjectPrefix}.>`], duplicate_window: nanos(10 * 60_000), max_age: nanos(86_400_000) }),
  );
  const consumer = await jetstream(nc).consumers.get(spec.streamName, { deliver_policy: DeliverPolicy.New });
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 1000 });
  const arrivals = newArrivals();
  const done = (async () => {
    for await (const message of messages) record(arrivals, message.headers?.get("Nats-Msg-Id"), message.string(), performance.now());
  })();
  return {
    arrivals,
    close: async () => {
      await messages.close();
      await done;
    },
  };
}

/** Resolves with `probe`'s arrival when it comes within `withinMs`, else with null; call before sending it. */
function arrivalOf(arrivals: Arrivals, probe: string, withinMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => (arrivals.probeWaiters.delete(probe), resolve(null)), withinMs);
    arrivals.probeWaiters.set(probe, (at) => (clearTimeout(timer), arrivals.probeWaiters.delete(probe), resolve(at)));
  });
}

/**
 * The floors, one probe at a time: a bare POST to the receiver (as the dispatcher sends one:
 * fetch, a CloudEvent-sized body) from send to arrival, and a bare JetStream publish to this
 * run's stream until the consumer has it. Milliseconds per probe (a lost probe is left out).
 */
export async function measureFloors(receiver: WebhookReceiver, consumer: StreamConsumer, nc: NatsConnection, spec: StreamSpec, probes: number): Promise<{ http: number[]; nats: number[] }> {
  const body = JSON.stringify({ specversion: "1.0", id: "probe", source: "/customer360", type: "customer360.bench.probe", data: { customerId: "00000000-0000-0000-0000-000000000000" } });
  const js = jetstream(nc);
  const floors = { http: [] as number[], nats: [] as number[] };
  for (let i = 0; i < probes; i++) {
    const id = `probe-${i}`;
    const posted = arrivalOf(receiver.arrivals, id, 5_000);
    let started = performance.now();
    const response = await fetch(receiver.url, { method: "POST", headers: { "content-type": "application/cloudevents+json", "webhook-id": id }, body });
    await response.body?.cancel();
    const postedAt = await posted;
    if (postedAt !== null) floors.http.push(postedAt - started);
    const consumed = arrivalOf(consumer.arrivals, id, 5_000);
    started = performance.now();
    await js.publish(`${spec.subjectPrefix}.bench.probe`, body, { msgID: id });
    const consumedAt = await consumed;
    if (consumedAt !== null) floors.nats.push(consumedAt - started);
  }
  return floors;
}
