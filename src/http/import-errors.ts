import { once } from "node:events";
import express from "express";
import type { RequestContext } from "../auth/request-context";
import { logger } from "../shared/logger";
import { importErrorsCsv } from "../modules/importing/importing.read.service";
import { refuseWith } from "./exports";
import { auditableRequestId } from "./request-context";
import { refuse } from "./traffic";

/**
 * GET /imports/:id/errors.csv — an import job's refused rows as CSV (ImportJob.errorsUrl), with the
 * same token and rate limit as /graphql (ADMIN, as the job). Streamed in batches: constant memory.
 */
export function importErrorsRouter(contextFor: (http: { req: express.Request; res: express.Response }) => Promise<RequestContext>, isReady: () => boolean): express.Router {
  const router = express.Router();
  router.get("/imports/:id/errors.csv", async (req, res) => {
    const requestId = auditableRequestId(req.headers["x-request-id"]);
    res.setHeader("x-request-id", requestId);
    res.locals.requestId = requestId;
    if (!isReady()) return refuse(res, 503, "UNAVAILABLE", "Database unavailable");
    let lines: AsyncGenerator<string>;
    try {
      lines = await importErrorsCsv(await contextFor({ req, res }), String(req.params.id));
    } catch (error) {
      return refuseWith(res, error);
    }
    res.status(200).setHeader("content-type", "text/csv; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="import-${String(req.params.id)}-errors.csv"`);
    res.setHeader("cache-control", "no-store");
    try {
      for await (const chunk of lines) if (!res.write(chunk)) await once(res, "drain");
      res.end();
    } catch (error) {
      logger.error({ err: error, requestId }, "import error download cut short");
      res.destroy(error as Error);
    }
  });
  return router;
}
