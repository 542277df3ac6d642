import { Connection } from "../../shared/pagination";
import { RiskAssessment } from "./risk-assessment.entity";

export const RiskAssessmentConnection = Connection(RiskAssessment, "RiskAssessment");
export type RiskAssessmentConnection = InstanceType<typeof RiskAssessmentConnection>;
