import express from "express";
import { GraphQLError } from "graphql";
import type { AuditWriter } from "../auth/audit-writer";
import type { RequestContext } from "../auth/request-context";
import { DomainError } from "../shared/errors";
import { logger } from "../shared/logger";
import { bulkExport, writeNdjson } from "../modules/privacy/bulk-export";
import { auditableRequestId } from "./request-context";
import { refuse } from "./traffic";

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, BAD_USER_INPUT: 400, RATE_LIMITED: 429, UNAVAILABLE: 503 };

/** A refusal before any row left, in the API's error shape (code, never a stack trace). */
export function refuseWith(res: express.Response, error: unknown): void {
  if (error instanceof GraphQLError) {
    const code = String(error.extensions.code ?? "INTERNAL_SERVER_ERROR");
    const http = error.extensions.http as { status?: number } | undefined;
    return refuse(res, http?.status ?? STATUS[code] ?? 400, code, error.message);
  }
  if (error instanceof DomainError) return refuse(res, STATUS[error.code] ?? 400, error.code, error.message);
  logger.error({ err: error }, "export failed before its first row");
  refuse(res, 503, "UNAVAILABLE", "Export unavailable: the access could not be recorded or the data read. Try again later.");
}

/**
 * GET /exports/:entity?format=ndjson — a streaming extract for BI and migrations (ADMIN, COMPLIANCE),
 * with the same token, purpose header, rate limit and request id as /graphql: the caller's row scope
 * and field policy value by value, each batch's access audit written before it is sent (a failed
 * write before the first row answers 503; later, the stream ends without its summary line).
 */
export function exportsRouter(contextFor: (http: { req: express.Request; res: express.Response }) => Promise<RequestContext>, writer: AuditWriter, isReady: () => boolean): express.Router {
  const router = express.Router();
  router.get("/exports/:entity", async (req, res) => {
    const requestId = auditableRequestId(req.headers["x-request-id"]);
    res.setHeader("x-request-id", requestId);
    res.locals.requestId = requestId;
    if (!isReady()) return refuse(res, 503, "UNAVAILABLE", "Database unavailable");
    const format = req.query.format ?? "ndjson";
    if (format !== "ndjson") return refuse(res, 400, "BAD_USER_INPUT", 'format must be "ndjson"');
    let started = false;
    try {
      const ctx = await contextFor({ req, res });
      const exp = bulkExport(ctx, String(req.params.entity), (rows) => writer.write(rows));
      await writeNdjson(exp, res, () => {
        started = true;
        res.status(200).setHeader("content-type", "application/x-ndjson; charset=utf-8");
        res.setHeader("cache-control", "no-store");
        res.setHeader("x-export-withheld", JSON.stringify(exp.withheld));
      });
      res.end();
    } catch (error) {
      if (!started) return refuseWith(res, error);
      logger.error({ err: error, requestId }, "export cut short");
      res.destroy(error as Error);
    }
  });
  return router;
}
