import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate } from "../../db/hydrate";
import { RiskAssessment } from "./risk-assessment.entity";
import { HealthDeclaration } from "./health-declaration.entity";

export function riskLoaders(db: DataSource) {
  return {
    /** The newest assessment per customer: the current risk profile. */
    riskProfileByCustomerId: new DataLoader<string, RiskAssessment | null>(async (ids) => {
      const raw = await db.query(
        `SELECT DISTINCT ON (customer_id) * FROM risk_assessment WHERE customer_id = ANY($1::uuid[])
         ORDER BY customer_id, assessed_at DESC, id DESC`,
        [ids],
      );
      const byId = new Map(hydrate(db, RiskAssessment, raw).map((row) => [row.customerId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The newest health declaration per customer (the one that counts). */
    healthDeclarationByCustomerId: new DataLoader<string, HealthDeclaration | null>(async (ids) => {
      const raw = await db.query(
        `SELECT DISTINCT ON (customer_id) * FROM health_declaration WHERE customer_id = ANY($1::uuid[])
         ORDER BY customer_id, declared_at DESC, id DESC`,
        [ids],
      );
      const byId = new Map(hydrate(db, HealthDeclaration, raw).map((row) => [row.customerId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
