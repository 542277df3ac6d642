import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import { currentTally } from "../db/sql-counter";
import { graphqlErrors, operationLabel, requestDuration, statementsPerRequest } from "../observability/metrics";
import type { RequestContext } from "../auth/request-context";
import { RETRY_AFTER_SECONDS } from "../shared/errors";


/**
 * One structured log line and the metrics for every GraphQL request: request id, operation,
 * viewer id and role, duration, statements, error codes — never variables or values. A request
 * that failed because the database could not serve it answers 503 with Retry-After.
 */
export function observabilityPlugin(log: Logger, exposeStatementCount: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue: ctx, request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationLabel(operationName ?? request.operationName);
          const tally = currentTally();
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? errors ?? []).map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          // which path answered (outside production, like the statement count): tests assert it was the one they meant
          if (exposeStatementCount) response.http.headers.set("x-read-path", ctx.compiled ? "compiled" : "executor");
          if (exposeStatementCount) response.http.headers.set("x-text-rows", String(ctx.compiled ? (ctx.textRows ?? 0) : 0));
          if (codes.includes("UNAVAILABLE")) {
            response.http.status = 503;
            response.http.headers.set("retry-after", RETRY_AFTER_SECONDS);
          }
          requestDuration.observe({ operation }, seconds);
          for (const code of codes) graphqlErrors.inc({ code });
          if (tally) {
            statementsPerRequest.observe({ operation }, tally.count);
            if (exposeStatementCount) response.http.headers.set("x-sql-statements", String(tally.count));
          }
          log.info(
            {
              requestId: ctx.requestId,
              operation,
              viewerId: ctx.viewer && "id" in ctx.viewer ? ctx.viewer.id : undefined,
              role: ctx.viewer && "role" in ctx.viewer ? ctx.viewer.role : undefined,
              durationMs: Math.round(seconds * 10_000) / 10,
              statements: tally?.count,
              status: response.http.status ?? 200,
              errorCodes: codes.length > 0 ? [...new Set(codes)] : undefined,
            },
            "graphql request",
          );
        },
      };
    },
  };
}
