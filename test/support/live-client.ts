import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { Database } from "../../src/db/data-source";
import { liveEventsFor } from "../../src/modules/events/live-events";
import { dispatchOnce } from "../../src/modules/events/webhook-dispatcher";

export interface LiveResult {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** One graphql-ws client and one subscription on it, with every result and the close code kept. */
export interface Live {
  results: LiveResult[];
  errors: unknown[];
  closedWith: Promise<number>;
  /** The next result, or null after `ms` without one. */
  next(ms?: number): Promise<LiveResult | null>;
  dispose(): Promise<void>;
}

/** Subscribes over the API's socket (`apiUrl` is its HTTP /graphql address); the client is added to `clients` for disposal. */
export function subscribeLive(apiUrl: string, clients: Client[], token: string | null, query: string, variables: Record<string, unknown> = {}, extensions?: Record<string, unknown>): Live {
  const results: LiveResult[] = [];
  const errors: unknown[] = [];
  const waiting: ((result: LiveResult | null) => void)[] = [];
  let closed!: (code: number) => void;
  const closedWith = new Promise<number>((resolve) => (closed = resolve));
  const client = createClient({
    url: apiUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => closed((event as { code: number }).code) },
    onNonLazyError: (err) => errors.push(err),
  });
  clients.push(client);
  const deliver = (result: LiveResult) => {
    const waiter = waiting.shift();
    if (waiter) waiter(result);
    else results.push(result);
  };
  client.subscribe<Record<string, any>>({ query, variables, ...(extensions ? { extensions } : {}) }, {
    next: (result) => deliver(result as LiveResult),
    // errors the server answers before execution (graphql-ws "error" message) arrive as a list
    error: (err) => (Array.isArray(err) ? deliver({ errors: err }) : errors.push(err)),
    complete: () => undefined,
  });
  return {
    results,
    errors,
    closedWith,
    next: (ms = 5000) => {
      if (results.length > 0) return Promise.resolve(results.shift()!);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(settle), 1);
          resolve(null);
        }, ms);
        const settle = (result: LiveResult | null) => {
          clearTimeout(timer);
          resolve(result);
        };
        waiting.push(settle);
      });
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** Waits until the server holds `n` live feeds (the subscriptions are in place); returns how many it holds. */
export async function liveSubscribers(db: Database, n: number): Promise<number> {
  for (let i = 0; i < 100 && liveEventsFor(db).subscribers !== n; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return liveEventsFor(db).subscribers;
}

/** A dispatcher pass that hands this app's live subscriptions the events it publishes (as the API process does). */
export function dispatchLive(db: Database, now?: Date, options?: { clock?: boolean }) {
  return dispatchOnce(db, { retrySchedule: [1], timeoutMs: 1000, live: liveEventsFor(db) }, now, options);
}
