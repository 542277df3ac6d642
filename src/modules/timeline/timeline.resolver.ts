import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { customerTimeline } from "./timeline.service";
import { TimelineArgs, TimelineConnection } from "./timeline.types";

@Resolver(() => Customer)
export class TimelineResolver {
  @FieldResolver(() => TimelineConnection, {
    nullable: true,
    description: "Interactions, complaints, claim events, policies, consent decisions and offer answers in one list, newest first (time, then kind, then id); each entry is the source's own object under its own rules. Kinds your role may not read directly are left out.",
  })
  timeline(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args() args: TimelineArgs) {
    return customerTimeline(ctx, customer, args);
  }
}
