import express from "express";
import type { RequestContext } from "../auth/request-context";
import type { ImportIntake } from "../modules/importing/import-intake";
import { admitRoute, refuseWith } from "./downloads";

type ContextFor = (http: { req: express.Request; res: express.Response }) => Promise<RequestContext>;

/** csv or ndjson: `?format=` first, else the content type (text/csv; application/x-ndjson, application/jsonl). */
function formatOf(req: express.Request): string {
  if (typeof req.query.format === "string") return req.query.format;
  const type = String(req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type === "text/csv") return "csv";
  if (["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"].includes(type)) return "ndjson";
  return type || "none";
}

/**
 * POST /imports?source=CORE_PAS&entity=customers — a source file as the request body (CSV or
 * NDJSON, `Content-Encoding: gzip` accepted), for ADMIN and INTEGRATION accounts with the same
 * token, purpose header, rate limit and request id as /graphql. The body streams to disk; the
 * answer is 202 with the job, which runs in the background: follow it with `importJob(id)` and
 * download its refused rows at `errorsUrl`.
 */
export function importsRouter(contextFor: ContextFor, intake: ImportIntake, isReady: () => boolean): express.Router {
  const router = express.Router();
  router.post("/imports", async (req, res) => {
    if (!admitRoute(req, res, isReady)) return;
    try {
      const ctx = await contextFor({ req, res });
      const length = req.headers["content-length"];
      const job = await intake.receive(
        ctx.viewer,
        {
          source: String(req.query.source ?? ""),
          entity: String(req.query.entity ?? ""),
          format: formatOf(req),
          gzip: /^\s*gzip\s*$/i.test(String(req.headers["content-encoding"] ?? "")),
          declaredBytes: length === undefined ? undefined : Number(length),
        },
        req,
      );
      res.status(202).set("cache-control", "no-store").json({
        job: { id: job.id, status: job.status, sourceSystem: job.sourceSystem, entity: job.entity, createdBy: job.createdBy, startedAt: job.startedAt, errorsUrl: job.errorsUrl },
      });
    } catch (error) {
      refuseWith(res, error);
    }
  });
  return router;
}
