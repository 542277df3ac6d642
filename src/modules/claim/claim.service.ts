import type { RequestContext } from "../../auth/request-context";
import { isUuid } from "../../shared/ids";
import { Claim } from "./claim.entity";
import { CLAIM_BY_ID } from "./claim.relations";

export function claimById(ctx: RequestContext, id: string): Promise<Claim | null> | null {
  return isUuid(id) ? ctx.loaders.byId(CLAIM_BY_ID).load(id) : null;
}
