import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Node } from "./node.type";
import { nodeById } from "./node.service";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "A customer, policy or claim by id; null when missing or out of your scope." })
  node(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The id of a customer, policy or claim (the plain UUID its id field gives); anything else answers null." }) id: string) {
    return nodeById(ctx, id);
  }
}
