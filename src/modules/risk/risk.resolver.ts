import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { Customer } from "../customer/customer.entity";
import { HealthDeclaration } from "./health-declaration.entity";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskFactor, RiskWarning } from "./risk-assessment.entity";
import { assessRisk, factorsFor, healthDeclarationOf, warningsFor } from "./risk.service";

@Resolver(() => RiskAssessment)
export class RiskResolver {
  @Mutation(() => RiskAssessment, { description: "Assesses the customer's risk now and stores it as the new risk profile (UNDERWRITER, ADMIN)." })
  assessRisk(@Ctx() ctx: RequestContext, @Arg("customerId", () => ID) customerId: string) {
    return assessRisk(ctx, customerId);
  }

  @FieldResolver(() => [RiskFactor], { nullable: true, description: "Factors behind the score (INTERNAL); each only where your role may receive a value derived from its inputs (health factors: HEALTH, income ratios: FINANCIAL)." })
  factors(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return factorsFor(ctx, assessment);
  }

  @FieldResolver(() => [RiskWarning], { nullable: true, description: "Early warnings raised (INTERNAL); each only where your role may receive a value derived from its inputs." })
  warnings(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return warningsFor(ctx, assessment);
  }
}

@Resolver(() => Customer)
export class CustomerHealthResolver {
  @FieldResolver(() => HealthDeclaration, { nullable: true, description: "The newest health declaration (personal data: HEALTH)." })
  healthDeclaration(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return healthDeclarationOf(ctx, customer.id);
  }
}
