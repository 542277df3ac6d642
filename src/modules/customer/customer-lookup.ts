import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { RequestContext } from "../../graphql/context";
import type { AppConfig } from "../../config";
import { ForbiddenError } from "../../shared/errors";

/**
 * Exact look-ups by national id for roles that see it masked: at most LOOKUPS_PER_HOUR per actor
 * (per server process; a replica set multiplies it by the replicas — the access audit still
 * records every look-up, and the exfiltration alert counts them together).
 */
class LookupBudget {
  private readonly limiters = new WeakMap<AppConfig, RateLimiterMemory>();

  private limiter(config: AppConfig): RateLimiterMemory {
    let limiter = this.limiters.get(config);
    if (!limiter) this.limiters.set(config, (limiter = new RateLimiterMemory({ points: config.lookupsPerHour, duration: 3600 })));
    return limiter;
  }

  async take(ctx: Pick<RequestContext, "config" | "viewer">): Promise<void> {
    const actor = ctx.viewer.kind === "anonymous" ? "anonymous" : ctx.viewer.id;
    try {
      await this.limiter(ctx.config).consume(actor);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw new ForbiddenError(`At most ${ctx.config.lookupsPerHour} national-id look-ups per hour`, {
        reason: "LOOKUP_LIMIT", retryAfterSeconds: Math.ceil(refusal.msBeforeNext / 1000),
      });
    }
  }
}

export const nationalIdLookups = new LookupBudget();
