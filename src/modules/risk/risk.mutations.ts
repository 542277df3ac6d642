import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { RiskAssessment } from "./risk-assessment.entity";
import { assessRisk } from "./risk.service";

@Resolver(() => RiskAssessment)
export class RiskMutations {
  @Mutation(() => RiskAssessment, { description: "Assesses the customer's risk now and stores it as the new risk profile (UNDERWRITER, ADMIN)." })
  assessRisk(@Ctx() ctx: RequestContext, @Arg("customerId", () => ID, { description: "The customer to assess; NOT_FOUND when unknown." }) customerId: string) {
    return assessRisk(ctx, customerId);
  }
}
