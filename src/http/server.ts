import { randomUUID } from "node:crypto";
import { startDispatcher } from "../modules/events/webhook-dispatcher";
import { startRetentionSchedule } from "../modules/retention/retention-schedule";
import { startServiceMetricsRollupRefresh } from "../modules/metrics/metrics-rollup";
import { startSegmentCountRefresh } from "../modules/segment/segment-counts";
import { pruneOfferRankings } from "../modules/recommendation/offer-rankings";
import { startPeriodic } from "../shared/periodic";
import http from "node:http";
import express from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { AppConfig } from "../config";
import { connectionsInUse, type Database } from "../db/data-source";
import { withStatementTally, type StatementTally } from "../db/sql-counter";
import type { RequestContext } from "../auth/request-context";
import { DATABASE_UNAVAILABLE, formatError } from "../graphql/errors";
import { accessAuditPlugin } from "../graphql/audit-plugin";
import { AuditWriter } from "../auth/audit-writer";
import { costLimitPlugin, limitValidationRules } from "../graphql/limits";
import { observabilityPlugin } from "../graphql/observability-plugin";
import { shedRequests, trackLiveSubscriptions, trackPoolInUse } from "../observability/metrics";
import { RETRY_AFTER_SECONDS } from "../shared/errors";
import { logger } from "../shared/logger";
import { configurePiiKey } from "../shared/pii-crypto";
import { consoleRouter } from "./console";
import { explorerRouter } from "./explorer";
import { exportsRouter } from "./exports";
import { routeReads, type ReadRouting } from "../auth/read-routing";
import { readRoutingPlugin } from "../graphql/read-routing-plugin";
import { importErrorsRouter } from "./import-errors";
import { importsRouter } from "./imports";
import { ImportIntake } from "../modules/importing/import-intake";
import { persistedOperationsGate, TrustedDocuments } from "./persisted-operations";
import { metricsHandler, startMetricsServer, type MetricsServer } from "./metrics-endpoint";
import { createRateLimiters } from "./rate-limit";
import { graphqlContext, viewerAuthenticator } from "./request-context";
import { refuseDeepJson } from "./json-depth";
import { inFlightGate, refuse, requestTimeout } from "./traffic";
import { deferAnswer, graphqlHandler } from "./graphql-answer";
import { compiledReadsPlugin } from "../graphql/compiled/compiled-reads-plugin";
import { liveEventsFor } from "../modules/events/live-events";
import { startLiveSocket } from "./live-socket";

const LISTEN_BACKLOG = 4096;

export interface ServerOptions {
  /** False while the database is unreachable or not yet migrated: /readyz 503, /graphql 503. */
  isReady?: () => boolean;
  logger?: Logger;
  /** Read replicas (DATABASE_REPLICA_URLS) and the callers' write marks; absent: every read on the primary. */
  readRouting?: ReadRouting;
}

export interface RunningServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  /** Where GET /metrics answers: the metrics listener (METRICS_PORT), else the API port. */
  metricsUrl: string;
  /** Files sent to POST /imports and their background jobs. */
  imports: ImportIntake;
  stop: () => Promise<void>;
}

/**
 * Express 5 + Apollo Server 5: limits, back-pressure, rate limits, request id, per-request context,
 * health and readiness endpoints; /metrics on its own loopback listener when METRICS_PORT is set
 * (always in production), else on the API port.
 */
