import { randomUUID } from "node:crypto";
import type http from "node:http";
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { LRUCache } from "lru-cache";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "pino";
import type { AppConfig } from "../config";
import type { Database } from "../db/data-source";
import type { AuditWriter } from "../auth/audit-writer";
import { createRequestContext, type RequestContext } from "../auth/request-context";
import type { Viewer } from "../auth/viewer";
import { formatError } from "../graphql/errors";
import { writeRequestAudit } from "../graphql/audit-plugin";
import { limitValidationRules } from "../graphql/limits";
import type { RateLimiters } from "./rate-limit";
import type { TrustedDocuments } from "./persisted-operations";
import type { viewerAuthenticator } from "./request-context";

type ViewerAuthenticator = ReturnType<typeof viewerAuthenticator>;

/** Close codes: 4401 the token expired or never verified; 4429 too many subscriptions on one socket. */
export const CLOSE_UNAUTHENTICATED = 4401;
const MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

interface Connection {
  viewer: Viewer;
  expiresAt: number;
  timer: NodeJS.Timeout;
  subscriptions: number;
}

/**
 * graphql-ws on the API's port and path (/graphql): live subscriptions only (queries and mutations
 * go over HTTP). The token (connection_init payload `authorization: "Bearer …"`) is verified as
 * for HTTP; the socket closes (4401) when it expires. Each subscription gets its own request
 * context; each push is executed by the normal executor (shield, field guard, masking, consent) and
 * its access-audit rows are written before it is sent — or the push is withheld.
 */
export function startLiveSocket(
  httpServer: http.Server,
  schema: GraphQLSchema,
  db: Database,
  config: AppConfig,
  deps: { auditWriter: AuditWriter; limiters: RateLimiters; log: Logger; viewers: ViewerAuthenticator; trusted: TrustedDocuments | null },
): { close(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 64 * 1024 });
  const connections = new WeakMap<object, Connection>();
  const format = formatError((error) => deps.log.error({ err: error }, "unexpected error in a live subscription"));
  const rules = [...specifiedRules, ...limitValidationRules(config.limits)];
  const documents = new LRUCache<string, DocumentNode>({ max: 500 });

  const server = useServer<Record<string, unknown> | undefined, { socket: WebSocket }>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === "string" ? ctx.connectionParams.authorization : undefined;
        const purpose = typeof ctx.connectionParams?.accessPurpose === "string" ? ctx.connectionParams.accessPurpose : undefined;
        try {
          const viewer = await deps.viewers.authenticate(authorization, purpose);
          if (viewer.kind === "anonymous" || !authorization) return false;
          const { exp } = await deps.viewers.tokens.verify(authorization.replace(/^Bearer\s+/i, "").trim());
          const expiresAt = exp * 1000;
          const timer = setTimeout(() => ctx.extra.socket.close(CLOSE_UNAUTHENTICATED, "Token expired"), Math.max(0, expiresAt - Date.now()));
          timer.unref();
          connections.set(ctx.extra, { viewer, expiresAt, timer, subscriptions: 0 });
          return true;
        } catch {
          return false; // closes with 4403 Forbidden: no reason is told
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const connection = connections.get(ctx.extra);
        if (!connection) return [new GraphQLError("Not signed in", { extensions: { code: "UNAUTHENTICATED" } })];
        // trusted documents hold on the socket as over HTTP: a subscription by its id, or a registered text
        const trusted = deps.trusted?.lookup(payload as unknown as Record<string, unknown>);
        if (trusted && "refused" in trusted) return [new GraphQLError(trusted.refused, { extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } })];
        const text = trusted && "document" in trusted ? trusted.document : payload.query;
        let document = documents.get(text);
        if (!document) {
          try {
            document = parse(text, { maxTokens: config.limits.maxTokens });
          } catch (err) {
            return [new GraphQLError((err as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
          }
          const errors = validate(schema, document, rules);
          if (errors.length > 0) return errors.map((error) => new GraphQLError(error.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
          documents.set(text, document); // only valid documents are kept: many subscribers share one
        }
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== "subscription") {
          return [new GraphQLError("Only subscriptions are served over the socket; send queries and mutations over HTTP", { extensions: { code: "BAD_REQUEST" } })];
        }
        if (connection.subscriptions >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per socket`, { extensions: { code: "RATE_LIMITED" } })];
        }
        connection.subscriptions++;
        const contextValue: RequestContext = {
          ...createRequestContext(db, config, connection.viewer, `ws:${randomUUID()}`, (actor) => deps.limiters.lookups.check(`actor:${actor}`)),
          expiresAt: connection.expiresAt,
        };
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables ?? undefined, contextValue };
      },
      onNext: async (_ctx, _id, payload, args, result) => {
        const ctx = args.contextValue as RequestContext;
        const recorded = await writeRequestAudit(deps.auditWriter, ctx, payload.operationName ?? "subscription");
        if (!recorded) {
          return { data: null, errors: [{ message: "Personal data withheld: the access could not be recorded. Try again later.", extensions: { code: "UNAVAILABLE" } }] };
        }
        const executed = result as ExecutionResult;
        if (!executed.errors?.length) return undefined;
        return { ...executed, errors: executed.errors.map((error) => format(error.toJSON(), error)) };
      },
      onComplete: (ctx) => {
        const connection = connections.get(ctx.extra);
        if (connection) connection.subscriptions = Math.max(0, connection.subscriptions - 1);
      },
      onClose: (ctx) => {
        const connection = connections.get(ctx.extra);
        if (connection) clearTimeout(connection.timer);
      },
    },
    wsServer,
  );

  // once: a second stop (SIGTERM after a failed start, tests) must not close the closed server again
  let closing: Promise<void> | null = null;
  return {
    close: () =>
      (closing ??= (async () => {
        for (const client of wsServer.clients) client.terminate();
        await server.dispose(); // closes the WebSocket server too
      })()),
  };
}
