import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { DomainError } from "../shared/errors";
import { isDatabaseUnavailable, isRejectedValue } from "../db/database-errors";

const PASS_THROUGH = new Set([
  "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT", "UNAVAILABLE",
  "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED", "OPERATION_RESOLUTION_FAILURE", "RATE_LIMITED",
]);

export const DATABASE_UNAVAILABLE = "The database is unavailable; try again shortly";

export type ErrorReporter = (error: unknown) => void;

/**
 * The one place that decides what an error tells the client: coded domain errors keep their
 * message and details; anything else becomes INTERNAL_SERVER_ERROR with no stack or SQL text.
 */
export function formatError(report: ErrorReporter) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = original.extensions.validationErrors?.map((e) => ({
        field: e.property,
        problems: Object.values(e.constraints ?? {}),
      }));
      return { ...base, message: "Invalid input", extensions: { code: "BAD_USER_INPUT", fields } };
    }
    if (isRejectedValue(original)) {
      return { ...base, message: "A value in the request cannot be stored or compared (e.g. a NUL character or a number out of range)", extensions: { code: "BAD_USER_INPUT" } };
    }
    if (isDatabaseUnavailable(original)) {
      return { ...base, message: DATABASE_UNAVAILABLE, extensions: { code: "UNAVAILABLE" } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && PASS_THROUGH.has(code)) {
      const { cost, maxCost, reason } = formatted.extensions ?? {};
      const extensions = cost === undefined ? { code } : { code, cost, maxCost };
      return { ...base, extensions: typeof reason === "string" ? { ...extensions, reason } : extensions };
    }
    if (original instanceof GraphQLError && !original.originalError && original.path === undefined) {
      // a GraphQL-level error (e.g. coercion of variables) raised before execution
      return { ...base, extensions: { code: "BAD_USER_INPUT" } };
    }
    report(original);
    return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
