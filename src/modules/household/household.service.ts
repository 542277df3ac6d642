import type { RequestContext } from "../../graphql/context";
import { HouseholdMember } from "./household.types";

/** Related customers the viewer may see; members out of the viewer's scope are left out. */
export async function householdOf(ctx: RequestContext, customerId: string): Promise<HouseholdMember[]> {
  const links = await ctx.loaders.householdByCustomerId.load(customerId);
  return links.map((link) => Object.assign(new HouseholdMember(), link));
}
