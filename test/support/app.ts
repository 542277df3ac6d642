import { loadConfig, type AppConfig } from "../../src/config";
import type { Database } from "../../src/db/data-source";
import { seedDatabase } from "../../src/seed";
import { useConfiguredSlaPolicy } from "../../src/modules/service-desk/case-sla";
import { buildServedSchema } from "../../src/graphql/schema";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import { signToken } from "../../src/auth/token";
import { Role } from "../../src/auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../../src/modules/staff/staff-id";
import { closeTestDatabase, openTestDatabase } from "./database";
import { closeReadRouting, openReadRouting } from "../../src/app";
import type { ReadRouting } from "../../src/auth/read-routing";

/** Fixed reference day for seeded data, so that every run sees the same data. */
export const SEED_NOW = new Date("2026-11-20T00:00:00.000Z");

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
  statements: number;
  /** Which read path answered (x-read-path: compiled or executor), outside production. */
  path: string | null;
}

export interface TestApp {
  db: Database;
  config: AppConfig;
  server: RunningServer;
  /** Read replicas, when started with `readReplicas` (PostgreSQL only). */
  readRouting?: ReadRouting;
  /** Token for a seeded staff user (by username) or any subject. */
  token(role: Role, options?: { user?: string; sub?: string; purpose?: string; expiresIn?: string | number }): Promise<string>;
  gql<T = Record<string, any>>(
    query: string,
    options?: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** A real server on a free loopback port over a fresh, seeded database. */
export async function startTestApp(
  options: {
    customers?: number;
    seed?: number;
    env?: Record<string, string>;
    /** PostgreSQL: read "replicas" — this database itself (read-only sessions, so a write routed there fails) or the URLs given. */
    readReplicas?: true | string[];
  } = {},
): Promise<TestApp> {
  const db = await openTestDatabase();
  const ownUrl = (db.options as { url?: string }).url;
  const replicaEnv: Record<string, string> = options.readReplicas && ownUrl
    ? { DATABASE_URL: ownUrl, DATABASE_REPLICA_URLS: (options.readReplicas === true ? [ownUrl] : options.readReplicas).join(",") }
    : {};
  // `env` overrides the test environment, e.g. { NODE_ENV: "production", JWT_SECRET: …, MAX_DEPTH: "4" };
  // a production-mode app's metrics listener takes a free port, not the fixed default (test mode: on the API port)
  const production = !["test", "development"].includes(options.env?.NODE_ENV ?? "test");
  // the retention job would purge the seed by the wall clock a minute into a production-mode app: specs run it themselves
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", RETENTION_SCHEDULE: "off", ...(production ? { METRICS_PORT: "0" } : {}), ...replicaEnv, ...options.env });
  let readRouting: ReadRouting | undefined;
  try {
    await seedDatabase(db, { customers: options.customers ?? 40, seed: options.seed ?? 7, piiKey: config.piiEncryptionKey, now: SEED_NOW });
    // as the application prepares its database: the deployment's SLA targets, the stored deadlines in line with them
    await useConfiguredSlaPolicy(db, config.caseSlaTargets);
    readRouting = await openReadRouting(db, config);
    const server = await startHttpServer(db, config, await buildServedSchema(), { readRouting });
    return {
      db,
      config,
      server,
      readRouting,
      token: (role, opts = {}) =>
        signToken(
          { sub: opts.sub ?? staffIdFor(opts.user ?? DEFAULT_USERNAME_BY_ROLE[role] ?? "admin"), role, purpose: opts.purpose },
          config,
          opts.expiresIn ?? "1h",
        ),
      gql: async (query, opts = {}) => {
        const response = await fetch(server.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...(opts.headers ?? {}),
          },
          body: JSON.stringify({ query, variables: opts.variables ?? {} }),
        });
        const body = (await response.json()) as GraphQLResponse["body"];
        return { status: response.status, body: body as never, statements: Number(response.headers.get("x-sql-statements") ?? -1), path: response.headers.get("x-read-path") };
      },
      close: async () => {
        await server.stop();
        await closeReadRouting(readRouting);
        await closeTestDatabase(db);
      },
    };
  } catch (err) {
    await closeReadRouting(readRouting);
    await closeTestDatabase(db);
    throw err;
  }
}
