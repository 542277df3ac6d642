import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Product, ProductLine } from "../product/product.entity";
import { Policy } from "./policy.entity";
import { listProducts, policyById, productByCode } from "./policy.service";

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

  @FieldResolver(() => Product, { nullable: true, description: "The product the policy is of." })
  product(@Ctx() ctx: RequestContext, @Root() policy: Policy) {
    return productByCode(ctx, policy.productCode);
  }
}
