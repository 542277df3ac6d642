import "reflect-metadata";
import http from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { Pool, type CustomTypesConfig } from "pg";
import { CUSTOMER_360_SQL, CUSTOMER_LIST_SQL, ME_SQL } from "./floor-queries";
import { OFFERS_SQL } from "./floor-offers";

/**
 * The bench's floor: what the same answers cost without GraphQL, ORM, loaders, shield or audit.
 * A bare node:http server with a pg pool; per request it verifies the HS256 token, takes the
 * scenario from the path and runs ONE hand-written statement that returns the `data` JSON.
 * Started by the bench as a child process; env: DATABASE_URL, PORT, JWT_SECRET, DB_POOL_SIZE,
 * DB_POOL_IDLE_SECONDS (as the API reads them), and
 * FLOOR_PREPARED=1 for named prepared statements (planned once per connection; off by default,
 * like the API's statements). Prepared, its connections take generic plans from the first
 * execution (`plan_cache_mode`): under PostgreSQL's default the offers statement (its page size a
 * parameter) was planned at every execution, so the floor did not do what it claims.
 */
const secret = process.env.JWT_SECRET ?? "";
const PREPARED = process.env.FLOOR_PREPARED === "1";
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  idleTimeoutMillis: 1000 * Number(process.env.DB_POOL_IDLE_SECONDS ?? 10),
  ...(PREPARED ? { options: "-c plan_cache_mode=force_generic_plan" } : {}),
});

const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as CustomTypesConfig;

interface Scenario {
  sql: string;
  params: (staffId: string, variables: Record<string, unknown>) => unknown[];
}

const SCENARIOS: Record<string, Scenario> = {
  "/customer360": { sql: CUSTOMER_360_SQL, params: (staff, vars) => [staff, String(vars.id)] },
  "/customers": { sql: CUSTOMER_LIST_SQL, params: (staff) => [staff] },
  "/offers": { sql: OFFERS_SQL, params: (staff, vars) => [staff, Number(vars.first ?? 100)] },
  "/me": { sql: ME_SQL, params: (staff) => [staff] },
};

/** HS256 signature, expiry and subject; the staff user's role and activity are checked in SQL. */
function staffIdOf(authorization: string | undefined): string | null {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  const [header, payload, signature] = token?.split(".") ?? [];
  if (!header || !payload || !signature) return null;
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: string; exp?: number };
  return claims.sub && typeof claims.exp === "number" && claims.exp * 1000 > Date.now() ? claims.sub : null;
}

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
  const scenario = SCENARIOS[req.url ?? ""];
  if (req.method !== "POST" || !scenario) return send(res, 404, `{"errors":[{"message":"not found"}]}`);
  const staffId = staffIdOf(req.headers.authorization);
  if (!staffId) return send(res, 401, `{"errors":[{"message":"unauthenticated"}]}`);
  const { variables } = JSON.parse(body) as { variables?: Record<string, unknown> };
  // the json column is passed through as text: PostgreSQL already built the answer
  const { rows } = await pool.query<{ data: string }>({ name: PREPARED ? `floor${req.url}` : undefined, text: scenario.sql, values: scenario.params(staffId, variables ?? {}), types: RAW_TEXT });
  if (rows.length === 0) return send(res, 401, `{"errors":[{"message":"unauthenticated"}]}`);
  send(res, 200, `{"data":${rows[0].data}}`);
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/readyz") return send(res, 200, `{"status":"ready"}`);
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    answer(req, Buffer.concat(chunks).toString("utf8"), res).catch((err: Error) => {
      console.error(`floor: ${err.message}`);
      send(res, 500, JSON.stringify({ errors: [{ message: "floor query failed" }] }));
    });
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1");
const stop = () => {
  setTimeout(() => process.exit(0), 2_000).unref();
  server.close(() => void pool.end().then(() => process.exit(0)));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
