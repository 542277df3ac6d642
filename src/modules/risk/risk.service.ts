import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { pageRequest, toConnection, type PageArgs } from "../../shared/pagination";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskAssessmentConnection } from "./risk.types";
import { NotFoundError } from "../../shared/errors";
import { requireCustomer } from "../customer/customer.service";
import { HealthDeclaration } from "./health-declaration.entity";
import { storeAssessments } from "./risk-assessor";
import { loadRiskFacts } from "./risk-facts.query";

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
  const page = await ctx.loaders.childPages(riskHistory, args).load(customerId);
  return toConnection(page, RiskAssessmentConnection);
}

/** Assesses a customer in the viewer's scope now and stores the assessment as the new risk profile. */
export async function assessRisk(ctx: RequestContext, customerId: string): Promise<RiskAssessment> {
  await requireCustomer(ctx, customerId);
  const now = new Date();
  const [facts] = await loadRiskFacts(ctx.db, [customerId], now);
  if (!facts) throw new NotFoundError("Customer", customerId);
  const assessedBy = ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
  const [assessment] = await ctx.db.transaction((manager) => storeAssessments(manager, [facts], now, assessedBy));
  return assessment;
}

export function healthDeclarationOf(ctx: RequestContext, customerId: string): Promise<HealthDeclaration | null> {
  return ctx.loaders.healthDeclarationByCustomerId.load(customerId);
}
