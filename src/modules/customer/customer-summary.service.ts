import type { RequestContext } from "../../graphql/context";
import { money } from "../../shared/money";
import { CustomerSummary } from "./customer.types";

export async function summaryOf(ctx: RequestContext, customerId: string): Promise<CustomerSummary> {
  const row = await ctx.loaders.summaryByCustomerId.load(customerId);
  return Object.assign(new CustomerSummary(), {
    activePolicies: row.activePolicies,
    totalAnnualPremium: money(row.totalAnnualPremium, row.currency),
    totalSumInsured: money(row.totalSumInsured, row.currency),
    openClaims: row.openClaims,
    openComplaints: row.openComplaints,
    lastInteractionAt: row.lastInteractionAt,
    averageSatisfaction: row.averageSatisfaction === null ? null : Math.round(row.averageSatisfaction * 100) / 100,
    lifetimeValue: money(row.premiumsToDate - row.claimsPaid, row.currency),
  });
}
