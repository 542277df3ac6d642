import { randomUUID } from "node:crypto";
import type express from "express";
import { GraphQLError } from "graphql";
import type { AppConfig } from "../config";
import type { Database } from "../db/data-source";
import { isDatabaseUnavailable } from "../db/database-errors";
import { authenticate } from "../auth/authenticate";
import { StaffDirectory } from "../auth/staff-directory";
import { VerifiedTokens } from "../auth/verified-tokens";
import { createRequestContext, type RequestContext } from "../auth/request-context";
import { DATABASE_UNAVAILABLE } from "../graphql/errors";
import { customerForSignIn } from "../modules/customer/customer.service";
import { staffUserForSignIn } from "../modules/staff/staff.service";
import { graphqlErrors, shedRequests } from "../observability/metrics";
import { DomainError, RETRY_AFTER_SECONDS, UnauthenticatedError } from "../shared/errors";
import type { RateLimiters } from "./rate-limit";

/** HTTP status of a refusal by its code (one map for /graphql refusals and downloads). */
export const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, BAD_USER_INPUT: 400, RATE_LIMITED: 429, UNAVAILABLE: 503 };

function refusal(code: string, message: string, retryAfterSeconds?: string, details: Record<string, unknown> = {}): GraphQLError {
  graphqlErrors.inc({ code });
  const status = HTTP_STATUS[code] ?? 400;
  const http = retryAfterSeconds ? { status, headers: new Map([["retry-after", retryAfterSeconds]]) } : { status };
  return new GraphQLError(message, { extensions: { ...details, code, http } });
}

/** What the access audit can store as a request id (audit_entry.request_id is varchar(64)). */
const SAFE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The request id as the HTTP layer assigned it, or a fresh one if it is not safe to store. */
export function auditableRequestId(candidate: unknown): string {
  return typeof candidate === "string" && SAFE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

function rateLimited(retryAfter: number, reason: "rate_limit" | "auth_failures"): GraphQLError {
  shedRequests.inc({ reason });
  return refusal("RATE_LIMITED", "Too many requests; slow down", String(retryAfter));
}

/**
 * Per request: an address that sent too many bad tokens gets 429 before its token is looked at;
 * token → viewer (401 when it does not verify, counted against the address), then the principal's
 * rate limit (429), then a fresh context with its own loaders. A database that cannot answer → 503.
 */
/**
 * Token → viewer for one server, with its caches of verified tokens and staff users: HTTP requests
 * and live sockets share one, so a deactivated user drops out of both at the same moment.
 */
export function viewerAuthenticator(db: Database, config: AppConfig) {
  const staffDirectory = new StaffDirectory((id) => staffUserForSignIn(db, id), config.staffCacheMs);
  const findCustomer = (id: string) => customerForSignIn(db, id);
  const tokens = new VerifiedTokens(config);
  return {
    tokens,
    authenticate: (authorization: string | undefined, purpose: string | undefined) => authenticate(authorization, purpose, findCustomer, tokens, staffDirectory),
  };
}

export function graphqlContext(db: Database, config: AppConfig, limiters: RateLimiters, viewers = viewerAuthenticator(db, config)) {
  return async ({ req, res }: { req: express.Request; res: express.Response }): Promise<RequestContext> => {
    const address = req.ip ?? "unknown";
    if (req.headers.authorization) {
      const blocked = limiters.authFailures.blocked(address);
      if (blocked !== undefined) throw rateLimited(blocked, "auth_failures");
    }
    let retryAfter: number | undefined;
    let viewer;
    try {
      viewer = await viewers.authenticate(req.headers.authorization, req.headers["x-access-purpose"] as string | undefined);
      retryAfter = await limiters.requests.check("id" in viewer ? `viewer:${viewer.id}` : `address:${address}`);
    } catch (err) {
      if (err instanceof UnauthenticatedError) await limiters.authFailures.recordFailure(address);
      if (err instanceof DomainError) throw refusal(err.code, err.message, undefined, err.details);
      if (isDatabaseUnavailable(err)) throw refusal("UNAVAILABLE", DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS);
      throw err;
    }
    if (retryAfter !== undefined) throw rateLimited(retryAfter, "rate_limit");
    return createRequestContext(db, config, viewer, auditableRequestId(res.locals.requestId), (actor) => limiters.lookups.check(`actor:${actor}`));
  };
}
