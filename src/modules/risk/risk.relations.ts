import { lookup, relation } from "../../db/relations";
import { PageArgs } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { HealthDeclaration } from "./health-declaration.entity";
import { RiskAssessment } from "./risk-assessment.entity";
import { RiskAssessmentConnection } from "./risk.types";

/** The current risk profile: the newest assessment. */
export const RISK_PROFILE = relation<Customer, RiskAssessment>({
  kind: "one",
  on: () => Customer,
  field: "riskProfile",
  child: () => RiskAssessment,
  from: "id",
  to: "customerId",
  order: [["assessedAt", "DESC"], ["id", "DESC"]],
  face: { type: () => RiskAssessment, nullable: true, description: "Current risk profile (the newest assessment)." },
});

/** The risk relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const RISK_RELATIONS = [
  RISK_PROFILE,
  relation<Customer, RiskAssessment, PageArgs>({
    kind: "page",
    on: () => Customer,
    field: "riskHistory",
    child: () => RiskAssessment,
    from: "id",
    to: "customerId",
    sort: "assessedAt",
    direction: "DESC",
    face: { type: () => RiskAssessmentConnection, args: () => PageArgs, description: "Risk assessments, newest first." },
  }),
  relation<Customer, HealthDeclaration>({
    kind: "one",
    on: () => Customer,
    field: "healthDeclaration",
    child: () => HealthDeclaration,
    from: "id",
    to: "customerId",
    order: [["declaredAt", "DESC"], ["id", "DESC"]],
    face: { type: () => HealthDeclaration, nullable: true, description: "The newest health declaration (personal data: HEALTH)." },
  }),
];

/** Risk assessments by id, the rows whose customer (`customerId`) is in the viewer's row scope (service alerts name them). */
export const RISK_ASSESSMENT_BY_ID = lookup<RiskAssessment>(() => RiskAssessment, "customerId");
