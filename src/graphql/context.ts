import type { Database } from "../db/data-source";
import type { Viewer } from "../auth/viewer";
import type { AppConfig } from "../config";
import { createLoaders, type Loaders } from "./loaders";
import { AccessAuditCollector } from "../auth/access-audit";

/** Everything a resolver may use for one request; built fresh for every request. */
export interface RequestContext {
  db: Database;
  config: AppConfig;
  viewer: Viewer;
  requestId: string;
  loaders: Loaders;
  /** Personal values returned in this request, written to the access audit before the response leaves. */
  audit: AccessAuditCollector;
}

export function createRequestContext(db: Database, config: AppConfig, viewer: Viewer, requestId: string): RequestContext {
  return { db, config, viewer, requestId, loaders: createLoaders(db, viewer), audit: new AccessAuditCollector() };
}
