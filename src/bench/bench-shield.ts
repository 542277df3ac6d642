import "reflect-metadata";
import autocannon from "autocannon";
import { applyMiddleware } from "graphql-middleware";
import type { GraphQLSchema } from "graphql";
import { loadConfig } from "../config";
import { openScriptDatabase } from "../scripts/script-database";
import { seedDatabase } from "../seed";
import { signToken } from "../auth/token";
import { buildBareSchema, buildServedSchema } from "../graphql/schema";
import { permissions } from "../graphql/permissions";
import { startHttpServer } from "../http/server";
import { CUSTOMER_360_QUERY as QUERY, CUSTOMER_LIST_QUERY as LIST_QUERY } from "./scenarios";
import { Role } from "../auth/role";
import { staffIdFor } from "../modules/staff/staff-id";

/**
 * What the authorization shield and the field guard (masking + access audit) cost on a 360 query,
 * measured in one run on one database: the same query against three builds of the schema (bare;
 * shield on every field; the served schema: shield only where a rule decides, guard, audit).
 * Usage: npm run bench:shield [-- --seconds 10 --customers 2000 --list]  (PostgreSQL from DATABASE_URL,
 * else embedded in memory; --list measures customers(first: 100) with policies as ADMIN instead of the 360 as AGENT)
 */
function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const seconds = argument("seconds", 10);
  const customers = argument("customers", 2000);
  const list = process.argv.includes("--list");
  const config = { ...loadConfig({ ...process.env, NODE_ENV: "test", PORT: "0", RATE_LIMIT_PER_MINUTE: "0" }) };
  const db = await openScriptDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 10 });
  await db.runMigrations();
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM customer`);
  if (n === 0) await seedDatabase(db, { customers, seed: 1, piiKey: config.piiEncryptionKey });
  const [{ id }] = await db.query(
    `SELECT c.id FROM customer c WHERE c.assigned_agent_id = $1 ORDER BY (SELECT count(*) FROM policy p WHERE p.customer_id = c.id) DESC LIMIT 1`,
    [staffIdFor("agent1")],
  );
  const token = list
    ? await signToken({ sub: staffIdFor("admin"), role: Role.ADMIN }, config, "1h")
    : await signToken({ sub: staffIdFor("agent1"), role: Role.AGENT }, config, "1h");

  const bare = await buildBareSchema();
  const variants: [string, GraphQLSchema][] = [
    ["no shield, no guard", bare],
    ["shield", applyMiddleware(bare, permissions(bare))],
    ["served: shield where it decides + field guard + audit", await buildServedSchema()],
  ];
  const results: Record<string, unknown>[] = [];
  for (const [name, schema] of variants) {
    const server = await startHttpServer(db, config, schema);
    const load = (duration: number) =>
      autocannon({
        url: server.url,
        method: "POST",
        connections: 10,
        duration,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(list ? { query: LIST_QUERY } : { query: QUERY, variables: { id } }),
      });
    await load(3); // warm-up (V8 optimization, database caches), not counted
    const run = await load(seconds);
    await server.stop();
    results.push({
      variant: name,
      requestsPerSecond: Math.round(run.requests.average),
      p50ms: run.latency.p50,
      p99ms: run.latency.p99,
      non2xx: run.non2xx,
      errors: run.errors,
    });
  }
  const [{ audits }] = await db.query(`SELECT count(*)::int AS audits FROM audit_entry`);
  await db.destroy();
  console.table(results);
  console.log(JSON.stringify({ database: db.kind, seconds, results, auditRowsWritten: audits }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
