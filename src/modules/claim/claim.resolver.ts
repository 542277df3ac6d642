import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { Customer } from "../customer/customer.entity";
import { customerById } from "../customer/customer.service";
import { Policy } from "../policy/policy.entity";
import { policyById } from "../policy/policy.service";
import { StaffUser } from "../staff/staff.entity";
import { staffById } from "../staff/staff.service";
import { Claim } from "./claim.entity";
import { ClaimEvent } from "./claim-event.entity";
import { claimById, eventsOf } from "./claim.service";

@Resolver(() => Claim)
export class ClaimResolver {
  @Query(() => Claim, { nullable: true, description: "A claim by id, if the claimant is in your scope." })
  claim(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return claimById(ctx, id);
  }

  @FieldResolver(() => [ClaimEvent], { description: "The claim's workflow history, oldest first." })
  events(@Ctx() ctx: RequestContext, @Root() claim: Claim) {
    return eventsOf(ctx, claim);
  }

  @FieldResolver(() => Policy, { nullable: true, description: "The policy claimed under." })
  policy(@Ctx() ctx: RequestContext, @Root() claim: Claim) {
    return policyById(ctx, claim.policyId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The claimant (null when out of your scope)." })
  claimant(@Ctx() ctx: RequestContext, @Root() claim: Claim) {
    return customerById(ctx, claim.customerId);
  }

  @FieldResolver(() => StaffUser, { nullable: true, description: "The adjuster handling the claim." })
  assignedAdjuster(@Ctx() ctx: RequestContext, @Root() claim: Claim) {
    return claim.assignedAdjusterId ? staffById(ctx, claim.assignedAdjusterId) : null;
  }
}
