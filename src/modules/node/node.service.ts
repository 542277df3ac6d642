import type { RequestContext } from "../../auth/request-context";
import { isUuid } from "../../shared/ids";
import { claimById } from "../claim/claim.service";
import { customerById } from "../customer/customer.service";
import { policyById } from "../policy/policy.service";

/** The object with this id, through the same scoped loaders as every other path (out of scope → null). */
export async function nodeById(ctx: RequestContext, id: string) {
  if (!isUuid(id)) return null;
  const [customer, policy, claim] = await Promise.all([customerById(ctx, id), policyById(ctx, id), claimById(ctx, id)]);
  return customer ?? policy ?? claim ?? null;
}
