import type { RequestContext } from "../../graphql/context";
import { isUuid } from "../../shared/ids";
import { Claim } from "./claim.entity";

export function claimById(ctx: RequestContext, id: string): Promise<Claim | null> | null {
  return isUuid(id) ? ctx.loaders.claimById.load(id) : null;
}
