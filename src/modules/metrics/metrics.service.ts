import type { RequestContext } from "../../auth/request-context";
import { customerScope, roleScope } from "../../auth/row-scope";
import { derivedGrant, refusedUse, Use, type DerivedFrom } from "../../auth/use-policy";
import { roleOf } from "../../auth/viewer";
import { invalidFields } from "../../shared/errors";
import { serviceMetricsRollupAsOf } from "./metrics-rollup";
import { queryRolledUpMetrics } from "./metrics-rollup.query";
import { queryServiceMetrics, type MetricsRow } from "./metrics.query";
import { MetricsGroupBy, OpenCaseAgeing, SATISFACTION_TARGET, ServiceMetrics, ServiceMetricsGroup, type ServiceMetricsArgs } from "./metrics.types";

const MAX_PERIOD_MS = 5 * 366 * 24 * 3_600_000;

/**
 * What each grouping's keys are derived from (STYLE 10; metrics.query.ts GROUP_KEYS). The figures
 * themselves are counts, shares and ages of PUBLIC facts (statuses, times, stored SLA deadlines and
 * verdicts, ratings) over the viewer's row scope; a key names a value of the rows, so a role groups
 * only by what it may derive from (QUEUE and a case's HANDLER are the SERVICE routing fields).
 */
export const GROUP_KEY_INPUTS: Record<MetricsGroupBy, DerivedFrom> = {
  CHANNEL: { inputs: ["Interaction.channel", "Policy.salesChannel", "ServiceCase.channel"] },
  MONTH: { inputs: ["Interaction.occurredAt", "Complaint.receivedAt", "Claim.reportedAt", "ServiceCase.openedAt"] },
  AGENT: { inputs: ["Customer.assignedAgentId"] },
  HANDLER: { inputs: ["Interaction.staffId", "Claim.assignedAdjusterId", "ServiceCase.assigneeId"] },
  REGION: { inputs: ["Customer.region"] },
  QUEUE: { inputs: ["ServiceCase.queue", "ServiceCase.originInteractionId", "ServiceCase.complaintId"] },
};

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
    cases: row.cases,
    firstResponseAttainment: row.first_response_attainment,
    resolutionAttainment: row.resolution_attainment,
    openCases: row.open_cases,
    breachedOpenCases: row.breached_open_cases,
    openCaseAgeing: Object.assign(new OpenCaseAgeing(), {
      underOneDay: row.open_under_1d, oneToThreeDays: row.open_1_to_3d, threeToSevenDays: row.open_3_to_7d, overSevenDays: row.open_over_7d,
    }),
    oldestOpenCaseAgeHours: row.oldest_open_hours,
  });
}

/**
 * The figures from the daily rollup (METRICS_ROLLUP_REFRESH on, a rollup stored, a role whose row
 * scope is role-wide: all customers, or an agent's book), with its time; else computed live now
 * (asOf null).
 */
async function figures(ctx: RequestContext, groupBy: MetricsGroupBy, period: { from: Date; to: Date; now: Date }): Promise<{ rows: MetricsRow[]; asOf: Date | null }> {
  const role = roleOf(ctx.viewer);
  const shared = role ? roleScope(role, "c") : null;
  const scope = customerScope(ctx.viewer, "c");
  const asOf = ctx.config.metricsRollupRefreshMs !== null && shared?.sql === "TRUE" ? await serviceMetricsRollupAsOf(ctx.reader) : null;
  if (!asOf) return { rows: await queryServiceMetrics(ctx.reader, groupBy, scope, period), asOf: null };
  return { rows: await queryRolledUpMetrics(ctx.reader, groupBy, { ...scope, perBook: Boolean(shared?.viewerColumn) }, period, asOf), asOf };
}

/** Service figures over the customers in the viewer's scope (an agent: their own book), computed in the database. */
export async function serviceMetrics(ctx: RequestContext, args: ServiceMetricsArgs): Promise<ServiceMetrics> {
  const { from, to, groupBy } = args;
  if (!(from < to)) throw invalidFields([{ field: "to", problems: ["to must be after from"] }]);
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw invalidFields([{ field: "to", problems: ["the period is at most 5 years"] }]);
  if (derivedGrant(roleOf(ctx.viewer), GROUP_KEY_INPUTS[groupBy]) !== "any") throw refusedUse(GROUP_KEY_INPUTS[groupBy].inputs[0], Use.DERIVE, `groupBy: ${groupBy}`);
  const { rows, asOf } = await figures(ctx, groupBy, { from, to, now: new Date() });
  const [overall, ...groups] = rows.map(toGroup);
  return Object.assign(new ServiceMetrics(), { from, to, groupBy, satisfactionTarget: SATISFACTION_TARGET, asOf, overall, groups });
}
