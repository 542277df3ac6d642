import type express from "express";
import type { AuditWriter } from "../auth/audit-writer";
import type { RequestContext } from "../auth/request-context";
import { BadUserInputError } from "../shared/errors";
import { bulkExport, ndjsonLines } from "../modules/privacy/bulk-export";
import { downloadRoute } from "./downloads";

/**
 * GET /exports/:entity?format=ndjson — a streaming extract for BI and migrations (ADMIN, COMPLIANCE):
 * the caller's row scope and field policy value by value, each batch's access audit written before
 * it is sent (a failed write before the first row answers 503; later, the stream ends without its
 * summary line).
 */
export function exportsRouter(contextFor: (http: { req: express.Request; res: express.Response }) => Promise<RequestContext>, writer: AuditWriter, isReady: () => boolean): express.Router {
  return downloadRoute("/exports/:entity", contextFor, isReady, (ctx, req) => {
    if ((req.query.format ?? "ndjson") !== "ndjson") throw new BadUserInputError('format must be "ndjson"', { field: "format" });
    const exp = bulkExport(ctx, String(req.params.entity), (rows) => writer.write(rows));
    return {
      headers: { "content-type": "application/x-ndjson; charset=utf-8", "x-export-withheld": JSON.stringify(exp.withheld) },
      chunks: ndjsonLines(exp),
    };
  });
}
