import { randomUUID } from "node:crypto";
import http from "node:http";
import express from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, type GraphQLSchema } from "graphql";
import type { AppConfig } from "../config";
import type { Database } from "../db/data-source";
import { currentTally, withStatementTally, type StatementTally } from "../db/sql-counter";
import { authenticate } from "../auth/authenticate";
import { createRequestContext, type RequestContext } from "../graphql/context";
import { formatError } from "../graphql/errors";
import { accessAuditPlugin } from "../graphql/audit-plugin";
import { DomainError } from "../shared/errors";
import { logger } from "../shared/logger";
import { configurePiiKey } from "../shared/pii-crypto";
import { consoleRouter } from "./console";
import { explorerRouter } from "./explorer";

export interface RunningServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  stop: () => Promise<void>;
}

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** Express 5 + Apollo Server 5: body limit, request id, per-request context, health endpoints. */
export async function startHttpServer(db: Database, config: AppConfig, schema: GraphQLSchema): Promise<RunningServer> {
  configurePiiKey(config.piiEncryptionKey);
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.nodeEnv !== "production",
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError: formatError((error) => logger.error({ err: error }, "unexpected error")),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      accessAuditPlugin(),
      {
        // Outside production, tell the client how many SQL statements its request cost (tests pin these).
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              const tally = currentTally();
              if (tally && config.nodeEnv !== "production") response.http.headers.set("x-sql-statements", String(tally.count));
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await db.query("SELECT 1");
      res.json({ status: "ready", database: db.kind });
    } catch {
      res.status(503).json({ status: "unavailable" });
    }
  });

  app.use(consoleRouter(db, config), explorerRouter(config));
  app.use(
    "/graphql",
    cors({ origin: false }),
    express.json({ limit: "64kb" }),
    (req, res, next) => {
      const requestId = String(req.headers["x-request-id"] ?? "").slice(0, 64) || randomUUID();
      res.setHeader("x-request-id", requestId);
      res.locals.requestId = requestId;
      const tally: StatementTally = { count: 0 };
      withStatementTally(tally, () => next());
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const viewer = await authenticate(
            req.headers.authorization,
            req.headers["x-access-purpose"] as string | undefined,
            db,
            config,
          );
          return createRequestContext(db, config, viewer, res.locals.requestId as string);
        } catch (err) {
          if (err instanceof DomainError) {
            throw new GraphQLError(err.message, {
              extensions: { code: err.code, http: { status: HTTP_STATUS[err.code] ?? 400 } },
            });
          }
          throw err;
        }
      },
    }),
  );

  // body-parser failures (too large, malformed JSON) answer in GraphQL's error shape, never a stack trace
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, "unexpected HTTP error");
    const message =
      err.type === "entity.too.large" ? "Request body too large" : status === 500 ? "Internal server error" : "Malformed request body";
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}/graphql`;
  return {
    app,
    httpServer,
    apollo,
    url,
    stop: async () => {
      await apollo.stop();
    },
  };
}
