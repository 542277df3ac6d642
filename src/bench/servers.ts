import path from "node:path";
import { freePort, startServer, startWorker, type ServerChild } from "./children";

/** Fixed bench secrets (≥ 32 bytes, as production mode demands); they protect nothing but bench data. */
export const BENCH_PII_KEY = "customer360-bench-pii-key-not-for-production-0001";
export const BENCH_JWT_SECRET = "customer360-bench-jwt-secret-not-for-production-01";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");
const DIST = path.join(PROJECT_ROOT, "dist", "src");

/**
 * Both servers' pools: ten connections, kept while idle for five minutes. A scenario's rounds leave
 * each server idle while the others are measured (15–20 s); with pg's default of 10 s every round
 * began on new connections, each planning its first executions anew (docs/performance.md, session 48).
 */
const BENCH_POOL = { DB_POOL_SIZE: "10", DB_POOL_IDLE_SECONDS: "300" };

/**
 * The API as production runs it, on its own port and /metrics on a loopback metrics port, with the
 * rate limit off (the bench is one principal).
 */
export function apiEnvironment(databaseUrl: string, port: number, metricsPort = 0): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    METRICS_PORT: String(metricsPort),
    METRICS_HOST: "127.0.0.1",
    JWT_SECRET: BENCH_JWT_SECRET,
    PII_ENCRYPTION_KEY: BENCH_PII_KEY,
    RATE_LIMIT_PER_MINUTE: "0",
    ...BENCH_POOL,
    LOG_LEVEL: "warn",
    // background jobs would run inside the measurement (retention's first look is a minute after start, and
    // at 1M customers it scans the interactions of erased customers): each bench runs them itself if it measures them
    RETENTION_SCHEDULE: "off",
    SEGMENT_COUNT_REFRESH: "off",
    METRICS_ROLLUP_REFRESH: "off",
    // statements per request come from the API's metric, which this setting turns on (SQL_STATEMENT_COUNTS=0: as production runs)
    SQL_STATEMENT_COUNTS: process.env.SQL_STATEMENT_COUNTS || "1",
  };
}

/** `--profile`: V8 CPU profiles of the API, written when it exits, under bench/profiles. */
export const PROFILE_DIR = path.join(PROJECT_ROOT, "bench", "profiles");

/** The API child; `metricsUrl` is its /metrics on the metrics port; `env` adds or overrides settings. */
export async function startApi(databaseUrl: string, profile: boolean, env: NodeJS.ProcessEnv = {}): Promise<ServerChild & { metricsUrl: string }> {
  const port = await freePort();
  const metricsPort = await freePort();
  // as `npm start` runs it: a larger young generation (the list's short-lived objects die there)
  const flags = ["--max-semi-space-size=32", ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
  const child = await startServer("API", [...flags, path.join(DIST, "index.js")], { ...apiEnvironment(databaseUrl, port, metricsPort), ...env }, port);
  return Object.assign(child, { metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` });
}

/** `npm run dispatcher` (the webhook dispatcher as its own process) with the API's settings; `env` adds or overrides. */
export function startDispatcherProcess(databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<ServerChild> {
  return startWorker("dispatcher", [path.join(DIST, "scripts", "dispatcher.js")], { ...apiEnvironment(databaseUrl, 0), ...env }, /^dispatching webhooks every/);
}

export async function startFloor(databaseUrl: string, prepared: boolean): Promise<ServerChild> {
  const port = await freePort();
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), JWT_SECRET: BENCH_JWT_SECRET, ...BENCH_POOL, FLOOR_PREPARED: prepared ? "1" : "0",
  };
  return startServer("floor", [path.join(DIST, "bench", "floor-server.js")], env, port);
}
