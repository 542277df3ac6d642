import type { Database } from "../db/data-source";
import { RequestLoaders, type LoaderFactory } from "../db/request-loaders";
import type { AppConfig } from "../config";
import { requestCursors, type RequestCursors } from "../shared/cursor-seal";
import { AccessAuditCollector } from "./access-audit";
import { customerScope } from "./row-scope";
import type { Viewer } from "./viewer";

/** Everything a resolver may use for one request; built fresh for every request. */
export interface RequestContext {
  /** The primary: writes, transactions, the access audit, and reads that must see the latest state. */
  db: Database;
  /** Where this request's reads go (the loaders, compiled reads, lists, counts, metrics, exports): a read replica chosen for a query (see read-routing.ts), else the primary. */
  reader: Database;
  config: AppConfig;
  viewer: Viewer;
  requestId: string;
  /** This request's loaders: each module's (`ctx.loaders.get(customerLoaders)`) and each declared relation's, all scoped to the viewer. */
  loaders: RequestLoaders<Viewer>;
  /** Personal values returned in this request, written to the access audit before the response leaves. */
  audit: AccessAuditCollector;
  /** Opaque cursors of this request's lists, bound to this viewer. */
  cursors: RequestCursors;
  /** Set when compiled reads answered the operation (one JSON-building statement per root) instead of the executor. */
  compiled?: boolean;
  /** Rows whose answer the statement wrote as text (compiled reads, read-text.ts): reported to tests as x-text-rows. */
  textRows?: number;
  /** Takes one exact look-up from the actor's hourly budget: seconds to wait when it is spent, else undefined (shared across replicas with Redis). */
  takeLookup: (actor: string) => Promise<number | undefined>;
  /** A live subscription's (graphql-ws): when its token expires (ms since the epoch); no push is made after it. */
  expiresAt?: number;
}

/**
 * Before each push of a live subscription: fresh loaders (nothing cached from an earlier push —
 * scope, consent and values are read again), a fresh access-audit collector, and a request id of
 * its own, so that every push is checked and recorded as a request of its own.
 */
export function renewForPush(ctx: RequestContext, requestId: string): void {
  ctx.loaders = loadersOn(ctx.db, ctx.viewer, ctx.cursors);
  ctx.reader = ctx.db;
  ctx.audit = new AccessAuditCollector();
  ctx.requestId = requestId;
  // graphql-shield keeps its rule results on the context: a consent granted at an earlier push would stay allowed
  delete (ctx as { _shield?: unknown })._shield;
}

const loadersOn = (db: Database, viewer: Viewer, cursors: RequestCursors) => new RequestLoaders(db, viewer, (alias) => customerScope(viewer, alias), cursors);

/** Sends this request's reads to `reader`: its loaders are made again there (before the operation runs, so none has read yet). */
export function readFrom(ctx: RequestContext, reader: Database): void {
  if (ctx.reader === reader) return;
  ctx.reader = reader;
  ctx.loaders = loadersOn(reader, ctx.viewer, ctx.cursors);
}

/** A module's loaders for one request (`<domain>.loaders.ts`), built from the data source and the viewer. */
export type RequestLoaderFactory<T> = LoaderFactory<Viewer, T>;

/** Whom a cursor belongs to: one viewer in one role (a cursor does not open for anybody else). */
function cursorBinding(viewer: Viewer): string {
  return viewer.kind === "anonymous" ? "anonymous" : `${viewer.role}:${viewer.id}`;
}

export function createRequestContext(
  db: Database,
  config: AppConfig,
  viewer: Viewer,
  requestId: string,
  takeLookup: (actor: string) => Promise<number | undefined>,
): RequestContext {
  const cursors = requestCursors(config.cursorKey, cursorBinding(viewer));
  return {
    db, config, viewer, requestId,
    reader: db,
    loaders: loadersOn(db, viewer, cursors),
    audit: new AccessAuditCollector(),
    cursors,
    takeLookup,
  };
}
