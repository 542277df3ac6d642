import { SignJWT, decodeJwt, errors, jwtVerify } from "jose";
import { Role } from "./role";
import { UnauthenticatedError } from "../shared/errors";

export interface TokenSettings {
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** Longest accepted `exp - iat`, in seconds (TOKEN_MAX_LIFETIME). */
  tokenMaxLifetimeSeconds: number;
}

export interface TokenClaims {
  sub: string;
  role: Role;
  purpose: string | null;
  /** Expiry (`exp`), seconds since the epoch. */
  exp: number;
}

const ROLES = new Set<string>(Object.values(Role));
/** How far in the future `iat` may lie (clocks of the issuer and this server disagree a little). */
export const CLOCK_SKEW_SECONDS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function key(settings: TokenSettings): Uint8Array {
  return new TextEncoder().encode(settings.jwtSecret);
}

/**
 * Verifies an HS256 token: signature, issuer, audience, expiry and issue time (both required; a
 * lifetime over TOKEN_MAX_LIFETIME or an `iat` in the future is refused), subject and role.
 */
export async function verifyToken(token: string, settings: TokenSettings): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(settings), {
      algorithms: ["HS256"],
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      requiredClaims: ["exp", "iat", "sub"],
    });
    const { iat, exp } = payload as { iat: number; exp: number };
    if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new UnauthenticatedError("Token issued in the future");
    if (exp - iat > settings.tokenMaxLifetimeSeconds) throw new UnauthenticatedError("Token lifetime exceeds the maximum");
    const role = payload.role;
    if (typeof role !== "string" || !ROLES.has(role)) throw new UnauthenticatedError("Token has no valid role");
    if (!payload.sub || !UUID.test(payload.sub)) throw new UnauthenticatedError("Token subject is not a valid id");
    const purpose = typeof payload.purpose === "string" ? payload.purpose.slice(0, 80) : null;
    return { sub: payload.sub, role: role as Role, purpose, exp };
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw err;
    if (err instanceof errors.JWTExpired) throw new UnauthenticatedError("Token expired");
    throw new UnauthenticatedError("Invalid token");
  }
}

/** A working day, or less when TOKEN_MAX_LIFETIME is shorter. */
const DEFAULT_LIFETIME_SECONDS = 8 * 3600;

/** Signs a token; `expiresIn` ("8h", or an absolute `exp`) beyond TOKEN_MAX_LIFETIME is refused with a RangeError. */
export async function signToken(
  claims: { sub: string; role: Role; purpose?: string },
  settings: TokenSettings,
  expiresIn?: string | number,
): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: claims.role, ...(claims.purpose ? { purpose: claims.purpose } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(settings.jwtIssuer)
    .setAudience(settings.jwtAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresIn ?? issuedAt + Math.min(DEFAULT_LIFETIME_SECONDS, settings.tokenMaxLifetimeSeconds));
  const token = await jwt.sign(key(settings));
  const exp = decodeJwt(token).exp ?? Infinity;
  if (exp - issuedAt > settings.tokenMaxLifetimeSeconds) {
    throw new RangeError(`A token may live at most ${settings.tokenMaxLifetimeSeconds} s (TOKEN_MAX_LIFETIME); asked for ${exp - issuedAt} s`);
  }
  return token;
}
