import type { EntityManager } from "typeorm";
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
): Promise<RiskAssessment[]> {
  if (facts.length === 0) return [];
  const repository = manager.getRepository(RiskAssessment);
  const rows = facts.map((customer) => {
    const result = assessRiskFacts(customer, now);
    return repository.create({
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
  await repository.insert(rows);
  return rows;
}
