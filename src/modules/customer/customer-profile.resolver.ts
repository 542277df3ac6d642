import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "./customer.entity";
import { nationalIdOf } from "./customer-identity.service";

/** Profile fields that are computed rather than stored as is. */
@Resolver(() => Customer)
export class CustomerProfileResolver {
  @FieldResolver(() => String, { nullable: true, description: "National id or business registration number (personal data: IDENTITY)." })
  nationalId(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return nationalIdOf(ctx, customer);
  }
}
