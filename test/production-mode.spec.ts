import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, DEV_JWT_SECRET, loadConfig } from "../src/config";
import * as sqlCounter from "../src/db/sql-counter";
import { operationHash } from "../src/http/persisted-operations";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";

const SECRETS = { JWT_SECRET: "production-jwt-secret-for-tests-0123456789", PII_ENCRYPTION_KEY: "production-pii-key-for-tests-0123456789ab" };
const ME = "query Me { me { role } }";

describe("production mode", () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2, env: { NODE_ENV: "production", CORS_ORIGINS: "https://crm.example-insurer.test, https://portal.example-insurer.test", ...SECRETS } });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  it("refuses to start with development or short secrets", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET: DEV_JWT_SECRET, PII_ENCRYPTION_KEY: SECRETS.PII_ENCRYPTION_KEY })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET: "short", PII_ENCRYPTION_KEY: SECRETS.PII_ENCRYPTION_KEY })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: "production", JWT_SECRET: SECRETS.JWT_SECRET })).toThrow(/PII_ENCRYPTION_KEY/);
    expect(loadConfig({ NODE_ENV: "production", ...SECRETS }).nodeEnv).toBe("production");
  });

  it("hides introspection, field suggestions and the statement count", async () => {
    const introspection = await app.gql("{ __schema { types { name } } }", { token: admin });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const typo = await app.gql("{ me { rol } }", { token: admin });
    expect(typo.status).toBe(400);
    expect(typo.body.errors?.[0].message).not.toMatch(/Did you mean/);
    const ok = await app.gql(ME, { token: admin });
    expect(ok.body.data).toEqual({ me: { role: "ADMIN" } });
    expect(ok.statements).toBe(-1); // no x-sql-statements header
  });

  it("keeps no per-request statement tally unless SQL_STATEMENT_COUNTS=1 (no async context, no statements metric)", async () => {
    const statementsCounted = async (url: string) => {
      const text = await (await fetch(url)).text();
      return [...text.matchAll(/^customer360_sql_statements_per_request_count\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const tallies = jest.spyOn(sqlCounter, "withStatementTally");
    const counting = await startTestApp({ customers: 1, env: { NODE_ENV: "production", SQL_STATEMENT_COUNTS: "1", ...SECRETS } });
    try {
      const before = await statementsCounted(app.server.metricsUrl);
      expect((await app.gql(ME, { token: admin })).body.data).toEqual({ me: { role: "ADMIN" } });
      expect(tallies).not.toHaveBeenCalled();
      expect(await statementsCounted(app.server.metricsUrl)).toBe(before);

      // the contrast: the same production server with the setting on counts
      const counted = await counting.gql(ME, { token: await counting.token(Role.ADMIN) });
      expect(counted.body.data).toEqual({ me: { role: "ADMIN" } });
      expect(counted.statements).toBe(-1); // still no header in production
      expect(tallies).toHaveBeenCalledTimes(1);
      expect(await statementsCounted(counting.server.metricsUrl)).toBe(before + 1);
    } finally {
      tallies.mockRestore();
      await counting.close();
    }
  });

  it("suggests fields outside production (the contrast that shows the switch works)", async () => {
    const development = await startTestApp({ customers: 1 });
    try {
      const typo = await development.gql("{ me { rol } }", { token: await development.token(Role.ADMIN) });
      expect(typo.body.errors?.[0].message).toMatch(/Did you mean "role"/);
    } finally {
      await development.close();
    }
  });

  it("serves neither a landing page nor the explorer", async () => {
    const response = await fetch(app.server.url, { headers: { accept: "text/html" } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toMatch(/graphiql|<html/i);
  });

  it("allows only the CORS origins in CORS_ORIGINS", async () => {
    const preflight = (origin: string) =>
      fetch(app.server.url, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" } });
    const allowed = await preflight("https://portal.example-insurer.test");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://portal.example-insurer.test");
    const other = await preflight("https://attacker.test");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps CSRF prevention on: a simple text/plain POST is refused", async () => {
    const response = await fetch(app.server.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: ME }) });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/\n\s+at\s/);
  });
});

describe("trusted documents (PERSISTED_OPERATIONS=only)", () => {
  let app: TestApp;
  let admin: string;
  let manifestFile: string;
  const REGISTERED = "query Me { me { role } }";

  beforeAll(async () => {
    manifestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "c360-manifest-")), "operations.json");
    fs.writeFileSync(manifestFile, JSON.stringify({ [operationHash(REGISTERED)]: REGISTERED }));
    app = await startTestApp({ customers: 1, env: { PERSISTED_OPERATIONS: "only", PERSISTED_OPERATIONS_FILE: manifestFile } });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  async function send(body: unknown): Promise<{ status: number; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } }> {
    const response = await fetch(app.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as never };
  }

  it("runs a registered operation sent in full or by its hash", async () => {
    expect((await send({ query: REGISTERED })).body.data).toEqual({ me: { role: "ADMIN" } });
    const byHash = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: operationHash(REGISTERED) } } });
    expect(byHash.body.data).toEqual({ me: { role: "ADMIN" } });
  });

  it("refuses any other operation with 400 PERSISTED_QUERY_NOT_FOUND", async () => {
    for (const body of [
      { query: "query Me { me { role purpose } }" },
      { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } },
      {},
    ]) {
      const refused = await send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0].extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    }
  });

  it("refuses to start with a manifest whose hashes do not match their documents", () => {
    const bad = path.join(path.dirname(manifestFile), "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ ["a".repeat(64)]: REGISTERED }));
    expect(() => loadConfig({ NODE_ENV: "test", PERSISTED_OPERATIONS: "only" })).toThrow(/PERSISTED_OPERATIONS_FILE/);
    return expect(startTestApp({ customers: 1, env: { PERSISTED_OPERATIONS: "only", PERSISTED_OPERATIONS_FILE: bad } })).rejects.toThrow(/is not the sha256 of its document/);
  });
});
