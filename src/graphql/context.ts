import type { Database } from "../db/data-source";
import type { Viewer } from "../auth/viewer";
import type { AppConfig } from "../config";
import { createLoaders, type Loaders } from "./loaders";
import { AccessAuditCollector } from "../auth/access-audit";
import { requestCursors, type RequestCursors } from "../shared/cursor-seal";

/** Everything a resolver may use for one request; built fresh for every request. */
export interface RequestContext {
  db: Database;
  config: AppConfig;
  viewer: Viewer;
  requestId: string;
  loaders: Loaders;
  /** Personal values returned in this request, written to the access audit before the response leaves. */
  audit: AccessAuditCollector;
  /** Opaque cursors of this request's lists, bound to this viewer. */
  cursors: RequestCursors;
  /** Set when compiled reads answered the operation (one JSON-building statement per root) instead of the executor. */
  compiled?: boolean;
  /** Takes one exact look-up from the actor's hourly budget: seconds to wait when it is spent, else undefined (shared across replicas with Redis). */
  takeLookup: (actor: string) => Promise<number | undefined>;
}

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
    loaders: createLoaders(db, viewer, cursors),
    audit: new AccessAuditCollector(),
    cursors,
    takeLookup,
  };
}
