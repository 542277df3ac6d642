import { createHash } from "node:crypto";

/**
 * Staff ids are a name-based UUID (RFC 4122 version 5 layout, SHA-1) of the username, so the token
 * command can name a seeded user without opening the embedded database the server holds.
 */
export function staffIdFor(username: string): string {
  const hash = createHash("sha1").update(`customer360:staff:${username.toLowerCase()}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The seeded user each staff role signs in as by default (token command, tests, console). */
export const DEFAULT_USERNAME_BY_ROLE: Readonly<Record<string, string>> = {
  ADMIN: "admin",
  AGENT: "agent1",
  UNDERWRITER: "underwriter1",
  CLAIMS_ADJUSTER: "adjuster1",
  MARKETING: "marketing1",
  COMPLIANCE: "compliance1",
  SERVICE_REP: "rep1",
  INTEGRATION: "core.pas",
};
