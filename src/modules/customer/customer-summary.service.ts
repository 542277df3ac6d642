import type { RequestContext } from "../../auth/request-context";
import { money } from "../../shared/money";
import type { DerivedFrom } from "../../auth/use-policy";
import { CustomerSummary } from "./customer.types";
import { customerLoaders } from "./customer.loaders";

/**
 * Each figure of the summary with the fields it is computed from (STYLE 10); a test checks that no
 * figure is released more widely than its inputs (src/modules/customer/customer-summary.spec.ts).
 */
export const SUMMARY_INPUTS: Record<keyof CustomerSummary, DerivedFrom> = {
  activePolicies: { inputs: ["Policy.status"] },
  totalAnnualPremium: { inputs: ["Policy.status", "Policy.annualPremium"] },
  totalSumInsured: { inputs: ["Policy.status", "Policy.sumInsured"] },
  openClaims: { inputs: ["Claim.status"] },
  openComplaints: { inputs: ["Complaint.status"] },
  lastInteractionAt: { inputs: ["Interaction.occurredAt"] },
  averageSatisfaction: { inputs: ["Interaction.satisfaction"] },
  lifetimeValue: { inputs: ["Policy.premium", "Policy.startDate", "Claim.paidAmount"] },
};

export async function summaryOf(ctx: RequestContext, customerId: string): Promise<CustomerSummary> {
  const row = await ctx.loaders.get(customerLoaders).summaryByCustomerId.load(customerId);
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
