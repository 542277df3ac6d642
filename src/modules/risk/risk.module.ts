import type { DomainModule } from "../domain-module";
import { HealthDeclaration } from "./health-declaration.entity";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskMutations } from "./risk.mutations";
import { riskPermissions } from "./risk.permissions";
import { CustomerHealthResolver, RiskResolver } from "./risk.resolver";

export const riskModule: DomainModule = {
  name: "risk",
  entities: [RiskAssessment, HealthDeclaration],
  resolvers: [RiskResolver, CustomerHealthResolver, RiskMutations],
  permissions: [riskPermissions],
};
