import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, getNamedType, isListType, getNullableType, isLeafType, type GraphQLSchema, type ValidationContext, type ValidationRule } from "graphql";
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
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: false, flattenFragments: true, ...reject }),
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...reject }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reject }),
  ];
}

function reportAsValidationError(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, "")));
}

/**
 * The cost of a query is the number of objects it may load: a connection field multiplies its
 * selection by `first` (default page size), a list with `limit` by that limit; leaves cost
 * nothing. So `customers(first: 100) { policies(first: 20) { coverages } claims(first: 20) }` costs
 * 6,100 (fine under the default 10,000) while two nested pages of 100 cost more than 10,000.
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

/** Rejects an operation whose cost (with its variables) exceeds the limit: 400, before execution. */
export function costLimitPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, variables: request.variables ?? {}, operationName: request.operationName, estimators: [objectCountEstimator] });
          } catch {
            return; // invalid variables: execution reports them as BAD_USER_INPUT
          }
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}: ask for smaller pages`, {
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", cost, maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
