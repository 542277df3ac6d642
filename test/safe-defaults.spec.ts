import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { SignJWT } from "jose";
import { startApplication, type Application } from "../src/app";
import { seedDemoThroughImportIfEmpty } from "../src/seed/through-import";
import * as tokenModule from "../src/auth/token";
import { ConfigError, DEFAULT_METRICS_PORT, loadConfig } from "../src/config";
import { bootstrapAdministrator } from "../src/modules/staff/bootstrap-admin";
import { createRateLimiters } from "../src/http/rate-limit";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { backend } from "./support/database";

const SECRETS = { JWT_SECRET: "safe-defaults-jwt-secret-for-tests-0123456789", PII_ENCRYPTION_KEY: "safe-defaults-pii-key-for-tests-0123456789ab" };
const ME = "{ me { role } }";

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** fetch() sets Host itself; a DNS-rebinding page's requests carry the page's own name. */
function request(url: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = http.request(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? "GET",
        headers: { ...(options.host ? { host: options.host } : {}), ...(options.headers ?? {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const devToken = (origin: string, host?: string) =>
  request(`${origin}/console/dev-token`, { method: "POST", host, headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin" }) });

/** A JWT with exactly these claims, signed with the app's secret. */
function forge(app: TestApp, claims: { iat?: number; exp?: number; sub?: string; role?: string }): Promise<string> {
  const jwt = new SignJWT({ role: claims.role ?? "ADMIN" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub ?? staffIdFor("admin"))
    .setIssuer(app.config.jwtIssuer)
    .setAudience(app.config.jwtAudience);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(new TextEncoder().encode(app.config.jwtSecret));
}

describe("NODE_ENV: only development, by name, is development", () => {
  it.each([undefined, "", "prod", "staging", "Development", "develop"])("NODE_ENV=%p runs as production and refuses to start without secrets", (nodeEnv) => {
    const env = nodeEnv === undefined ? {} : { NODE_ENV: nodeEnv };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET must be set to at least 32 bytes in production \(NODE_ENV is (not set|"[^"]*"): anything but development or test runs as production/);
    expect(() => loadConfig({ ...env, JWT_SECRET: SECRETS.JWT_SECRET })).toThrow(/PII_ENCRYPTION_KEY must be set/);
    const config = loadConfig({ ...env, ...SECRETS });
    expect(config.nodeEnv).toBe("production");
    expect(config.metrics).toEqual({ port: DEFAULT_METRICS_PORT, host: "127.0.0.1", token: undefined });
  });

  it("keeps development and test modes, with /metrics on the API port unless METRICS_PORT is set", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-dev-"));
    const development = loadConfig({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(development.nodeEnv).toBe("development");
    expect(development.metrics.port).toBeUndefined();
    expect(fs.existsSync(path.join(dataDir, "pii-encryption.key"))).toBe(true); // the development key file, in development only
    expect(loadConfig({ NODE_ENV: "test" }).nodeEnv).toBe("test");
    expect(loadConfig({ NODE_ENV: "test", METRICS_PORT: "9999" }).metrics.port).toBe(9999);
    const stagingDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-staging-"));
    loadConfig({ NODE_ENV: "staging", DATA_DIR: stagingDir, ...SECRETS });
    expect(fs.readdirSync(stagingDir)).toEqual([]);
  });

  it("validates the new settings", () => {
    expect(loadConfig({ NODE_ENV: "test" }).tokenMaxLifetimeSeconds).toBe(12 * 3600);
    expect(loadConfig({ NODE_ENV: "test", TOKEN_MAX_LIFETIME: "90m" }).tokenMaxLifetimeSeconds).toBe(5400);
    expect(loadConfig({ NODE_ENV: "test", TOKEN_MAX_LIFETIME: "3600" }).tokenMaxLifetimeSeconds).toBe(3600);
    expect(() => loadConfig({ NODE_ENV: "test", TOKEN_MAX_LIFETIME: "100y" })).toThrow(/TOKEN_MAX_LIFETIME/);
    expect(() => loadConfig({ NODE_ENV: "test", TOKEN_MAX_LIFETIME: "30d" })).toThrow(/TOKEN_MAX_LIFETIME/);
    expect(loadConfig({ NODE_ENV: "test" }).traffic.authFailureLimitPerMinute).toBe(60);
    expect(() => loadConfig({ NODE_ENV: "test", METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ NODE_ENV: "test", BOOTSTRAP_ADMIN_USERNAME: "has space" })).toThrow(/BOOTSTRAP_ADMIN_USERNAME/);
    expect(loadConfig({ NODE_ENV: "test" }).database.poolIdleMs).toBe(300_000);
    expect(loadConfig({ NODE_ENV: "test", DB_POOL_IDLE_SECONDS: "0" }).database.poolIdleMs).toBe(0);
    expect(() => loadConfig({ NODE_ENV: "test", DB_POOL_IDLE_SECONDS: "-1" })).toThrow(/DB_POOL_IDLE_SECONDS/);
  });
});

describe("a server whose NODE_ENV is 'staging' (production behaviour)", () => {
  let app: TestApp;
  let origin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2, env: { NODE_ENV: "staging", ...SECRETS } });
    origin = new URL(app.server.url).origin;
  });
  afterAll(() => app?.close());

  it("has no development sign-in, explorer or introspection, even for a loopback Host", async () => {
    expect(app.config.nodeEnv).toBe("production");
    const token = await devToken(origin, "localhost");
    expect(token.status).toBe(404);
    expect(token.text).not.toMatch(/"token"|eyJ/);
    const users = await request(`${origin}/console/dev-users`, { host: "localhost" });
    expect(users.headers["content-type"]).toMatch(/html|text\/plain/); // the console page (or its build hint), never the list
    expect(users.text).not.toMatch(/"username"/);
    const explorer = await request(app.server.url, { headers: { accept: "text/html" } });
    expect(explorer.text).not.toMatch(/graphiql|<html/i);
    const introspection = await app.gql("{ __schema { types { name } } }", { token: await app.token(Role.ADMIN) });
    expect(introspection.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("serves /metrics on the loopback metrics port only, not on the API port", async () => {
    expect((await request(`${origin}/metrics`)).status).toBe(404);
    expect(app.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(app.server.metricsUrl).port).not.toBe(new URL(origin).port);
    const metrics = await request(app.server.metricsUrl);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^customer360_db_pool_in_use \d+$/m);
    expect((await request(app.server.metricsUrl.replace("/metrics", "/graphql"))).status).toBe(404);
  });
});

describe("development routes answer loopback names only", () => {
  let app: TestApp;
  let origin: string;
  let port: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2 });
    origin = new URL(app.server.url).origin;
    port = new URL(origin).port;
  });
  afterAll(() => app?.close());

  it.each(["localhost", "LOCALHOST", "127.0.0.1", "[::1]"])("hands out a token to Host %s (with and without a port)", async (name) => {
    for (const host of [name, `${name}:${port}`]) {
      const answer = await devToken(origin, host);
      expect(answer.status).toBe(200);
      const me = await app.gql(ME, { token: (JSON.parse(answer.text) as { token: string }).token });
      expect(me.body.data).toEqual({ me: { role: "ADMIN" } });
    }
  });

  it.each(["attacker.example", `attacker.example:${4000}`, "localhost.attacker.example", "127.0.0.1.nip.io", "10.0.0.5", "[::ffff:127.0.0.1]", "localhost:80@evil"])(
    "answers Host %p with a plain 404 that reveals nothing",
    async (host) => {
      const token = await devToken(origin, host);
      expect(token.status).toBe(404);
      expect(token.text).toBe("Not found\n");
      const users = await request(`${origin}/console/dev-users`, { host });
      expect(users.status).toBe(404);
      expect(users.text).toBe("Not found\n");
      const explorer = await request(`${origin}/graphql`, { host, headers: { accept: "text/html" } });
      expect(explorer.text).not.toMatch(/graphiql|<html/i);
      expect((await request(`${origin}/graphql/explorer/index.html`, { host })).status).toBe(404);
    },
  );
});

describe("tokens: maximum lifetime and issue time", () => {
  let app: TestApp;
  let short: TestApp;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    app = await startTestApp({ customers: 2 });
    short = await startTestApp({ customers: 1, env: { TOKEN_MAX_LIFETIME: "1h" } });
  });
  afterAll(async () => {
    await app?.close();
    await short?.close();
  });

  async function expectAnswer(target: TestApp, token: string, status: number): Promise<void> {
    const res = await target.gql(ME, { token });
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body.data).toEqual({ me: { role: "ADMIN" } });
    else expect(res.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  }

  it("accepts a token of exactly the maximum lifetime (12 h by default) and refuses one second more", async () => {
    const iat = now();
    await expectAnswer(app, await forge(app, { iat, exp: iat + 12 * 3600 }), 200);
    await expectAnswer(app, await forge(app, { iat, exp: iat + 12 * 3600 + 1 }), 401);
  });

  it("refuses a 100-year token and a token without iat", async () => {
    await expectAnswer(app, await forge(app, { iat: now(), exp: now() + 100 * 365 * 86_400 }), 401);
    await expectAnswer(app, await forge(app, { exp: now() + 3600 }), 401);
  });

  it("refuses an iat in the future beyond 60 s of clock skew", async () => {
    await expectAnswer(app, await forge(app, { iat: now() + 30, exp: now() + 3600 }), 200);
    await expectAnswer(app, await forge(app, { iat: now() + 300, exp: now() + 3600 }), 401);
    await expectAnswer(app, await forge(app, { iat: now() + 10 * 365 * 86_400, exp: now() + 10 * 365 * 86_400 + 60 }), 401);
  });

  it("follows TOKEN_MAX_LIFETIME", async () => {
    await expectAnswer(short, await forge(short, { iat: now(), exp: now() + 3600 }), 200);
    await expectAnswer(short, await forge(short, { iat: now(), exp: now() + 7200 }), 401);
  });

  it("signs within the limit, and refuses to sign beyond it", async () => {
    const payload = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as { iat: number; exp: number };
    const byDefault = payload(await tokenModule.signToken({ sub: staffIdFor("admin"), role: Role.ADMIN }, app.config));
    expect(byDefault.exp - byDefault.iat).toBe(8 * 3600);
    const capped = payload(await tokenModule.signToken({ sub: staffIdFor("admin"), role: Role.ADMIN }, short.config));
    expect(capped.exp - capped.iat).toBe(3600);
    await expect(tokenModule.signToken({ sub: staffIdFor("admin"), role: Role.ADMIN }, app.config, "13h")).rejects.toThrow(/TOKEN_MAX_LIFETIME/);
  });
});

describe("invalid tokens are rate-limited per client address", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2, env: { AUTH_FAILURE_LIMIT_PER_MINUTE: "5" } });
  });
  afterAll(() => app?.close());

  it("answers 429 RATE_LIMITED without verifying once an address sent its minute's bad tokens", async () => {
    const valid = await app.token(Role.ADMIN);
    const unknownUser = await app.token(Role.ADMIN, { user: "nobody-with-this-name" }); // good signature, bad subject
    const anonymous = await app.gql("{ __typename }");
    expect(anonymous.status).toBe(200);
    expect((await app.gql(ME, { token: valid })).status).toBe(200); // a good token is no failure

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await app.gql(ME, { token: i % 2 ? unknownUser : `not.a.jwt${i}` }));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.map((a) => a.body.errors?.[0].extensions?.code)).toEqual(Array(5).fill("UNAUTHENTICATED"));

    const verify = jest.spyOn(tokenModule, "verifyToken");
    try {
      for (const token of [unknownUser, "garbage", valid]) {
        const refused = await fetch(app.server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: ME }),
        });
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
        const body = (await refused.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
        expect(body.data ?? null).toBeNull();
        expect(body.errors[0].extensions.code).toBe("RATE_LIMITED");
        expect(JSON.stringify(body)).not.toMatch(/\n\s+at\s|stack/);
      }
      expect(verify).not.toHaveBeenCalled();
    } finally {
      verify.mockRestore();
    }
    // requests without a token are not what the address is blocked for
    expect((await app.gql("{ __typename }")).status).toBe(200);
    const metrics = await (await fetch(app.server.metricsUrl)).text();
    expect(metrics).toMatch(/^customer360_requests_shed_total\{reason="auth_failures"\} 3$/m);
  });

  it("counts each address on its own, and AUTH_FAILURE_LIMIT_PER_MINUTE=0 turns the limit off", async () => {
    const limiters = createRateLimiters({ ...app.config.traffic, authFailureLimitPerMinute: 2 });
    try {
      for (let i = 0; i < 2; i++) await limiters.authFailures.recordFailure("203.0.113.7");
      expect(limiters.authFailures.blocked("203.0.113.7")).toBeGreaterThan(0);
      expect(limiters.authFailures.blocked("203.0.113.8")).toBeUndefined();
      await limiters.authFailures.recordFailure("203.0.113.8");
      expect(limiters.authFailures.blocked("203.0.113.8")).toBeUndefined();
    } finally {
      await limiters.close();
    }
    const off = createRateLimiters({ ...app.config.traffic, authFailureLimitPerMinute: 0 });
    for (let i = 0; i < 100; i++) await off.authFailures.recordFailure("203.0.113.9");
    expect(off.authFailures.blocked("203.0.113.9")).toBeUndefined();
    await off.close();
  });
});

