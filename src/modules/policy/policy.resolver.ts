import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Product, ProductLine } from "../product/product.entity";
import { Policy } from "./policy.entity";
import { listProducts, policyById, productByCode } from "./policy.service";

@Resolver(() => Policy)
export class PolicyResolver {
  @Query(() => Policy, { nullable: true, description: "A policy by id, if its policyholder is in your scope." })
  policy(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The policy's id (UUID); null when unknown or when its policyholder is out of your row scope." }) id: string) {
    return policyById(ctx, id);
  }

  @Query(() => [Product], { description: "Active products of the catalogue, optionally of one line." })
  products(@Ctx() ctx: RequestContext, @Arg("line", () => ProductLine, { nullable: true, description: "Only products of this line of business; omitted or null: every line." }) line?: ProductLine | null) {
    return listProducts(ctx, line);
  }

  @FieldResolver(() => Product, { nullable: true, description: "The product the policy is of." })
  product(@Ctx() ctx: RequestContext, @Root() policy: Policy) {
    return productByCode(ctx, policy.productCode);
  }
}
