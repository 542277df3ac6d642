import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { OfferResponse } from "./offer-response.entity";
import * as recommendations from "./recommendation.service";
import { OfferResponseArgs } from "./recommendation.types";

@Resolver(() => OfferResponse)
export class RecommendationMutations {
  @Mutation(() => OfferResponse, { description: "Records a customer's answer to an offer (AGENT own book, CUSTOMER self, MARKETING, ADMIN)." })
  recordOfferResponse(@Ctx() ctx: RequestContext, @Args(() => OfferResponseArgs) args: OfferResponseArgs) {
    return recommendations.recordOfferResponse(ctx, args);
  }
}
