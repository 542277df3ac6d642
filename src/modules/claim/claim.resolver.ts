import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Claim } from "./claim.entity";
import { claimById } from "./claim.service";

@Resolver(() => Claim)
export class ClaimResolver {
  @Query(() => Claim, { nullable: true, description: "A claim by id, if the claimant is in your scope." })
  claim(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The claim's id (UUID); null when unknown or when the claimant is out of your row scope." }) id: string) {
    return claimById(ctx, id);
  }

}
