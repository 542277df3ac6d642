import type { RequestContext } from "../../auth/request-context";
import { NotFoundError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection, type Page } from "../../shared/pagination";
import { ImportError, ImportJob } from "./import-job.entity";
import { ImportErrorConnection, type ImportErrorsArgs } from "./importing.types";

/** A job by id (ADMIN, by the shield); null when there is none. */
export async function importJob(ctx: RequestContext, id: string): Promise<ImportJob | null> {
  return isUuid(id) ? ctx.db.getRepository(ImportJob).findOneBy({ id }) : null;
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
