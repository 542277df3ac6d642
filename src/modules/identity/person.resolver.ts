import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { personOf } from "./person.service";
import { Person } from "./person.types";

@Resolver(() => Customer)
export class CustomerPersonResolver {
  @FieldResolver(() => Person, {
    nullable: true,
    description:
      "The person this record is linked with (identity resolution): the linked records you may see and their unified profile. Null when no other linked record lies in your row scope.",
  })
  person(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return personOf(ctx, customer);
  }
}
