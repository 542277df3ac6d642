import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection } from "../../shared/pagination";
import { Claim } from "./claim.entity";
import { ClaimEvent } from "./claim-event.entity";
import { ClaimConnection, type ClaimListArgs } from "./claim.types";

const customerClaims = (args: ClaimListArgs): ChildListSpec<Claim> => ({
  target: Claim,
  table: "claim",
  parentColumn: "customer_id",
  parentProperty: "customerId",
  sortColumn: "reported_at",
  sortProperty: "reportedAt",
  sortCast: "timestamptz",
  direction: "DESC",
  filters: { status: args.status },
});

export function claimById(ctx: RequestContext, id: string): Promise<Claim | null> | null {
  return isUuid(id) ? ctx.loaders.claimById.load(id) : null;
}

export async function claimsOfCustomer(ctx: RequestContext, customerId: string, args: ClaimListArgs): Promise<ClaimConnection> {
  const page = await ctx.loaders.childPages(customerClaims(args), args).load(customerId);
  return toConnection(page, ClaimConnection);
}

export function eventsOf(ctx: RequestContext, claim: Claim): Promise<ClaimEvent[]> {
  return ctx.loaders.eventsByClaimId.load(claim.id);
}
