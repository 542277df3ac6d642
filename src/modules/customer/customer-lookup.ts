import type { RequestContext } from "../../auth/request-context";
import { ForbiddenError } from "../../shared/errors";

/**
 * Exact look-ups by national id for roles that see it masked: at most LOOKUPS_PER_HOUR per actor,
 * counted in the shared Redis when REDIS_URL is set (so the budget holds across replicas), else in
 * this process. The access audit records every look-up either way.
 */
export const nationalIdLookups = {
  async take(ctx: Pick<RequestContext, "config" | "viewer" | "takeLookup">): Promise<void> {
    const actor = ctx.viewer.kind === "anonymous" ? "anonymous" : ctx.viewer.id;
    const retryAfterSeconds = await ctx.takeLookup(actor);
    if (retryAfterSeconds !== undefined) {
      throw new ForbiddenError(`At most ${ctx.config.lookupsPerHour} national-id look-ups per hour`, { reason: "LOOKUP_LIMIT", retryAfterSeconds });
    }
  },
};
