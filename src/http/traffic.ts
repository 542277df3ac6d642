import type http from "node:http";
import type express from "express";
import type { TrafficSettings } from "../config";
import { shedRequests } from "../observability/metrics";
import { RETRY_AFTER_SECONDS } from "../shared/errors";

/**
 * The GraphQL-shaped refusal used for everything answered before execution (shedding, timeouts,
 * body errors). Plain Node response calls, so that it also serves before Express is involved.
 */
export function refuse(res: http.ServerResponse, status: number, code: string, message: string, retryAfterSeconds?: string): void {
  if (res.destroyed || res.headersSent) return;
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const headers: http.OutgoingHttpHeaders = { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) };
  if (retryAfterSeconds) headers["retry-after"] = retryAfterSeconds;
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * At most `maxInFlight` GraphQL requests are worked on at once; one more is refused with 503 and
 * Retry-After instead of joining an unbounded queue. It is decided on the raw request, before
 * Express, so that refusing costs next to nothing; and the refusal is sent after `shedDelayMs`, so
 * that clients which retry at once (ignoring Retry-After) cannot turn refusals into a busy loop
 * that starves the admitted requests. Returns false when the request was refused.
 */
export function inFlightGate(settings: TrafficSettings): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  let inFlight = 0;
  return (req, res) => {
    if (!req.url?.startsWith("/graphql") || req.method === "OPTIONS") return true;
    if (inFlight >= settings.maxInFlight) {
      shedRequests.inc({ reason: "in_flight" });
      const shed = () => refuse(res, 503, "UNAVAILABLE", "Too many requests in flight; try again shortly", RETRY_AFTER_SECONDS);
      req.resume(); // drain the body we will not read
      if (settings.shedDelayMs > 0) setTimeout(shed, settings.shedDelayMs).unref();
      else shed();
      return false;
    }
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
    });
    return true;
  };
}

/**
 * A request not answered within the timeout gets 503 UNAVAILABLE; whatever the request was still
 * doing (bounded by the database's statement_timeout) can no longer write to the response.
 */
export function requestTimeout(settings: TrafficSettings): express.RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      shedRequests.inc({ reason: "timeout" });
      refuse(res, 503, "UNAVAILABLE", "The request took too long; try again shortly", RETRY_AFTER_SECONDS);
      res.locals.timedOut = true;
    }, settings.requestTimeoutMs);
    timer.unref();
    res.once("close", () => clearTimeout(timer));
    next();
  };
}
