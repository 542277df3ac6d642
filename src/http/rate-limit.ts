import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { TrafficSettings } from "../config";
import { logger } from "../shared/logger";

export interface PrincipalRateLimiter {
  /** Seconds to wait when the principal is over its limit, else undefined. */
  check(principal: string): Promise<number | undefined>;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;

/**
 * Requests per minute per principal. With REDIS_URL the counters live in Redis, so the limit
 * holds across API replicas; if Redis stops answering, each replica falls back to counting in
 * memory (insurance limiter) rather than refusing or letting everything through.
 */
export function createRateLimiter(settings: TrafficSettings): PrincipalRateLimiter {
  const keyPrefix = settings.rateLimitPrefix;
  if (settings.rateLimitPerMinute === 0) return { check: async () => undefined, close: async () => undefined };
  const points = settings.rateLimitPerMinute;
  const memory = new RateLimiterMemory({ points, duration: WINDOW_SECONDS, keyPrefix });
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
  if (settings.redisUrl) {
    redis = new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000, lazyConnect: false });
    redis.on("error", (err) => logger.warn({ err: err.message }, "rate-limit store (Redis) error; counting in memory meanwhile"));
    limiter = new RateLimiterRedis({ storeClient: redis, points, duration: WINDOW_SECONDS, keyPrefix, insuranceLimiter: memory });
  }
  return {
    async check(principal) {
      try {
        await limiter.consume(principal);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        logger.warn({ err: String(rejection) }, "rate limiter failed; request allowed");
        return undefined;
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
