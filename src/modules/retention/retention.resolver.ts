import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { PageArgs } from "../../shared/pagination";
import { legalHolds, placeLegalHold, releaseLegalHold } from "./legal-hold.service";
import { retentionRuns } from "./retention-runs.service";
import { LegalHold } from "./legal-hold.entity";
import { RetentionRunConnection } from "./retention.types";

@Resolver()
export class RetentionResolver {
  @Query(() => RetentionRunConnection, { description: "Runs of the retention job with their counts, newest first (COMPLIANCE, ADMIN)." })
  retentionRuns(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs) {
    return retentionRuns(ctx, args);
  }

  @Query(() => [LegalHold], { description: "A customer's legal holds, newest first, released ones too (COMPLIANCE, ADMIN)." })
  legalHolds(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer whose holds to list; NOT_FOUND when unknown." }) customerId: string) {
    return legalHolds(ctx, customerId);
  }

  @Mutation(() => LegalHold, { description: "Places a legal hold: retention removes nothing of the customer until it is released (COMPLIANCE, ADMIN). Audited." })
  placeLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer to hold; NOT_FOUND when unknown." }) customerId: string,
    @Arg("reason", () => String, { description: "Why (e.g. the case reference), 1 to 300 characters; kept with the hold." }) reason: string,
  ) {
    return placeLegalHold(ctx, customerId, reason);
  }

  @Mutation(() => LegalHold, { description: "Releases a legal hold in force (COMPLIANCE, ADMIN; CONFLICT when released already). Audited." })
  releaseLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The hold (LegalHold.id); NOT_FOUND when unknown, CONFLICT when released already." }) id: string) {
    return releaseLegalHold(ctx, id);
  }
}
