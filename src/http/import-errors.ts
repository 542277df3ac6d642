import type express from "express";
import type { RequestContext } from "../auth/request-context";
import { importErrorsCsv } from "../modules/importing/importing.read.service";
import { downloadRoute } from "./downloads";

/**
 * GET /imports/:id/errors.csv — an import job's refused rows as CSV (ImportJob.errorsUrl), ADMIN
 * as the job itself; streamed in batches (constant memory).
 */
export function importErrorsRouter(contextFor: (http: { req: express.Request; res: express.Response }) => Promise<RequestContext>, isReady: () => boolean): express.Router {
  return downloadRoute("/imports/:id/errors.csv", contextFor, isReady, (ctx, req) => ({
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="import-errors.csv"` },
    chunks: importErrorsCsv(ctx, String(req.params.id)),
  }));
}
