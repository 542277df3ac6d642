import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { Customer } from "./customer.entity";
import { CustomerSummary } from "./customer.types";
import { summaryOf } from "./customer-summary.service";

/** The 360's key figures (a derived value, not a relation: the relations are declared in each module's `.relations.ts`). */
@Resolver(() => Customer)
export class CustomerSummaryResolver {
  @FieldResolver(() => CustomerSummary, { description: "Key figures of the 360 view." })
  summary(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return summaryOf(ctx, customer.id);
  }
}
