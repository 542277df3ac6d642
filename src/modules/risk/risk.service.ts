import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { pageRequest, toConnection, type PageArgs } from "../../shared/pagination";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskAssessmentConnection } from "./risk.types";

const riskHistory: ChildListSpec<RiskAssessment> = {
  target: RiskAssessment,
  table: "risk_assessment",
  parentColumn: "customer_id",
  parentProperty: "customerId",
  sortColumn: "assessed_at",
  sortProperty: "assessedAt",
  sortCast: "timestamptz",
  direction: "DESC",
};

export function riskProfileOf(ctx: RequestContext, customerId: string): Promise<RiskAssessment | null> {
  return ctx.loaders.riskProfileByCustomerId.load(customerId);
}

export async function riskHistoryOf(ctx: RequestContext, customerId: string, args: PageArgs) {
  const page = await ctx.loaders.childPages(riskHistory, pageRequest(args)).load(customerId);
  return toConnection(page, RiskAssessmentConnection);
}
