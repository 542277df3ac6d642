import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { TrafficSettings } from "../config";
import { logger } from "../shared/logger";

export interface PrincipalRateLimiter {
  /** Seconds to wait when the principal is over its limit, else undefined. */
  check(principal: string): Promise<number | undefined>;
}

export interface AuthFailureLimiter {
  /** Seconds this address must wait before any token of its is verified again, else undefined. No I/O. */
  blocked(address: string): number | undefined;
  /** Counts a token from this address that did not verify; the one that uses up the minute blocks the address. */
  recordFailure(address: string): Promise<void>;
}

export interface RateLimiters {
  requests: PrincipalRateLimiter;
  /** Exact look-ups by a personal value per actor and hour (LOOKUPS_PER_HOUR; see src/auth/use-policy.ts). */
  lookups: PrincipalRateLimiter;
  authFailures: AuthFailureLimiter;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;
/** Blocked addresses remembered by this process before expired entries are swept. */
const BLOCKED_SWEEP_AT = 10_000;

const retrySeconds = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

/**
 * Requests per minute per principal, and token failures per minute per client address. With
 * REDIS_URL the counters live in Redis, so the limits hold across API replicas; if Redis stops
 * answering, each replica falls back to counting in memory (insurance limiter) rather than
 * refusing or letting everything through.
 */
export function createRateLimiters(settings: TrafficSettings, lookupsPerHour = 60): RateLimiters {
  let redis: Redis | undefined;
  if (settings.redisUrl) {
    redis = new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000, lazyConnect: false });
    redis.on("error", (err) => logger.warn({ err: err.message }, "rate-limit store (Redis) error; counting in memory meanwhile"));
  }
  const counter = (points: number, keyPrefix: string, duration = WINDOW_SECONDS): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    return redis ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: memory }) : memory;
  };
  return {
    requests: settings.rateLimitPerMinute === 0 ? { check: async () => undefined } : principalLimiter(counter(settings.rateLimitPerMinute, settings.rateLimitPrefix)),
    lookups: principalLimiter(counter(lookupsPerHour, `${settings.rateLimitPrefix}:lookups`, 3600)),
    authFailures:
      settings.authFailureLimitPerMinute === 0
        ? { blocked: () => undefined, recordFailure: async () => undefined }
        : authFailureLimiter(counter(settings.authFailureLimitPerMinute, `${settings.rateLimitPrefix}:auth-failures`)),
    async close() {
      redis?.disconnect();
    },
  };
}

function principalLimiter(limiter: RateLimiterAbstract): PrincipalRateLimiter {
  return {
    async check(principal) {
      try {
        await limiter.consume(principal);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return retrySeconds(rejection.msBeforeNext);
        logger.warn({ err: String(rejection) }, "rate limiter failed; request allowed");
        return undefined;
      }
    },
  };
}

/**
 * The shared counter is only touched on a failure; whether an address is blocked is answered from
 * this process's memory, so a flood of bad tokens costs neither a signature check nor a store
 * round trip. Another replica's block is learnt on this replica's next failure from that address.
 */
function authFailureLimiter(limiter: RateLimiterAbstract): AuthFailureLimiter {
  const blockedUntil = new Map<string, number>();
  const block = (address: string, msBeforeNext: number) => {
    if (blockedUntil.size >= BLOCKED_SWEEP_AT) {
      const now = Date.now();
      for (const [key, until] of blockedUntil) if (until <= now) blockedUntil.delete(key);
    }
    blockedUntil.set(address, Date.now() + msBeforeNext);
  };
  return {
    blocked(address) {
      const until = blockedUntil.get(address);
      if (until === undefined) return undefined;
      const left = until - Date.now();
      if (left > 0) return retrySeconds(left);
      blockedUntil.delete(address);
      return undefined;
    },
    async recordFailure(address) {
      try {
        const used = await limiter.consume(address);
        if (used.remainingPoints === 0) block(address, used.msBeforeNext);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) block(address, rejection.msBeforeNext);
        else logger.warn({ err: String(rejection) }, "authentication-failure limiter failed; not counted");
      }
    },
  };
}
