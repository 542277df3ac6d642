import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { ImportJob } from "./import-job.entity";
import { importErrors, importJob } from "./importing.read.service";
import { ImportErrorConnection, ImportErrorsArgs } from "./importing.types";

@Resolver(() => ImportJob)
export class ImportingResolver {
  @Query(() => ImportJob, { nullable: true, description: "A bulk import job: status, counts, times (ADMIN). Jobs run with `npm run import`." })
  importJob(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The job's id (UUID); null when unknown or (INTEGRATION) when the job is another account's." }) id: string) {
    return importJob(ctx, id);
  }

  @Query(() => ImportErrorConnection, { description: "The rows an import job refused, in file order (ADMIN)." })
  importErrors(@Ctx() ctx: RequestContext, @Args(() => ImportErrorsArgs) args: ImportErrorsArgs) {
    return importErrors(ctx, args);
  }
}
