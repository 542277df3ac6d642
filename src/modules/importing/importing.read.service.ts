import type { RequestContext } from "../../auth/request-context";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../../shared/errors";
import { IMPORT_ROLES } from "./importing.permissions";
import { Role } from "../../auth/role";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection, type Page } from "../../shared/pagination";
import { ImportError, ImportJob } from "./import-job.entity";
import { ImportErrorConnection, type ImportErrorsArgs } from "./importing.types";

/** A job by id (IMPORT_ROLES, by the shield); null when there is none or it is another INTEGRATION account's. */
export async function importJob(ctx: RequestContext, id: string): Promise<ImportJob | null> {
  if (!isUuid(id) || ctx.viewer.kind !== "staff") return null;
  const job = await ctx.db.getRepository(ImportJob).findOneBy({ id });
  return job && (ctx.viewer.role === Role.ADMIN || job.ownerId === ctx.viewer.id) ? job : null;
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const csvField = (value: unknown): string => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * A job's refused rows as CSV lines (a header, then one line per error in file order), read in
 * keyset batches so that a job with millions of errors downloads in constant memory. Who may see
 * the job may download it; a job that does not exist (or is another account's) is NOT_FOUND.
 */
export async function* importErrorsCsv(ctx: RequestContext, jobId: string): AsyncGenerator<string> {
  if (ctx.viewer.kind === "anonymous") throw new UnauthenticatedError();
  if (ctx.viewer.kind !== "staff" || !IMPORT_ROLES.includes(ctx.viewer.role)) throw new ForbiddenError(`Import jobs are for ${IMPORT_ROLES.join(", ")}`, { reason: "ROLE" });
  if (!(await importJob(ctx, jobId))) throw new NotFoundError("Import job", jobId);
  yield "line,sourceId,field,problem\n";
  let after: { line: number; id: string } | null = null;
  for (;;) {
    const query = ctx.db.getRepository(ImportError).createQueryBuilder("e").where("e.job_id = :jobId", { jobId });
    if (after) query.andWhere("(e.line, e.id) > (CAST(:line AS int), CAST(:id AS uuid))", after);
    const rows = await query.orderBy("e.line", "ASC").addOrderBy("e.id", "ASC").limit(1000).getMany();
    if (rows.length === 0) return;
    yield rows.map((row) => [row.line, row.sourceId, row.field, row.problem].map(csvField).join(",")).join("\n") + "\n";
    after = { line: rows[rows.length - 1].line, id: rows[rows.length - 1].id };
  }
}

/** A job's refused rows in file order (line, then id), keyset-paged. */
export async function importErrors(ctx: RequestContext, args: ImportErrorsArgs): Promise<ImportErrorConnection> {
  if (!(await importJob(ctx, args.jobId))) throw new NotFoundError("Import job", args.jobId);
  const page = pageRequest(args, ctx.cursors.list(`importErrors:${args.jobId}:line:ASC`));
  const repository = ctx.db.getRepository(ImportError);
  const query = repository.createQueryBuilder("e").where("e.job_id = :jobId", { jobId: args.jobId });
  if (page.after) query.andWhere("(e.line, e.id) > (CAST(:afterLine AS int), CAST(:afterId AS uuid))", { afterLine: page.after.value, afterId: page.after.id });
  const rows = await query.orderBy("e.line", "ASC").addOrderBy("e.id", "ASC").limit(page.first + 1).getMany();
  const result: Page<ImportError> = {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    cursorOf: (error) => page.cursors.encode({ value: error.line, id: error.id }),
    count: () => repository.countBy({ jobId: args.jobId }),
  };
  return toConnection(result, ImportErrorConnection);
}
