import { derivedGrant, useGrant, Use } from "../../auth/use-policy";
import type { Role } from "../../auth/role";
import type { ConsentPurpose } from "../consent/consent.entity";
import { SEGMENT_FIELDS, type SegmentField } from "./segment-fields";
import type { RuleNode } from "./segment-rule";
import type { ConditionOutcome } from "./segment.query";
import type { SegmentExplainNode } from "./segment.types";

/** A condition's value is shown only to a role that may use its source in full (aggregates of public records: everyone). */
function canSee(role: Role | null, field: SegmentField): boolean {
  const { source, derivedFrom } = SEGMENT_FIELDS[field];
  if (derivedFrom) return derivedGrant(role, derivedFrom) === "any";
  return source === null || useGrant(role, source, Use.DERIVE) === "any";
}

/**
 * Folds per-condition outcomes (in document order) back into the tree: one node per rule node,
 * parents before children. Values the viewer's role may not read in full are withheld.
 */
export function explainTree(rule: RuleNode, outcomes: readonly ConditionOutcome[], role: Role | null): { member: boolean; nodes: SegmentExplainNode[] } {
  const nodes: SegmentExplainNode[] = [];
  let next = 0;
  const visit = (node: RuleNode, path: string): boolean => {
    const entry: SegmentExplainNode = {
      path, kind: "", field: null, op: null, purpose: null, expected: null, value: null, valueWithheld: false, matched: false,
    };
    nodes.push(entry);
    if ("condition" in node) {
      const { field, op, value, purpose } = node.condition;
      const outcome = outcomes[next++];
      const visible = canSee(role, field);
      Object.assign(entry, {
        kind: "CONDITION", field, op, purpose: (purpose ?? null) as ConsentPurpose | null, expected: value ?? null,
        value: visible ? outcome.value : null, valueWithheld: !visible, matched: outcome.matched,
      });
    } else if ("not" in node) {
      Object.assign(entry, { kind: "NOT", matched: !visit(node.not, `${path}.not`) });
    } else {
      const key = "all" in node ? "all" : "any";
      const results = ("all" in node ? node.all : node.any).map((child, i) => visit(child, `${path}.${key}[${i}]`));
      Object.assign(entry, { kind: key.toUpperCase(), matched: key === "all" ? results.every(Boolean) : results.some(Boolean) });
    }
    return entry.matched;
  };
  const member = visit(rule, "rule");
  return { member, nodes };
}
