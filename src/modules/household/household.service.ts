import type { RequestContext } from "../../graphql/context";
import { customerById } from "../customer/customer.service";
import { HouseholdMember } from "./household.types";

/** Related customers the viewer may see; members out of the viewer's scope are left out. */
export async function householdOf(ctx: RequestContext, customerId: string): Promise<HouseholdMember[]> {
  const links = await ctx.loaders.relationshipsByCustomerId.load(customerId);
  const members = await Promise.all(links.map((link) => customerById(ctx, link.relatedCustomerId)));
  return links.flatMap((link, i) => {
    const member = members[i];
    return member ? [Object.assign(new HouseholdMember(), { kind: link.kind, member })] : [];
  });
}