export async function startHttpServer(
  db: Database,
  config: AppConfig,
  schema: GraphQLSchema,
  options: ServerOptions = {},
): Promise<RunningServer> {
  configurePiiKey(config.piiEncryptionKey);
  const production = config.nodeEnv === "production";
  const isReady = options.isReady ?? (() => true);
  const log = options.logger ?? logger;
  const rateLimiters = createRateLimiters(config.traffic, config.lookupsPerHour);
  const untrackPool = trackPoolInUse(() => connectionsInUse(db));
  const app = express();
  const admit = inFlightGate(config.traffic);
  const httpServer = http.createServer((req, res) => {
    if (admit(req, res)) app(req, res);
  });
  const auditWriter = new AuditWriter(db, config.exfiltrationAlert);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // a request that carries a header a cross-site form or simple fetch cannot set is not CSRF: every
    // signed-in request carries its bearer token, so a GET by documentId works from any client
    csrfPrevention: { requestHeaders: ["authorization", "x-apollo-operation-name", "apollo-require-preflight"] },
    // src/index.ts handles SIGTERM/SIGINT (drain, then close the pool); Apollo's own handler, on by
    // default outside NODE_ENV=test, raced it and held an idle shutdown ~10 s
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    // answers are written in pieces by graphqlHandler (a large two-byte string costs ~1 ms to flatten)
    stringifyResult: deferAnswer,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: limitValidationRules(config.limits),
    validationOptions: { maxErrors: config.limits.maxValidationErrors },
    formatError: formatError((error) => log.error({ err: error }, "unexpected error")),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // cache hints are unused (personal data is never cached by HTTP caches); the plugin's
      // per-field hook cost ~10 % of a 100-customer list
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin(schema, config.limits.maxCost),
      accessAuditPlugin(auditWriter),
      readRoutingPlugin(options.readRouting),
      compiledReadsPlugin(auditWriter, config.compiledReads, config.auditInRead),
      observabilityPlugin(log, !production),
    ],
  });
  await apollo.start();

  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      if (!isReady()) throw new Error("not ready");
      await db.query("SELECT 1");
      res.json({ status: "ready", database: db.kind });
    } catch {
      res.status(503).json({ status: "unavailable" });
    }
  });
  if (config.metrics.port === undefined) app.get("/metrics", metricsHandler(config.metrics));

  const viewers = viewerAuthenticator(db, config);
  const contextFor = graphqlContext(db, config, rateLimiters, viewers);
  // exports read like queries: from a replica that has the caller's writes
  const readingContextFor = async (http: Parameters<typeof contextFor>[0]) => {
    const ctx = await contextFor(http);
    await routeReads(ctx, options.readRouting);
    return ctx;
  };
  const imports = new ImportIntake(db, { ...config.imports, piiKey: config.piiEncryptionKey, complaintDueHours: config.complaintDueHours });
  app.use(
    consoleRouter(db, config), explorerRouter(config), exportsRouter(readingContextFor, auditWriter, isReady),
    importErrorsRouter(contextFor, isReady), importsRouter(contextFor, imports, isReady),
  );
  const trusted = TrustedDocuments.from(config.traffic);
  const persistedOperations = persistedOperationsGate(trusted);
  // GraphQL answers carry personal data and no HTTP cache may keep them, so they carry no ETag:
  // express would otherwise hash every answer's body to make one (a 100-offer page: ~67 KB of SHA-1)
  const graphql = express();
  graphql.disable("etag");
  graphql.disable("x-powered-by");
  app.use("/graphql", graphql);
  graphql.use(
    cors({ origin: config.traffic.corsOrigins.length > 0 ? config.traffic.corsOrigins : false, methods: ["GET", "POST"], maxAge: 600 }),
    requestTimeout(config.traffic),
    (_req, res, next) => {
      if (isReady()) return next();
      shedRequests.inc({ reason: "not_ready" });
      refuse(res, 503, "UNAVAILABLE", DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS);
    },
    express.json({ limit: "64kb", verify: refuseDeepJson }),
    ...(persistedOperations ? [persistedOperations] : []),
    (req, res, next) => {
      const requestId = String(req.headers["x-request-id"] ?? "").replace(/[^\w.:-]/g, "").slice(0, 64) || randomUUID();
      res.setHeader("x-request-id", requestId);
      res.locals.requestId = requestId;
      // opt-in: an AsyncLocalStorage turns on async hooks for every promise of the process
      if (!config.sqlStatementCounts) return next();
      const tally: StatementTally = { count: 0 };
      withStatementTally(tally, () => next());
    },
    graphqlHandler(apollo, { context: contextFor }),
  );

  // body-parser failures (too large, malformed JSON) answer in GraphQL's error shape, never a stack trace
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.locals.timedOut) return; // already answered 503; the late work's outcome is dropped
    if (res.headersSent) return next(err);
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error({ err }, "unexpected HTTP error");
    const message =
      err.type === "entity.too.large"
        ? "Request body too large"
        : err.type === "entity.too.deep"
          ? "Request body nested too deeply"
          : status === 500
            ? "Internal server error"
            : "Malformed request body";
    refuse(res, status, status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST", message);
  });

  // a deep accept queue: under a connection burst, a refused (503) answer beats a dropped SYN
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, LISTEN_BACKLOG, resolve));
  let metricsServer: MetricsServer | undefined;
  try {
    metricsServer = config.metrics.port === undefined ? undefined : await startMetricsServer(config.metrics);
  } catch (err) {
    await apollo.stop();
    await rateLimiters.close();
    untrackPool();
    throw err;
  }
  // live subscriptions hear committed events from NATS (every replica) or from this process's dispatcher
  const live = liveEventsFor(db);
  if (config.webhooks.stream) {
    live.listenToNats(config.webhooks.stream, (err) => log.error({ err }, "live events from NATS failed")).catch((err: unknown) => log.error({ err }, "live events cannot reach NATS"));
  }
  const liveSocket = startLiveSocket(httpServer, schema, db, config, { auditWriter, limiters: rateLimiters, log, viewers, trusted });
  const untrackLive = trackLiveSubscriptions(() => live.subscribers);
  // the outbox's webhook dispatcher (WEBHOOK_DISPATCH; off in tests, which drive dispatchOnce)
  const stopDispatcher = config.webhooks.dispatch
    ? startDispatcher(db, { ...config.webhooks, live: config.webhooks.stream ? null : live }, (err) => log.error({ err }, "webhook dispatch failed"))
    : async () => undefined;
  // the retention job (RETENTION_SCHEDULE; off in tests, which run it themselves)
  const retentionEveryMs = config.retention.everyMs;
  const stopRetention = retentionEveryMs
    ? startRetentionSchedule(db, { ...config.retention, everyMs: retentionEveryMs, streaming: config.webhooks.stream !== null }, {
        done: (report) => log.info({ runId: report.runId, deletedRows: report.counts.reduce((sum, count) => sum + count.deletedRows, 0) }, "retention run completed"),
        failed: (err) => log.error({ err }, "retention run failed"),
      })
    : async () => undefined;
  // segment member counts kept ahead (SEGMENT_COUNT_REFRESH; off in tests, which refresh them themselves)
  const segmentCountEveryMs = config.segmentCountRefreshMs;
  const stopSegmentCounts = segmentCountEveryMs
    ? startSegmentCountRefresh(db, segmentCountEveryMs, {
        done: (refresh) => log.info({ segments: refresh.segments, rows: refresh.rows, ms: refresh.ms }, "segment member counts refreshed"),
        failed: (err) => log.error({ err }, "segment member counts could not be refreshed"),
      })
    : async () => undefined;
  // stored offer rankings: expired ones and the change rows every ranking saw go (OFFER_RANKING_PRUNE; off in tests)
  const pruneEveryMs = config.offerRankingPruneMs;
  const stopOfferPruning = pruneEveryMs
    ? startPeriodic(
        () => pruneOfferRankings(db).then((pruned) => log.info(pruned, "offer rankings pruned"), (err) => log.error({ err }, "offer rankings could not be pruned")),
        { firstMs: Math.min(pruneEveryMs, 60_000), everyMs: pruneEveryMs },
      )
    : async () => undefined;
  // the service figures' daily rollups (METRICS_ROLLUP_REFRESH; off in tests, which refresh them themselves)
  const metricsRollupEveryMs = config.metricsRollupRefreshMs;
  const stopMetricsRollup = metricsRollupEveryMs
    ? startServiceMetricsRollupRefresh(db, metricsRollupEveryMs, {
        done: (refresh) => log.info({ rows: refresh.rows, ms: refresh.ms }, "service metrics rollup refreshed"),
        failed: (err) => log.error({ err }, "service metrics rollup could not be refreshed"),
      })
    : async () => undefined;
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}/graphql`;
  return {
    app,
    httpServer,
    apollo,
    url,
    metricsUrl: metricsServer?.url ?? url.replace(/\/graphql$/, "/metrics"),
    imports,
    stop: async () => {
      await liveSocket.close();
      untrackLive();
      await apollo.stop();
      await stopDispatcher();
      await stopRetention();
      await stopSegmentCounts();
      await stopOfferPruning();
      await stopMetricsRollup();
      await live.close();
      await imports.stop(); // the job being written stops after its batch and resumes at the next start
      await metricsServer?.close();
      await rateLimiters.close();
      untrackPool();
    },
  };
}
