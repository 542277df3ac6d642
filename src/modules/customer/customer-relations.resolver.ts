import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { PageArgs } from "../../shared/pagination";
import { ClaimConnection, ClaimListArgs } from "../claim/claim.types";
import { claimsOfCustomer } from "../claim/claim.service";
import { Consent } from "../consent/consent.entity";
import { currentConsentsOf } from "../consent/consent.service";
import { HouseholdMember } from "../household/household.types";
import { householdOf } from "../household/household.service";
import { ComplaintConnection, ComplaintListArgs, InteractionConnection, InteractionListArgs } from "../interaction/interaction.types";
import { complaintsOfCustomer, interactionsOfCustomer } from "../interaction/interaction.service";
import { PolicyConnection, PolicyListArgs } from "../policy/policy.types";
import { policiesOfCustomer } from "../policy/policy.service";
import { RiskAssessment } from "../risk/risk-assessment.entity";
import { RiskAssessmentConnection } from "../risk/risk.types";
import { riskHistoryOf, riskProfileOf } from "../risk/risk.service";
import { StaffUser } from "../staff/staff.entity";
import { staffById } from "../staff/staff.service";
import { Customer } from "./customer.entity";
import { CustomerSummary } from "./customer.types";
import { summaryOf } from "./customer-summary.service";

/** The 360 relations of a customer: each a single loader call, batched across customers. */
@Resolver(() => Customer)
export class CustomerRelationsResolver {
  @FieldResolver(() => [HouseholdMember], { description: "Related customers in your scope (spouse, children, employer…)." })
  household(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return householdOf(ctx, customer.id);
  }

  @FieldResolver(() => [Consent], { description: "Current consent decision per purpose." })
  consents(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return currentConsentsOf(ctx, customer.id);
  }

  @FieldResolver(() => PolicyConnection, { description: "Policies held, newest cover first." })
  policies(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => PolicyListArgs) args: PolicyListArgs) {
    return policiesOfCustomer(ctx, customer.id, args);
  }

  @FieldResolver(() => ClaimConnection, { description: "Claims made, newest first." })
  claims(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => ClaimListArgs) args: ClaimListArgs) {
    return claimsOfCustomer(ctx, customer.id, args);
  }

  @FieldResolver(() => InteractionConnection, { description: "Service contacts, newest first." })
  interactions(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => InteractionListArgs) args: InteractionListArgs) {
    return interactionsOfCustomer(ctx, customer.id, args);
  }

  @FieldResolver(() => ComplaintConnection, { description: "Complaints, newest first." })
  complaints(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => ComplaintListArgs) args: ComplaintListArgs) {
    return complaintsOfCustomer(ctx, customer.id, args);
  }

  @FieldResolver(() => RiskAssessment, { nullable: true, description: "Current risk profile (the newest assessment)." })
  riskProfile(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return riskProfileOf(ctx, customer.id);
  }

  @FieldResolver(() => RiskAssessmentConnection, { description: "Risk assessments, newest first." })
  riskHistory(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => PageArgs) args: PageArgs) {
    return riskHistoryOf(ctx, customer.id, args);
  }

  @FieldResolver(() => CustomerSummary, { description: "Key figures of the 360 view." })
  summary(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return summaryOf(ctx, customer.id);
  }

  @FieldResolver(() => StaffUser, { nullable: true, description: "The agent whose book the customer is in." })
  assignedAgent(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return customer.assignedAgentId ? staffById(ctx, customer.assignedAgentId) : null;
  }
}
