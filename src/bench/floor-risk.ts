import type { Role } from "../auth/role";
import { derivedGrant } from "../auth/use-policy";
import { RISK_FACTOR_INPUTS } from "../modules/risk/risk-derived";

/**
 * The floor's risk rating as one role receives it (the API's assessmentFor, src/modules/risk/risk-derived.ts):
 * the stored score and tier when every factor is released to the role, else both recomputed from
 * the released factors alone. `assessment` is the alias of a risk_assessment row; `sensitive` an
 * SQL boolean: whether the customer's SENSITIVE_DATA consent is in force (consent-bound factors
 * are released with it). The lateral join is aliased `rv`.
 */
export function releasedRatingSql(role: Role, assessment: string, sensitive: string): { join: string; score: string; tier: string } {
  const grants = Object.entries(RISK_FACTOR_INPUTS).map(([name, factor]) => ({ name, group: factor.group, grant: derivedGrant(role, factor) }));
  const names = (list: string[]) => `ARRAY[${list.map((name) => `'${name}'`).join(", ")}]::text[]`;
  const withGrant = (grant: string) => grants.filter((g) => g.grant === grant).map((g) => g.name);
  const consentBound = withGrant("consent");
  const released = `(f->>'name' = ANY(${names(withGrant("any"))})${consentBound.length > 0 ? ` OR (${sensitive} AND f->>'name' = ANY(${names(consentBound)}))` : ""})`;
  const groups = ["likelihood", "impact"] as const;
  const sums = groups.map((group) => {
    const inGroup = `f->>'name' = ANY(${names(grants.filter((g) => g.group === group).map((g) => g.name))})`;
    return `sum((f->>'weight')::float8) FILTER (WHERE ${inGroup}) AS weight_${group},
      sum((f->>'weight')::float8) FILTER (WHERE ${inGroup} AND ${released}) AS kept_${group},
      sum((f->>'contribution')::float8) FILTER (WHERE ${inGroup} AND ${released}) AS contribution_${group}`;
  });
  const join = `LEFT JOIN LATERAL (SELECT bool_or(NOT ${released}) AS any_withheld, ${sums.join(", ")}
    FROM jsonb_array_elements(${assessment}.factors) f) rv ON true`;
  // the engine's ratingOfMean: 1–5 from a weighted mean risk; a side with no released weight rates 1
  const side = (group: string) => `CASE WHEN coalesce(rv.kept_${group}, 0) = 0 THEN 1
    ELSE least(5, greatest(1, 1 + floor(4 * least(1::float8, 1.6::float8 * (rv.weight_${group} * rv.contribution_${group} / rv.kept_${group})) + 0.5)))::int END`;
  const cell = `((${side("likelihood")}) * (${side("impact")}))`;
  const stored = `NOT coalesce(rv.any_withheld, false)`;
  return {
    join,
    score: `CASE WHEN ${stored} THEN ${assessment}.score ELSE ${cell} * 4 END`,
    tier: `CASE WHEN ${stored} THEN ${assessment}.tier::text
      ELSE (SELECT CASE WHEN m.cell <= 6 THEN 'LOW' WHEN m.cell <= 12 THEN 'MEDIUM' WHEN m.cell <= 18 THEN 'HIGH' ELSE 'CRITICAL' END FROM (SELECT ${cell} AS cell) m) END`,
  };
}