/** An empty, unmigrated database for startApplication: a PGlite directory, or a new PostgreSQL database. */
async function emptyDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (backend === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-safe-defaults-"));
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `c360_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe("first start: demo data only in development; the first administrator by bootstrap", () => {
  const base = { PORT: "0", HOST: "127.0.0.1", METRICS_PORT: "0", DEMO_CUSTOMERS: "3", DB_RETRY_INTERVAL_MS: "100" };
  const count = async (app: Application, table: string) => Number((await app.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  async function withApplication(env: Record<string, string>, database: { env: Record<string, string> }, check: (app: Application) => Promise<void>): Promise<void> {
    const app = await startApplication(loadConfig({ ...base, ...database.env, ...env }), { seedDemo: seedDemoThroughImportIfEmpty });
    try {
      for (let i = 0; i < 100 && !app.isReady(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(app.isReady()).toBe(true);
      await check(app);
    } finally {
      await app.close();
    }
  }

  it("seeds nothing when NODE_ENV is unset; BOOTSTRAP_ADMIN_USERNAME creates one ADMIN who can sign in, once", async () => {
    const database = await emptyDatabase();
    try {
      const production = { NODE_ENV: "", ...SECRETS };
      await withApplication(production, database, async (app) => {
        expect(await count(app, "customer")).toBe(0);
        expect(await count(app, "staff_user")).toBe(0);
      });
      await withApplication({ ...production, BOOTSTRAP_ADMIN_USERNAME: "chief.admin", BOOTSTRAP_ADMIN_DISPLAY_NAME: "Chief Administrator" }, database, async (app) => {
        expect(await count(app, "customer")).toBe(0);
        expect(await app.db.query(`SELECT username, display_name, role, active FROM staff_user`)).toEqual([
          { username: "chief.admin", display_name: "Chief Administrator", role: "ADMIN", active: true },
        ]);
        const config = loadConfig({ ...base, ...database.env, ...production });
        const token = await tokenModule.signToken({ sub: staffIdFor("chief.admin"), role: Role.ADMIN }, config);
        const me = await fetch(app.server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "{ me { role staff { username } } }" }),
        });
        expect(await me.json()).toEqual({ data: { me: { role: "ADMIN", staff: { username: "chief.admin" } } } });
      });
      // an active ADMIN exists: a second bootstrap name creates nothing
      await withApplication({ ...production, BOOTSTRAP_ADMIN_USERNAME: "second.admin" }, database, async (app) => {
        expect(await count(app, "staff_user")).toBe(1);
      });
    } finally {
      await database.drop();
    }
  });

  it("seeds demo data into an empty database with NODE_ENV=development (the contrast)", async () => {
    const database = await emptyDatabase();
    try {
      await withApplication({ NODE_ENV: "development", ...SECRETS }, database, async (app) => {
        expect(await count(app, "customer")).toBe(3);
        expect(await count(app, "staff_user")).toBeGreaterThan(5);
        // through the import path, as npm start seeds it: every customer keyed by the demo source, every job completed
        expect(await count(app, "source_key WHERE source_system = 'DEMO_CORE' AND entity_kind = 'customer'")).toBe(3);
        expect(await app.db.query(`SELECT DISTINCT status FROM import_job`)).toEqual([{ status: "COMPLETED" }]);
      });
    } finally {
      await database.drop();
    }
  });
});

describe("bootstrapAdministrator (npm run bootstrap-admin)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ customers: 1 });
  });
  afterAll(() => app?.close());

  it("creates an ADMIN only while no active ADMIN exists, and never takes over another user's name", async () => {
    expect(await bootstrapAdministrator(app.db, { username: "new.admin", displayName: "New Admin" })).toEqual({ outcome: "admin-exists" });
    await app.db.query(`UPDATE staff_user SET active = false WHERE role = 'ADMIN'`);
    expect(await bootstrapAdministrator(app.db, { username: "former.agent", displayName: "Impostor" })).toEqual({ outcome: "username-taken" });
    expect((await app.db.query(`SELECT role, active FROM staff_user WHERE username = 'former.agent'`))[0]).toEqual({ role: "AGENT", active: false });
    expect(await bootstrapAdministrator(app.db, { username: "new.admin", displayName: "New Admin", branch: "Head Office" })).toEqual({
      outcome: "created",
      id: staffIdFor("new.admin"),
    });
    expect(await bootstrapAdministrator(app.db, { username: "third.admin", displayName: "Third" })).toEqual({ outcome: "admin-exists" });
    const admins = await app.db.query(`SELECT username, branch FROM staff_user WHERE role = 'ADMIN' AND active`);
    expect(admins).toEqual([{ username: "new.admin", branch: "Head Office" }]);
    const me = await app.gql("{ me { role staff { username } } }", { token: await app.token(Role.ADMIN, { user: "new.admin" }) });
    expect(me.body.data).toEqual({ me: { role: "ADMIN", staff: { username: "new.admin" } } });
  });
});

describe("METRICS_TOKEN", () => {
  it("asks for the bearer token on the metrics port", async () => {
    const app = await startTestApp({ customers: 1, env: { NODE_ENV: "production", ...SECRETS, METRICS_TOKEN: "metrics-scraper-token-0123456789" } });
    try {
      const without = await request(app.server.metricsUrl);
      expect(without.status).toBe(401);
      expect(without.text).not.toMatch(/customer360_/);
      expect((await request(app.server.metricsUrl, { headers: { authorization: "Bearer metrics-scraper-token-012345678X" } })).status).toBe(401);
      const granted = await request(app.server.metricsUrl, { headers: { authorization: "Bearer metrics-scraper-token-0123456789" } });
      expect(granted.status).toBe(200);
      expect(granted.text).toMatch(/^customer360_/m);
    } finally {
      await app.close();
    }
  });
});
