import type { DataSource } from "typeorm";
import { Role } from "../modules/staff/staff.entity";
import type { StaffDirectory } from "./staff-directory";
import { Customer } from "../modules/customer/customer.entity";
import { UnauthenticatedError } from "../shared/errors";
import { verifyToken, type TokenSettings } from "./token";
import { ANONYMOUS, type Viewer } from "./viewer";

/**
 * Authorization header → Viewer. No header: anonymous (every field then refuses with
 * UNAUTHENTICATED). A header that does not verify, or names a missing/inactive staff user or an
 * unknown/erased customer: UNAUTHENTICATED for the whole request.
 */
export async function authenticate(
  authorization: string | undefined,
  purposeHeader: string | undefined,
  db: DataSource,
  settings: TokenSettings,
  staffDirectory: StaffDirectory,
): Promise<Viewer> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new UnauthenticatedError("Authorization header must be 'Bearer <token>'");
  const claims = await verifyToken(match[1], settings);
  const purpose = purposeHeader?.trim().slice(0, 80) || claims.purpose;
  if (claims.role === Role.CUSTOMER) {
    const customer = await db.getRepository(Customer).findOne({ select: { id: true, erasedAt: true }, where: { id: claims.sub } });
    if (!customer || customer.erasedAt) throw new UnauthenticatedError("Unknown customer");
    return { kind: "customer", id: customer.id, role: Role.CUSTOMER, purpose };
  }
  const staff = await staffDirectory.find(claims.sub);
  if (!staff || !staff.active) throw new UnauthenticatedError("Unknown or inactive staff user");
  if (staff.role !== claims.role) throw new UnauthenticatedError("Token role does not match the staff user's role");
  return { kind: "staff", id: staff.id, role: staff.role as Exclude<Role, Role.CUSTOMER>, username: staff.username, purpose };
}
