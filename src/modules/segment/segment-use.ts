import type { Role } from "../../auth/role";
import { derivedGrant, refusedUse, requireBoundaries, requireUse, Use } from "../../auth/use-policy";
import { SEGMENT_FIELDS, SegmentOp } from "./segment-fields";
import type { RuleNode, SegmentCondition } from "./segment-rule";

/** Comparisons that stay on band boundaries: "at least b" and "below b" (BETWEEN and EQ include an exact value). */
const BAND_OPS: readonly SegmentOp[] = [SegmentOp.GTE, SegmentOp.LT];

function authorizeCondition(condition: SegmentCondition, role: Role | null, path: string): SegmentCondition {
  const spec = SEGMENT_FIELDS[condition.field];
  if (spec.derivedFrom) {
    const grant = derivedGrant(role, spec.derivedFrom);
    if (grant === "none") throw refusedUse(`SegmentField.${condition.field}`, Use.RULE, `${path}.field`);
    return grant === "consent" ? { ...condition, use: "consent" } : condition;
  }
  if (spec.source === null) return condition;
  const grant = requireUse(role, spec.source, Use.RULE, `${path}.field`);
  switch (grant) {
    case "any":
      return condition;
    case "consent":
      return { ...condition, use: "consent" };
    case "visible":
      if (!spec.visibleSql) throw refusedUse(spec.source, Use.RULE, `${path}.field`); // no visible form declared
      return { ...condition, use: "visible" };
    case "band":
      requireBoundaries(spec.source, { boundaryOp: BAND_OPS.includes(condition.op), values: [condition.value].flat() }, `${path}.value`);
      return condition;
  }
}

/**
 * A rule as the viewer's role may evaluate it: each condition's field must be usable in rules by
 * the role (src/auth/use-policy.ts); a consent-bound field applies only to consenting customers, a
 * masked one through its visible part, a banded one on band boundaries only. Anything else is
 * FORBIDDEN before any SQL runs — so counts, samples, members and explanations never depend on a
 * value the role may not use. Evaluated for the viewer at every evaluation (a stored segment may
 * have been written by a role with more access).
 */
export function authorizeRule(rule: RuleNode, role: Role | null, path = "rule"): RuleNode {
  if ("condition" in rule) return { condition: authorizeCondition(rule.condition, role, `${path}.condition`) };
  if ("not" in rule) return { not: authorizeRule(rule.not, role, `${path}.not`) };
  if ("all" in rule) return { all: rule.all.map((child, i) => authorizeRule(child, role, `${path}.all[${i}]`)) };
  return { any: rule.any.map((child, i) => authorizeRule(child, role, `${path}.any[${i}]`)) };
}
