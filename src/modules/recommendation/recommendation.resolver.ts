import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import * as recommendations from "./recommendation.service";
import { OfferArgs, OfferConnection, ProductExclusion, Recommendation, RecommendationArgs } from "./recommendation.types";

@Resolver(() => Customer)
export class CustomerRecommendationsResolver {
  @FieldResolver(() => [Recommendation], {
    nullable: true,
    description: "Products recommended to the customer, best first, with reasons (AGENT, UNDERWRITER, ADMIN, the customer).",
  })
  recommendations(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => RecommendationArgs) args: RecommendationArgs) {
    return recommendations.recommendationsOf(ctx, customer, args.limit);
  }

  @FieldResolver(() => [ProductExclusion], {
    nullable: true,
    description: "Products left out of the recommendations and the rule that excluded each (same roles as recommendations).",
  })
  excludedProducts(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return recommendations.exclusionsOf(ctx, customer);
  }
}

@Resolver()
export class OfferResolver {
  @Query(() => OfferConnection, {
    description: "Top offer per customer who consents to marketing, in your scope, by customer number (MARKETING, ADMIN).",
  })
  offers(@Ctx() ctx: RequestContext, @Args(() => OfferArgs) args: OfferArgs) {
    return recommendations.listOffers(ctx, args);
  }
}
