import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { toConnection } from "../../shared/pagination";
import { Customer } from "./customer.entity";
import { customerById, listCustomers } from "./customer.service";
import { CustomerConnection, CustomerListArgs } from "./customer.types";

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: "A customer by id; null when missing or out of your scope." })
  customer(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The customer's id (UUID); an unknown id, or one out of your row scope, answers null." }) id: string) {
    return customerById(ctx, id);
  }

  @Query(() => CustomerConnection, { description: "Customers in your scope, filtered, sorted and paginated." })
  async customers(@Ctx() ctx: RequestContext, @Args(() => CustomerListArgs) args: CustomerListArgs) {
    return toConnection(await listCustomers(ctx, args.filter, args.orderBy, args), CustomerConnection);
  }
}
