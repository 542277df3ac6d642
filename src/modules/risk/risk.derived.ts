import { Int } from "type-graphql";
import { derived } from "../../db/derived-values";
import { RiskTier } from "../product/product.entity";
import { RiskAssessment, RiskFactor, RiskWarning } from "./risk-assessment.entity";
import type { StoredRating } from "./risk-derived";
import { assessmentView } from "./risk.service";

/** A figure of an assessment as the viewer may receive it (recomputed from the released factors where any is withheld). */
const rated = <K extends keyof StoredRating>(field: K, face: { type: () => unknown; nullable?: boolean; description: string }) =>
  derived<RiskAssessment>({
    on: () => RiskAssessment,
    field,
    face,
    resolve: async (ctx, assessment) => (await assessmentView(ctx, assessment))[field],
    reads: "all",
  });

/** The risk assessment's derived values: each declared once; its GraphQL field, the executor's answer and the compiled read derive from it. */
export const RISK_DERIVED = [
  rated("factors", {
    type: () => [RiskFactor],
    nullable: true,
    description: "Factors behind the score (INTERNAL); each only where your role may receive a value derived from its inputs (health factors: HEALTH, income ratios: FINANCIAL).",
  }),
  rated("warnings", { type: () => [RiskWarning], nullable: true, description: "Early warnings raised (INTERNAL); each only where your role may receive a value derived from its inputs." }),
  rated("likelihood", { type: () => Int, description: "Likelihood 1 (rare) to 5 (almost certain), from the factors your role may receive." }),
  rated("impact", { type: () => Int, description: "Impact 1 (negligible) to 5 (severe), from the factors your role may receive." }),
  rated("score", { type: () => Int, description: "Risk score 0–100 (likelihood × impact × 4), from the factors your role may receive." }),
  rated("tier", { type: () => RiskTier, description: "Band of the score, from the factors your role may receive." }),
];
