import { LRUCache } from "lru-cache";
import { verifyToken, type TokenClaims, type TokenSettings } from "./token";

/** Verified tokens kept per process (a token's text and claims: well under 1 KB each). */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Tokens that verified, by their text, each until its own `exp` at the latest, the least recently
 * used dropped beyond `max`: a client that sends the same token on every request pays the
 * signature and claim checks once. Only what the token's text alone decides is kept (signature,
 * issuer, audience, issue and expiry times, subject, role, purpose claim) — whether the staff user
 * or customer still exists, is active and holds the role is checked on every request by
 * authenticate(). A refused token is never kept: it is verified (and refused) every time.
 */
export class VerifiedTokens {
  private readonly verified: LRUCache<string, TokenClaims>;

  constructor(
    private readonly settings: TokenSettings,
    max = VERIFIED_TOKENS_KEPT,
  ) {
    this.verified = new LRUCache({ max });
  }

  async verify(token: string): Promise<TokenClaims> {
    const kept = this.verified.get(token);
    // expiry by the wall clock, as jose decides it (the cache's own TTL runs on a monotonic clock)
    if (kept && kept.exp * 1000 > Date.now()) return kept;
    const claims = await verifyToken(token, this.settings);
    this.verified.set(token, claims, { ttl: Math.max(1, claims.exp * 1000 - Date.now()) });
    return claims;
  }
}
