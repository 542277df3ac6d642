import { isObjectType, type GraphQLSchema } from "graphql";
import { isAuthenticated } from "../auth/shield-rules";

interface RuleLike {
  getRules?: () => unknown[];
  constructor: { name: string };
}

const ROOT_TYPES = new Set(["Query", "Mutation", "Subscription"]);

/**
 * A rule that refuses anonymous callers: isAuthenticated itself, or an `and` that contains it
 * (graphql-shield does not export its RuleAnd class, hence the name check; the version is pinned).
 */
function requiresSignIn(rule: unknown): boolean {
  if (rule === isAuthenticated) return true;
  const logic = rule as RuleLike;
  return logic?.constructor?.name === "RuleAnd" && (logic.getRules?.() ?? []).some(requiresSignIn);
}

/**
 * Below the root, a field whose only rule is "signed in" adds nothing: it can only be reached
 * through a root field that already refused anonymous callers and scoped the rows. Such fields
 * (ids, statuses, edges, page info… — all PUBLIC fields and structural types) get their plain
 * resolver back, so that the shield's async wrapper runs only where a decision is made: root
 * fields and personal fields. Refuses to build if any root field lets anonymous callers in,
 * since that would open the nested fields too.
 */
export function unwrapSignedInOnlyFields(served: GraphQLSchema, bare: GraphQLSchema, map: Record<string, unknown>): number {
  for (const root of ROOT_TYPES) {
    const type = served.getType(root);
    if (!type || !isObjectType(type)) continue;
    const rules = map[root] as Record<string, unknown> | undefined;
    for (const field of Object.keys(type.getFields())) {
      if (!requiresSignIn(rules?.[field])) {
        throw new Error(`${root}.${field} does not require sign-in: nested PUBLIC fields would be open to anonymous callers`);
      }
    }
  }
  let unwrapped = 0;
  for (const [typeName, type] of Object.entries(served.getTypeMap())) {
    if (typeName.startsWith("__") || ROOT_TYPES.has(typeName) || !isObjectType(type)) continue;
    const bareType = bare.getType(typeName);
    if (!bareType || !isObjectType(bareType)) continue;
    const typeRule = map[typeName];
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const rule = typeRule === isAuthenticated ? typeRule : (typeRule as Record<string, unknown> | undefined)?.[fieldName];
      if (rule !== isAuthenticated) continue;
      field.resolve = bareType.getFields()[fieldName].resolve;
      unwrapped += 1;
    }
  }
  return unwrapped;
}
