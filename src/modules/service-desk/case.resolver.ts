import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { caseById, workList } from "./case.service";
import { CaseConnection, CaseWorkListArgs } from "./case.types";
import { ServiceCase } from "./service-case.entity";

@Resolver(() => ServiceCase)
export class CaseResolver {
  @Query(() => ServiceCase, { name: "case", nullable: true, description: "A case by id, if its customer is in your scope." })
  caseById(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The case's id (UUID); null when unknown or when its customer is out of your row scope." }) id: string) {
    return caseById(ctx, id);
  }

  @Query(() => CaseConnection, { description: "A work list of cases in your scope (staff), oldest first: every open case unless a status is given." })
  cases(@Ctx() ctx: RequestContext, @Args(() => CaseWorkListArgs) args: CaseWorkListArgs) {
    return workList(ctx, args);
  }
}
