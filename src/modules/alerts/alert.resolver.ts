import { Args, Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { Complaint } from "../interaction/complaint.entity";
import { complaintLoaders } from "../interaction/complaint.loaders";
import { RiskAssessment } from "../risk/risk-assessment.entity";
import { RISK_ASSESSMENT_BY_ID } from "../risk/risk.relations";
import { CASE_BY_ID } from "../service-desk/case.relations";
import { ServiceCase } from "../service-desk/service-case.entity";
import { acknowledgeAlert, listAlerts } from "./alert.service";
import { AlertConnection, AlertListArgs } from "./alert.types";
import { ServiceAlert } from "./service-alert.entity";

@Resolver(() => ServiceAlert)
export class AlertResolver {
  @Query(() => AlertConnection, { description: "Your service alerts — addressed to you or to your role — newest first (staff)." })
  alerts(@Ctx() ctx: RequestContext, @Args(() => AlertListArgs) args: AlertListArgs) {
    return listAlerts(ctx, args);
  }

  @Mutation(() => ServiceAlert, { description: "Marks one of your alerts as read (readAt); an alert not addressed to you or your role is NOT_FOUND." })
  acknowledgeAlert(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The alert." }) id: string) {
    return acknowledgeAlert(ctx, id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The customer concerned, under your row scope and field policy (null when out of your scope)." })
  customer(@Ctx() ctx: RequestContext, @Root() alert: ServiceAlert) {
    return ctx.loaders.byId(CUSTOMER_BY_ID).load(alert.customerId);
  }

  @FieldResolver(() => Complaint, { nullable: true, description: "The complaint of a complaint alert (null for other kinds, or when out of your scope)." })
  complaint(@Ctx() ctx: RequestContext, @Root() alert: ServiceAlert) {
    return alert.complaintId ? ctx.loaders.get(complaintLoaders).complaintById.load(alert.complaintId) : null;
  }

  @FieldResolver(() => RiskAssessment, { nullable: true, description: "The assessment of a risk alert, as your role may see it (null for other kinds, or when out of your scope)." })
  riskAssessment(@Ctx() ctx: RequestContext, @Root() alert: ServiceAlert) {
    return alert.riskAssessmentId ? ctx.loaders.byId(RISK_ASSESSMENT_BY_ID).load(alert.riskAssessmentId) : null;
  }

  @FieldResolver(() => ServiceCase, { name: "case", nullable: true, description: "The case of a CASE_BREACHED alert, under your row scope and field policy (null for other kinds, or when out of your scope)." })
  serviceCase(@Ctx() ctx: RequestContext, @Root() alert: ServiceAlert) {
    return alert.caseId ? ctx.loaders.byId(CASE_BY_ID).load(alert.caseId) : null;
  }
}
