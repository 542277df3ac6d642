import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { ConsentInForce, consentLoaders } from "./consent-in-force";

@Resolver(() => Customer)
export class ConsentInForceResolver {
  @FieldResolver(() => [ConsentInForce], {
    description:
      "The decision that holds per purpose: this record's own latest decision, unless a record linked with it as one person refused (refusal wins). `consents` lists the decisions recorded on this record.",
  })
  consentsInForce(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return ctx.loaders.get(consentLoaders).inForceByCustomerId.load(customer.id);
  }
}
