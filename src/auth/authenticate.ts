import { Role } from "./role";
import type { StaffDirectory } from "./staff-directory";
import { BadUserInputError, UnauthenticatedError } from "../shared/errors";
import type { VerifiedTokens } from "./verified-tokens";
import { ANONYMOUS, type Viewer } from "./viewer";

/** Longest declared purpose (audit_entry.purpose is varchar(80)). */
export const MAX_PURPOSE_LENGTH = 80;

// C0 controls (NUL included), DEL and C1 controls: a NUL cannot be stored by PostgreSQL at all, and
// control characters have no place in a purpose that compliance officers read.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The declared purpose of access (X-Access-Purpose header, else the token's `purpose` claim),
 * checked at the edge so that no request can carry a value the audit cannot store: cut to 80
 * characters (as the token claim always was); control characters → BAD_USER_INPUT for this
 * request only (a purpose is not silently rewritten into something its sender did not write).
 */
export function declaredPurpose(header: string | undefined, claim: string | null): string | null {
  const fromHeader = header?.trim();
  const purpose = (fromHeader || claim?.trim() || "").slice(0, MAX_PURPOSE_LENGTH);
  if (purpose === "") return null;
  if (CONTROL_CHARACTERS.test(purpose)) {
    throw new BadUserInputError(`The access purpose (${fromHeader ? "X-Access-Purpose header" : "token claim 'purpose'"}) must not contain control characters`, {
      reason: "INVALID_PURPOSE",
    });
  }
  return purpose;
}

/** A customer by id with its erasure time, for a CUSTOMER token (the customer module answers: it owns the table). */
export type CustomerLookup = (id: string) => Promise<{ id: string; erasedAt: Date | null } | null>;

/**
 * Authorization header → Viewer. No header: anonymous (every field then refuses with
 * UNAUTHENTICATED). A header that does not verify, or names a missing/inactive staff user or an
 * unknown/erased customer: UNAUTHENTICATED for the whole request. An unusable purpose: BAD_USER_INPUT.
 */
export async function authenticate(
  authorization: string | undefined,
  purposeHeader: string | undefined,
  findCustomer: CustomerLookup,
  tokens: VerifiedTokens,
  staffDirectory: StaffDirectory,
): Promise<Viewer> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new UnauthenticatedError("Authorization header must be 'Bearer <token>'");
  const claims = await tokens.verify(match[1]);
  const purpose = declaredPurpose(purposeHeader, claims.purpose);
  if (claims.role === Role.CUSTOMER) {
    const customer = await findCustomer(claims.sub);
    if (!customer || customer.erasedAt) throw new UnauthenticatedError("Unknown customer");
    return { kind: "customer", id: customer.id, role: Role.CUSTOMER, purpose };
  }
  const staff = await staffDirectory.find(claims.sub);
  if (!staff || !staff.active) throw new UnauthenticatedError("Unknown or inactive staff user");
  if (staff.role !== claims.role) throw new UnauthenticatedError("Token role does not match the staff user's role");
  return { kind: "staff", id: staff.id, role: staff.role as Exclude<Role, Role.CUSTOMER>, username: staff.username, purpose };
}
