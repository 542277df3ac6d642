import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError, Kind, getNamedType, getNullableType, isLeafType, isListType, visit,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { QueryLimits } from "../config";
import { DEFAULT_PAGE_SIZE } from "../shared/pagination";

/**
 * Document limits, checked before anything executes. Depth, aliases and directives are
 * graphql-armor validation rules (fragments are followed, cycles stopped; introspection counts
 * too, and `__typename` aliases are not exempt). Tokens are counted by graphql-js's parser
 * (Apollo `parseOptions.maxTokens`: armor's own token plugin turns syntax errors into 500s).
 */
export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  // armor throws its rejection from inside validation, which Apollo reports as a 500; report it as
  // a validation error instead (400 GRAPHQL_VALIDATION_FAILED), without armor's "Syntax Error" prefix
  const reject = { propagateOnRejection: false, onReject: [reportAsValidationError] };
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reject }),
    // introspection has its own ceiling: deep enough for the standard introspection query (15,
    // GraphiQL's), not for `ofType { ofType { … } }` bombs; production turns introspection off anyway
    maxDepthRule({ n: Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH), ignoreIntrospection: false, flattenFragments: true, ...reject }),
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...reject }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reject }),
    directivesInDocumentRule(limits.maxDirectives),
    introspectionCountRule,
  ];
}

/** Introspection fields a document may write (each alias is a whole schema walk). */
const INTROSPECTION_FIELDS: Record<string, number> = { __schema: 1, __type: 10 };

/**
 * Outside production introspection is served, and the cost limit does not weigh it (weighted, the
 * standard introspection query itself would be refused): instead a document may ask for the schema
 * once and for at most ten named types — 15 aliased `__schema` walks took > 100 ms.
 */
const introspectionCountRule: ValidationRule = (context) => {
  const seen: Record<string, number> = {};
  return {
    Field(node) {
      const max = INTROSPECTION_FIELDS[node.name.value];
      if (max === undefined) return;
      seen[node.name.value] = (seen[node.name.value] ?? 0) + 1;
      if (seen[node.name.value] === max + 1) {
        context.reportError(new GraphQLError(`At most ${max} ${node.name.value} field${max > 1 ? "s" : ""} per document`));
      }
    },
  };
};

const INTROSPECTION_MAX_DEPTH = 15;

/**
 * Every directive written anywhere in the document counts once. armor's rule follows fragments
 * but forgets the directives on a repeated spread (`...F @skip(if: false) ...F @skip(if: false)`).
 */
function directivesInDocumentRule(max: number): ValidationRule {
  return (context) => {
    let count = 0;
    return {
      Directive() {
        count += 1;
        if (count === max + 1) context.reportError(new GraphQLError(`Directives limit of ${max} exceeded in the document`));
      },
    };
  };
}

function reportAsValidationError(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, "")));
}

/**
 * The cost of a query is the number of objects it may load: a connection field multiplies its
 * selection by `first` (default page size), a list with `limit` by that limit; leaves cost
 * nothing. So `customers(first: 100) { policies(first: 20) { coverages } claims(first: 20) }` costs
 * 6,100 (fine under the default 10,000) while two nested pages of 100 cost more than 10,000.
 * It reads no argument but `first` and `limit` (COST_ARGUMENTS names every argument a cost depends on).
 */
export const objectCountEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNullableType(field.type);
  const named = getNamedType(type);
  if (isLeafType(named)) return 0;
  if (named.name.endsWith("Connection")) return (typeof args.first === "number" ? args.first : DEFAULT_PAGE_SIZE) * Math.max(childComplexity, 1);
  if (named.name.endsWith("Edge")) return childComplexity; // counted by the connection's `first`
  const factor = isListType(type) && typeof args.limit === "number" ? args.limit : 1;
  return factor * (1 + childComplexity);
};

/** graphql-query-complexity's own node ceiling: documents beyond it cannot be costed. */
const MAX_EXPANDED_SELECTIONS = 10_000;

/**
 * Selections the document would have with every fragment spread expanded, counted in linear time
 * (each fragment counted once and memoized; validation has already refused fragment cycles).
 */
export function expandedSelections(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, number>();
  const countSet = (set: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) total += 1 + countSet(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += countSet(selection.selectionSet);
      else total += countFragment(selection.name.value);
    }
    return total;
  };
  const countFragment = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, 0); // a cycle (already refused by validation) counts nothing
    const count = countSet(fragments.get(name)?.selectionSet);
    memo.set(name, count);
    return count;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += countSet(definition.selectionSet);
  }
  return total;
}

/** The operation's cost; Infinity when it is too large to count, undefined when its variables are invalid. */
function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number | undefined {
  if (expandedSelections(document) > MAX_EXPANDED_SELECTIONS) return Number.POSITIVE_INFINITY; // fragments spread 2^n times
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [objectCountEstimator] });
  } catch (error) {
    return /maximum allowed number of nodes/i.test((error as Error).message) ? Number.POSITIVE_INFINITY : undefined;
  }
}

/**
 * Arguments whose values change a cost: the estimator's `first` and `limit`, and `if` of
 * @skip / @include (graphql-query-complexity leaves skipped selections out).
 */
const COST_ARGUMENTS = new Set(["first", "limit", "if"]);

/** The variables a document's cost depends on: those written anywhere in a COST_ARGUMENTS argument. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (!COST_ARGUMENTS.has(argument.name.value)) return;
      visit(argument.value, { Variable: (variable) => void names.add(variable.name.value) });
    },
  });
  return [...names];
}

/** Costs kept per document and variant (operation name and cost variables' values); more variants start the list afresh. */
const VARIANTS_KEPT = 64;

interface DocumentCosts {
  variables: string[];
  costs: Map<string, number>;
}

/**
 * Costs by parsed document (Apollo hands a repeated query text the same DocumentNode, so a
 * WeakMap lets a document's costs go with it), then by operation name and the values of the
 * variables the cost depends on. Only counted costs are kept: when the variables are invalid the
 * cost is not known, and the next request is costed afresh.
 */
function costCache(schema: GraphQLSchema) {
  const byDocument = new WeakMap<DocumentNode, DocumentCosts>();
  return (document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number | undefined => {
    let known = byDocument.get(document);
    if (!known) {
      known = { variables: costVariables(document), costs: new Map() };
      byDocument.set(document, known);
    }
    // a variable left out (its default applies) differs from one given as null
    const values = known.variables.map((name) => (Object.hasOwn(variables, name) ? `=${JSON.stringify(variables[name])}` : "-"));
    const variant = `${operationName ?? ""}\u0000${values.join("\u0000")}`;
    const kept = known.costs.get(variant);
    if (kept !== undefined) return kept;
    const cost = costOf(schema, document, variables, operationName);
    if (cost === undefined) return undefined;
    if (known.costs.size >= VARIANTS_KEPT) known.costs.clear();
    known.costs.set(variant, cost);
    return cost;
  };
}

/** Rejects an operation whose cost (with its variables) exceeds the limit: 400, before execution. */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  const costFor = costCache(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const cost = costFor(document, request.variables ?? {}, request.operationName);
          if (cost === undefined) return; // invalid variables: execution reports them as BAD_USER_INPUT
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${Number.isFinite(cost) ? cost : "(too large to count)"} exceeds the limit of ${maxCost}: ask for smaller pages`, {
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", cost: Number.isFinite(cost) ? cost : null, maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
