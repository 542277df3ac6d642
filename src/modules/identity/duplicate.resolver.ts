import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { DuplicateCandidateListArgs } from "./duplicate.types";
import { Customer } from "../customer/customer.entity";
import { DuplicateCandidate } from "./duplicate-candidate.entity";
import { customerOfPair, listDuplicateCandidates } from "./duplicate.service";
import { DuplicateCandidateConnection } from "./duplicate.types";

@Resolver(() => DuplicateCandidate)
export class DuplicateCandidateResolver {
  @Query(() => DuplicateCandidateConnection, {
    description: "Pairs of customers that may be one person (same national id, or a match score above the review threshold), newest first, for review (COMPLIANCE, ADMIN).",
  })
  duplicateCandidates(@Ctx() ctx: RequestContext, @Args(() => DuplicateCandidateListArgs) args: DuplicateCandidateListArgs) {
    return listDuplicateCandidates(ctx, args);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer whose write found the match." })
  customer(@Ctx() ctx: RequestContext, @Root() pair: DuplicateCandidate) {
    return customerOfPair(ctx, pair.customerId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer recorded earlier with the same value." })
  candidate(@Ctx() ctx: RequestContext, @Root() pair: DuplicateCandidate) {
    return customerOfPair(ctx, pair.candidateCustomerId);
  }
}
