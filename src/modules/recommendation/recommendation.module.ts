import type { DomainModule } from "../domain-module";
import { OfferResponse } from "./offer-response.entity";
import { OfferFactChange, OfferRanking } from "./offer-ranking.entity";
import { RecommendationMutations } from "./recommendation.mutations";
import { recommendationPermissions } from "./recommendation.permissions";
import { RECOMMENDATION_RELATIONS } from "./recommendation.relations";
import { CustomerRecommendationsResolver, OfferResolver } from "./recommendation.resolver";

export const recommendationModule: DomainModule = {
  name: "recommendation",
  entities: [OfferResponse, OfferRanking, OfferFactChange],
  resolvers: [CustomerRecommendationsResolver, OfferResolver, RecommendationMutations],
  permissions: [recommendationPermissions],
  relations: RECOMMENDATION_RELATIONS,
};
