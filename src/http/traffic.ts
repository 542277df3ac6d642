import type express from "express";
import type { TrafficSettings } from "../config";
import { shedRequests } from "../observability/metrics";
import { RETRY_AFTER_SECONDS } from "../shared/errors";


/** The GraphQL-shaped refusal used for everything that is shed before execution. */
export function refuse(res: express.Response, status: number, code: string, message: string, retryAfterSeconds?: string): void {
  if (retryAfterSeconds) res.setHeader("retry-after", retryAfterSeconds);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * At most `maxInFlight` requests are worked on at once; one more is refused at once with 503 and
 * Retry-After instead of joining an unbounded queue (a load balancer or client retries elsewhere/later).
 */
export function inFlightCap(settings: TrafficSettings): express.RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= settings.maxInFlight) {
      shedRequests.inc({ reason: "in_flight" });
      refuse(res, 503, "UNAVAILABLE", "Too many requests in flight; try again shortly", RETRY_AFTER_SECONDS);
      return;
    }
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
    });
    next();
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
