import {
  Kind,
  isAbstractType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * The fields a selection set asks of one object type, merged by response key in document order
 * (inline fragments and spreads whose condition the type meets are flattened, as the executor does).
 * Null when any selection carries a directive (@skip, @include): such documents are left to the executor.
 */
export function collectFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  set: SelectionSetNode,
  fragments: Fragments,
  out = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> | null {
  for (const selection of set.selections) {
    if (selection.directives?.length) return null;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const nodes = out.get(key);
      if (nodes) nodes.push(selection);
      else out.set(key, [selection]);
      continue;
    }
    let condition: string | undefined;
    let inner: SelectionSetNode;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      condition = selection.typeCondition?.name.value;
      inner = selection.selectionSet;
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      condition = fragment.typeCondition.name.value;
      inner = fragment.selectionSet;
    }
    if (condition && condition !== type.name) {
      const conditionType = schema.getType(condition);
      if (!conditionType || !isAbstractType(conditionType) || !schema.isSubType(conditionType, type)) continue;
    }
    if (!collectFields(schema, type, inner, fragments, out, visited)) return null;
  }
  return out;
}

/** The merged sub-selection of all nodes of one response key. */
export function subSelection(nodes: readonly FieldNode[]): SelectionSetNode | null {
  const selections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  return selections.length ? { kind: Kind.SELECTION_SET, selections } : null;
}
