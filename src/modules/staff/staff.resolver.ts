import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Me } from "./me.type";
import { describeViewer } from "./me.service";

@Resolver()
export class StaffResolver {
  @Query(() => Me, { description: "Who you are, as the server sees your token." })
  me(@Ctx() ctx: RequestContext) {
    return describeViewer(ctx);
  }
}
