import "reflect-metadata";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig, type AppConfig } from "../config";
import { configurePiiKey } from "../shared/pii-crypto";
import { writeAccessAudit } from "../auth/access-audit";
import type { Viewer } from "../auth/viewer";
import { Role } from "../auth/role";
import type { Database } from "../db/data-source";
import { DataDirLockedError } from "../db/data-dir-lock";
import { createRequestContext } from "../auth/request-context";
import { BULK_EXPORTS, bulkExport, ndjsonLines, writeChunks } from "../modules/privacy/bulk-export";
import { openScriptDatabase } from "./script-database";

const USAGE =
  `usage: npm run export -- --entity ${Object.keys(BULK_EXPORTS).join("|")} --as USERNAME --purpose TEXT [--format ndjson] [--out FILE]\n` +
  "  --as       the staff user the export is made as: their role's row scope and field policy apply, and the access audit names them\n" +
  "  --purpose  why (recorded with every audit row, like X-Access-Purpose)\n" +
  "  --out      a file instead of standard output";

interface Request {
  entity: string;
  username: string;
  purpose: string;
  out: string | null;
}

function request(argv: string[]): Request {
  const { values } = parseArgs({
    args: argv,
    options: { entity: { type: "string" }, as: { type: "string" }, purpose: { type: "string" }, format: { type: "string" }, out: { type: "string" } },
    strict: true,
  });
  if (!values.entity || !BULK_EXPORTS[values.entity]) throw new Error(`--entity must be one of ${Object.keys(BULK_EXPORTS).join(", ")}`);
  if (!values.as) throw new Error("--as USERNAME is required (the export is made as that staff user)");
  const purpose = (values.purpose ?? "").trim();
  // eslint-disable-next-line no-control-regex
  if (!purpose || purpose.length > 80 || /[\u0000-\u001f\u007f]/.test(purpose)) throw new Error("--purpose is required: 1 to 80 characters, no control characters");
  if ((values.format ?? "ndjson") !== "ndjson") throw new Error('--format must be "ndjson"');
  return { entity: values.entity, username: values.as, purpose, out: values.out ?? null };
}

/** The active staff user the export is made as. */
async function staffViewer(db: Database, username: string, purpose: string): Promise<Extract<Viewer, { kind: "staff" }>> {
  const [user]: { id: string; role: Role; active: boolean }[] = await db.query(`SELECT id, role, active FROM staff_user WHERE username = $1`, [username]);
  if (!user || !user.active) throw new Error(`no active staff user "${username}"`);
  if (user.role === Role.CUSTOMER) throw new Error(`"${username}" is not staff`);
  return { kind: "staff", id: user.id, role: user.role as Exclude<Role, Role.CUSTOMER>, username, purpose };
}

async function run(db: Database, config: AppConfig, wanted: Request): Promise<number> {
  const viewer = await staffViewer(db, wanted.username, wanted.purpose);
  const ctx = createRequestContext(db, config, viewer, `export-${randomUUID()}`, async () => undefined);
  const exp = bulkExport(ctx, wanted.entity, (rows) => writeAccessAudit(db, rows));
  const out = wanted.out ? fs.createWriteStream(wanted.out) : process.stdout;
  const started = performance.now();
  let lines = 0;
  await writeChunks((async function* () {
    for await (const chunk of ndjsonLines(exp)) {
      lines += chunk.split("\n").length - 1;
      yield chunk;
    }
  })(), out);
  const rows = lines - 1; // the summary line
  if (wanted.out) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
  const seconds = (performance.now() - started) / 1000;
  for (const column of exp.withheld) process.stderr.write(`withheld ${column.table}.${column.field}: ${column.reason}\n`);
  process.stderr.write(`exported ${rows.toLocaleString("en-US")} ${wanted.entity} as ${viewer.role} in ${seconds.toFixed(1)} s\n`);
  return 0;
}

/** npm run export: a streaming NDJSON extract under the field policy of the staff user it is made as. */
async function main(): Promise<number> {
  const config = loadConfig();
  configurePiiKey(config.piiEncryptionKey);
  let wanted: Request;
  try {
    wanted = request(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let db: Database;
  try {
    db = await openScriptDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, purpose: "export" });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`export cannot run now: ${err.message}\nThe embedded database can be opened by one process only; stop the server, or use GET /exports/${wanted.entity} on the running one.`);
      return 3;
    }
    throw err;
  }
  try {
    await db.runMigrations();
    return await run(db, config, wanted);
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`export failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
