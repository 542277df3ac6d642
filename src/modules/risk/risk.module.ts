import type { DomainModule } from "../domain-module";
import { HealthDeclaration } from "./health-declaration.entity";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskMutations } from "./risk.mutations";
import { riskPermissions } from "./risk.permissions";
import { RISK_DERIVED } from "./risk.derived";
import { RISK_RELATIONS } from "./risk.relations";

export const riskModule: DomainModule = {
  name: "risk",
  entities: [RiskAssessment, HealthDeclaration],
  resolvers: [RiskMutations],
  permissions: [riskPermissions],
  relations: RISK_RELATIONS,
  derived: RISK_DERIVED,
};
