import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { signToken } from "../auth/token";
import { Role } from "../auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../modules/staff/staff-id";
import { isUuid } from "../shared/ids";

/**
 * npm run token -- --role R [--user USERNAME | --sub ID] [--purpose P] [--expires 8h]
 * Prints a development token signed with the current JWT_SECRET, valid 8 hours by default and at
 * most TOKEN_MAX_LIFETIME (12 hours unless configured). It never opens the database
 * (the running server holds the embedded one): staff ids are derived from usernames.
 */

function fail(message: string): never {
  console.error(`${message}\nusage: npm run token -- --role ${Object.values(Role).join("|")} [--user USERNAME | --sub ID] [--purpose P] [--expires 8h]`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      user: { type: "string" },
      sub: { type: "string" },
      purpose: { type: "string" },
      expires: { type: "string" },
    },
  });
  const role = values.role?.toUpperCase() as Role | undefined;
  if (!role || !Object.values(Role).includes(role)) fail("--role is required");
  let sub = values.sub;
  if (sub && !isUuid(sub)) fail("--sub must be a UUID");
  if (!sub) {
    if (role === Role.CUSTOMER) fail("--sub CUSTOMER_ID is required for the CUSTOMER role");
    const username = values.user ?? DEFAULT_USERNAME_BY_ROLE[role];
    if (!username) fail(`--user is required for ${role}`);
    sub = staffIdFor(username);
  }
  const token = await signToken({ sub, role, purpose: values.purpose }, loadConfig(), values.expires);
  console.log(token);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
