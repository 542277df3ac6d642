import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { Customer } from "../customer/customer.entity";
import { customerById } from "../customer/customer.service";
import { Product, ProductLine } from "../product/product.entity";
import { Coverage } from "./coverage.entity";
import { Policy } from "./policy.entity";
import { coveragesOf, listProducts, policyById, productByCode } from "./policy.service";

@Resolver(() => Policy)
export class PolicyResolver {
  @Query(() => Policy, { nullable: true, description: "A policy by id, if its policyholder is in your scope." })
  policy(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return policyById(ctx, id);
  }

  @Query(() => [Product], { description: "Active products of the catalogue, optionally of one line." })
  products(@Ctx() ctx: RequestContext, @Arg("line", () => ProductLine, { nullable: true }) line?: ProductLine | null) {
    return listProducts(ctx, line);
  }

  @FieldResolver(() => [Coverage], { description: "Covers of the policy." })
  coverages(@Ctx() ctx: RequestContext, @Root() policy: Policy) {
    return coveragesOf(ctx, policy);
  }

  @FieldResolver(() => Product, { nullable: true, description: "The product the policy is of." })
  product(@Ctx() ctx: RequestContext, @Root() policy: Policy) {
    return productByCode(ctx, policy.productCode);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The policyholder (null when out of your scope)." })
  policyholder(@Ctx() ctx: RequestContext, @Root() policy: Policy) {
    return customerById(ctx, policy.customerId);
  }
}
