import type { RequestContext } from "../../auth/request-context";
import { customerScope } from "../../auth/row-scope";
import { invalidFields } from "../../shared/errors";
import { queryServiceMetrics, type MetricsRow } from "./metrics.query";
import { SATISFACTION_TARGET, ServiceMetrics, ServiceMetricsGroup, type ServiceMetricsArgs } from "./metrics.types";

const MAX_PERIOD_MS = 5 * 366 * 24 * 3_600_000;

function toGroup(row: MetricsRow): ServiceMetricsGroup {
  return Object.assign(new ServiceMetricsGroup(), {
    key: row.is_total ? null : row.k,
    interactions: row.interactions,
    ratedInteractions: row.rated,
    satisfactionIndex: row.satisfaction_index,
    satisfactionBelowTarget: row.satisfaction_index === null ? null : row.satisfaction_index < SATISFACTION_TARGET,
    answeredWithin24hShare: row.answered_share,
    customers: row.customers,
    complaints: row.complaints,
    complaintsPerThousandCustomers: row.complaints_per_thousand,
    complaintsResolvedOnTimeShare: row.on_time_share,
    medianComplaintResolutionHours: row.median_resolution_hours,
    claimsFiled: row.claims_filed,
    claimsApproved: row.claims_approved,
    claimsRejected: row.claims_rejected,
    medianClaimCycleDays: row.median_cycle_days,
  });
}

/** Service figures over the customers in the viewer's scope (an agent: their own book), computed in the database. */
export async function serviceMetrics(ctx: RequestContext, args: ServiceMetricsArgs): Promise<ServiceMetrics> {
  const { from, to, groupBy } = args;
  if (!(from < to)) throw invalidFields([{ field: "to", problems: ["to must be after from"] }]);
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw invalidFields([{ field: "to", problems: ["the period is at most 5 years"] }]);
  const rows = await queryServiceMetrics(ctx.db, groupBy, customerScope(ctx.viewer, "c"), from, to);
  const [overall, ...groups] = rows.map(toGroup);
  return Object.assign(new ServiceMetrics(), { from, to, groupBy, satisfactionTarget: SATISFACTION_TARGET, overall, groups });
}
