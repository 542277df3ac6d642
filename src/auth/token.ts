import { SignJWT, errors, jwtVerify } from "jose";
import { Role } from "../modules/staff/staff.entity";
import { UnauthenticatedError } from "../shared/errors";

export interface TokenSettings {
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
}

export interface TokenClaims {
  sub: string;
  role: Role;
  purpose: string | null;
}

const ROLES = new Set<string>(Object.values(Role));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function key(settings: TokenSettings): Uint8Array {
  return new TextEncoder().encode(settings.jwtSecret);
}

/** Verifies an HS256 token: signature, issuer, audience, expiry (required), subject and role. */
export async function verifyToken(token: string, settings: TokenSettings): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(settings), {
      algorithms: ["HS256"],
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      requiredClaims: ["exp", "sub"],
    });
    const role = payload.role;
    if (typeof role !== "string" || !ROLES.has(role)) throw new UnauthenticatedError("Token has no valid role");
    if (!payload.sub || !UUID.test(payload.sub)) throw new UnauthenticatedError("Token subject is not a valid id");
    const purpose = typeof payload.purpose === "string" ? payload.purpose.slice(0, 80) : null;
    return { sub: payload.sub, role: role as Role, purpose };
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw err;
    if (err instanceof errors.JWTExpired) throw new UnauthenticatedError("Token expired");
    throw new UnauthenticatedError("Invalid token");
  }
}

export async function signToken(
  claims: { sub: string; role: Role; purpose?: string },
  settings: TokenSettings,
  expiresIn: string | number = "8h",
): Promise<string> {
  const jwt = new SignJWT({ role: claims.role, ...(claims.purpose ? { purpose: claims.purpose } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(settings.jwtIssuer)
    .setAudience(settings.jwtAudience)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  return jwt.sign(key(settings));
}
