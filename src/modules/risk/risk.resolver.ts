import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { Customer } from "../customer/customer.entity";
import { HealthDeclaration } from "./health-declaration.entity";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskFactor, RiskWarning } from "./risk-assessment.entity";
import { RiskTier } from "../product/product.entity";
import { assessmentView } from "./risk.service";

@Resolver(() => RiskAssessment)
export class RiskResolver {
  @FieldResolver(() => [RiskFactor], { nullable: true, description: "Factors behind the score (INTERNAL); each only where your role may receive a value derived from its inputs (health factors: HEALTH, income ratios: FINANCIAL)." })
  async factors(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return (await assessmentView(ctx, assessment)).factors;
  }

  @FieldResolver(() => [RiskWarning], { nullable: true, description: "Early warnings raised (INTERNAL); each only where your role may receive a value derived from its inputs." })
  async warnings(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return (await assessmentView(ctx, assessment)).warnings;
  }

  @FieldResolver(() => Int, { description: "Likelihood 1 (rare) to 5 (almost certain), from the factors your role may receive." })
  async likelihood(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return (await assessmentView(ctx, assessment)).likelihood;
  }

  @FieldResolver(() => Int, { description: "Impact 1 (negligible) to 5 (severe), from the factors your role may receive." })
  async impact(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return (await assessmentView(ctx, assessment)).impact;
  }

  @FieldResolver(() => Int, { description: "Risk score 0–100 (likelihood × impact × 4), from the factors your role may receive." })
  async score(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return (await assessmentView(ctx, assessment)).score;
  }

  @FieldResolver(() => RiskTier, { description: "Band of the score, from the factors your role may receive." })
  async tier(@Ctx() ctx: RequestContext, @Root() assessment: RiskAssessment) {
    return (await assessmentView(ctx, assessment)).tier;
  }
}

