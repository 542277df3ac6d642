import { startApplication, type Application } from "../../src/app";
import { loadConfig, type AppConfig } from "../../src/config";
import { openDatabase } from "../../src/db/data-source";
import { DATABASE_SCHEMA } from "../../src/database-schema";
import { seedDatabase } from "../../src/seed";
import { signToken } from "../../src/auth/token";
import { Role } from "../../src/auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../../src/modules/staff/staff-id";
import type { ThrowawayPostgres } from "./throwaway-postgres";

/** The application under fault: started in-process exactly as src/index.ts starts it, over a throwaway cluster. */

export const FAULT_DATABASE = "customer360";
export const SEEDED_CUSTOMERS = 30;
const SEED_NOW = new Date("2026-11-20T00:00:00Z");
/** No request of a fault spec may take longer than this; beyond it the client gives up and records CLIENT_TIMEOUT. */
export const CLIENT_TIMEOUT_MS = 20_000;

export interface TimedResponse {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] } | null;
  text: string;
  retryAfter: string | null;
  /** performance.now() when the request was sent and when its body was read. */
  sentAt: number;
  answeredAt: number;
  ms: number;
}

export const codeOf = (res: TimedResponse): string | undefined => res.body?.errors?.[0]?.extensions?.code;
export const acknowledged = (res: TimedResponse): boolean => res.status === 200 && !!res.body?.data && !res.body.errors?.length;

/** Environment of the application under fault: test mode, any free port, no rate limit. */
export function faultEnv(cluster: ThrowawayPostgres, knobs: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: cluster.url(FAULT_DATABASE),
    RATE_LIMIT_PER_MINUTE: "0",
    DB_RETRY_INTERVAL_MS: "200",
    ...knobs,
  };
}

/** Creates, migrates and seeds the application database (the cluster must be running). */
export async function seedFaultDatabase(cluster: ThrowawayPostgres): Promise<void> {
  await cluster.createDatabase(FAULT_DATABASE);
  const config = loadConfig(faultEnv(cluster));
  const db = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: cluster.url(FAULT_DATABASE), poolSize: 2 });
  try {
    await db.runMigrations();
    const report = await seedDatabase(db, { customers: SEEDED_CUSTOMERS, seed: 7, piiKey: config.piiEncryptionKey, now: SEED_NOW });
    if (report.customers !== SEEDED_CUSTOMERS) throw new Error(`seeded ${report.customers} customers, expected ${SEEDED_CUSTOMERS}`);
  } finally {
    await db.destroy();
  }
}

export interface FaultApp {
  application: Application;
  config: AppConfig;
  /** http://127.0.0.1:<port> */
  origin: string;
  token(role: Role, username?: string): Promise<string>;
  get(path: string): Promise<TimedResponse>;
  gql(query: string, options?: { token?: string; variables?: Record<string, unknown> }): Promise<TimedResponse>;
  close(): Promise<void>;
}

async function timedFetch(url: string, init: RequestInit = {}): Promise<TimedResponse> {
  const sentAt = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const text = await response.text();
    const answeredAt = performance.now();
    let body: TimedResponse["body"] = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text, the assertions name it
    }
    return { status: response.status, body, text, retryAfter: response.headers.get("retry-after"), sentAt, answeredAt, ms: answeredAt - sentAt };
  } catch (err) {
    const answeredAt = performance.now();
    const code = (err as Error).name === "TimeoutError" ? "CLIENT_TIMEOUT" : "CONNECTION_FAILED";
    const body = { errors: [{ message: (err as Error).message, extensions: { code } }] };
    return { status: 0, body, text: JSON.stringify(body), retryAfter: null, sentAt, answeredAt, ms: answeredAt - sentAt };
  }
}

/** startApplication(loadConfig(env)) without demo data, bounded in time. */
export async function startFaultApp(env: Record<string, string>, startTimeoutMs = 30_000): Promise<FaultApp> {
  const config = loadConfig(env);
  let timer: NodeJS.Timeout | undefined;
  const application = await Promise.race([
    startApplication(config),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`startApplication did not resolve within ${startTimeoutMs} ms`)), startTimeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const graphqlUrl = application.server.url;
  const origin = new URL(graphqlUrl).origin;
  return {
    application,
    config,
    origin,
    token: (role, username) => signToken({ sub: staffIdFor(username ?? DEFAULT_USERNAME_BY_ROLE[role]), role }, config, "1h"),
    get: (path) => timedFetch(`${origin}${path}`),
    gql: (query, options = {}) =>
      timedFetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        body: JSON.stringify({ query, variables: options.variables ?? {} }),
      }),
    close: () => application.close(),
  };
}

/** Calls `probe` every `everyMs` until it returns true or `withinMs` passed; returns the time taken, or null. */
export async function pollUntil(probe: () => Promise<boolean>, withinMs: number, everyMs = 100): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started <= withinMs) {
    if (await probe()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return null;
}

/** Signs of an internal error leaking to the client: stack frames, driver or SQL text. */
export function leaksInternals(text: string): string[] {
  const signs = [/stacktrace/i, /\n\s+at /, /\bat [\w.<>]+ \(/, /ECONNREFUSED/, /node_modules/, /\bSELECT\b/, /QueryFailedError/, /terminating connection/];
  return signs.filter((sign) => sign.test(text)).map(String);
}

export { Role };
