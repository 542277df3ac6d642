import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { signToken } from "../auth/token";
import { bootstrapAdministrator } from "../modules/staff/bootstrap-admin";
import { withMigratedDatabase } from "./script-database";
import { DataDirLockedError } from "../db/data-dir-lock";
import { Role } from "../auth/role";

const USAGE =
  "usage: npm run bootstrap-admin -- --username NAME --display-name \"Full Name\" [--branch B]\n" +
  "  Creates the first ADMIN staff user when no active ADMIN exists, and prints a sign-in token for it.\n" +
  "  Uses the server's settings (DATABASE_URL or DATA_DIR, JWT_SECRET, ...). On the embedded database,\n" +
  "  stop the server first, or set BOOTSTRAP_ADMIN_USERNAME for the server to do it at start-up.";

interface Arguments {
  username: string;
  displayName: string;
  branch: string | null;
}

function parseArguments(argv: string[]): Arguments {
  const { values } = parseArgs({
    args: argv,
    options: { username: { type: "string" }, "display-name": { type: "string" }, branch: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const username = values.username?.trim() ?? "";
  if (!/^[\w.@-]{1,64}$/.test(username)) throw new Error("--username must be 1 to 64 letters, digits or . _ @ -");
  const displayName = values["display-name"]?.trim() ?? "";
  if (displayName.length < 1 || displayName.length > 120) throw new Error("--display-name must be 1 to 120 characters");
  const branch = values.branch?.trim().slice(0, 80) || null;
  return { username, displayName, branch };
}

/** npm run bootstrap-admin: migrates, then creates the first administrator (see src/modules/staff/bootstrap-admin.ts). */
async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const result = await withMigratedDatabase(config, "bootstrap-admin", (db) => bootstrapAdministrator(db, args));
  if (result.outcome === "admin-exists") {
    console.error("An active ADMIN staff user exists already; nothing was created. Administrators manage staff from there.");
    return 3;
  }
  if (result.outcome === "username-taken") {
    console.error(`The username "${args.username}" belongs to another staff user; choose another one.`);
    return 3;
  }
  const token = await signToken({ sub: result.id, role: Role.ADMIN, purpose: "bootstrap" }, config);
  console.error(`Created ADMIN ${args.username} (id ${result.id}). A sign-in token (8 hours, or TOKEN_MAX_LIFETIME if shorter) follows on standard output; later tokens: npm run token -- --role ADMIN --user ${args.username}`);
  console.log(token);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DataDirLockedError;
    const message = err instanceof Error ? err.message : String(err);
    console.error(known ? message : `bootstrap-admin failed: ${message.split("\n")[0]}`);
    process.exit(1);
  },
);
