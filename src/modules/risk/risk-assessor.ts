import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { insertRows } from "../../db/bulk-insert";
import { plainOrder, relationColumns } from "../../db/relations";
import { RISK_PROFILE } from "./risk.relations";
import { recordEvents, type EventCause } from "../events/outbox";
import { RiskTier } from "../product/product.entity";
import { RiskAssessment } from "./risk-assessment.entity";
import { assessRiskFacts } from "./risk-engine";
import type { CustomerRiskFacts } from "./risk-facts.query";

/** Runs the model on loaded facts and stores one new assessment per customer (history is kept). */
export async function storeAssessments(
  manager: EntityManager,
  facts: readonly CustomerRiskFacts[],
  now: Date,
  assessedBy: string | null,
  cause: EventCause = { actorId: assessedBy, requestId: null },
): Promise<RiskAssessment[]> {
  if (facts.length === 0) return [];
  const rows = facts.map((customer) => {
    const result = assessRiskFacts(customer, now);
    return Object.assign(new RiskAssessment(), {
      id: randomUUID(),
      customerId: customer.customerId,
      assessedAt: now,
      modelVersion: result.modelVersion,
      likelihood: result.likelihood,
      impact: result.impact,
      score: result.score,
      tier: result.tier as RiskTier,
      factors: result.factors,
      warnings: result.warnings,
      assessedBy,
    });
  });
  // the tier each customer had before (the risk profile, in its declared order), to tell consumers
  // when it changed (a first assessment is a change); in this transaction, so not through a loader
  const profile = relationColumns(manager.connection, RISK_PROFILE);
  const previous: { customer_id: string; tier: string }[] = await manager.query(
    `SELECT DISTINCT ON (t.customer_id) t.customer_id, t.tier FROM risk_assessment t
      WHERE t.customer_id = ANY($1::uuid[]) ORDER BY t.customer_id, ${plainOrder(profile, "t")}`,
    [rows.map((row) => row.customerId)],
  );
  const tierBefore = new Map(previous.map((row) => [row.customer_id, row.tier]));
  // one multi-row INSERT (TypeORM's insert spent ~30 % of a re-assessment pass building its statement)
  await insertRows(manager, RiskAssessment, rows);
  await recordEvents(
    manager,
    cause,
    rows.map((row) => ({
      type: "risk.assessed",
      data: { customerId: row.customerId, assessmentId: row.id, changedFields: tierBefore.get(row.customerId) === row.tier ? [] : ["tier"] },
    })),
  );
  return rows;
}
