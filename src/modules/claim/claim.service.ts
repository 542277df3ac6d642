import type { RequestContext } from "../../auth/request-context";
import { isUuid } from "../../shared/ids";
import { Claim } from "./claim.entity";
import { claimLoaders } from "./claim.loaders";

export function claimById(ctx: RequestContext, id: string): Promise<Claim | null> | null {
  return isUuid(id) ? ctx.loaders.get(claimLoaders).claimById.load(id) : null;
}
