import express from "express";
import { GraphQLError } from "graphql";
import type { RequestContext } from "../auth/request-context";
import { DomainError } from "../shared/errors";
import { logger } from "../shared/logger";
import { writeChunks } from "../modules/privacy/bulk-export";
import { auditableRequestId, HTTP_STATUS } from "./request-context";
import { refuse } from "./traffic";

type ContextFor = (http: { req: express.Request; res: express.Response }) => Promise<RequestContext>;

/** What a download answers: its headers and its body, produced chunk by chunk. */
export interface Download {
  headers: Record<string, string>;
  chunks: AsyncGenerator<string>;
}

/** A refusal before any byte of the body left, in the API's error shape (code, never a stack trace). */
export function refuseWith(res: express.Response, error: unknown): void {
  if (error instanceof GraphQLError) {
    const code = String(error.extensions.code ?? "INTERNAL_SERVER_ERROR");
    const http = error.extensions.http as { status?: number } | undefined;
    return refuse(res, http?.status ?? HTTP_STATUS[code] ?? 400, code, error.message);
  }
  if (error instanceof DomainError) {
    const status = typeof error.details.httpStatus === "number" ? error.details.httpStatus : HTTP_STATUS[error.code] ?? 400;
    return refuse(res, status, error.code, error.message);
  }
  logger.error({ err: error }, "download failed before its first byte");
  refuse(res, 503, "UNAVAILABLE", "Unavailable: the access could not be recorded or the data read. Try again later.");
}

/**
 * What every route beside /graphql does first: the request id (the client's if safe to store, else
 * a new one) on the response, and 503 while the database is not ready. False: already answered.
 */
export function admitRoute(req: express.Request, res: express.Response, isReady: () => boolean): boolean {
  const requestId = auditableRequestId(req.headers["x-request-id"]);
  res.setHeader("x-request-id", requestId);
  res.locals.requestId = requestId;
  if (isReady()) return true;
  refuse(res, 503, "UNAVAILABLE", "Database unavailable");
  return false;
}

/**
 * A GET route that streams a body (exports, error reports) with the same token, purpose header,
 * rate limit and request id as /graphql. The first chunk is produced before the headers are sent
 * (for an export: its first batch read, released and audited), so that a refusal or a failure up
 * to there is a clean error with its code; a later failure ends the stream short.
 */
export function downloadRoute(path: string, contextFor: ContextFor, isReady: () => boolean, open: (ctx: RequestContext, req: express.Request) => Download): express.Router {
  const router = express.Router();
  router.get(path, async (req, res) => {
    if (!admitRoute(req, res, isReady)) return;
    let download: Download;
    let first: IteratorResult<string>;
    try {
      download = open(await contextFor({ req, res }), req);
      first = await download.chunks.next();
    } catch (error) {
      return refuseWith(res, error);
    }
    res.status(200).set({ "cache-control": "no-store", ...download.headers });
    try {
      if (!first.done) res.write(first.value);
      await writeChunks(download.chunks, res);
      res.end();
    } catch (error) {
      logger.error({ err: error, requestId: res.locals.requestId }, "download cut short");
      res.destroy(error as Error);
    }
  });
  return router;
}
