import { Redis } from "ioredis";
import { logger } from "../shared/logger";

/** A WAL position as 16 hex digits: strings that compare as the positions do (Redis compares them). */
const encode = (position: bigint) => position.toString(16).padStart(16, "0");

/** A position no replica has replayed: routes to the primary. */
export const UNKNOWN = 2n ** 64n;

/** Keeps the later of two marks; renews the time to live either way. */
const KEEP_LATER = `local current = redis.call('GET', KEYS[1])
if (not current) or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * Read-your-writes: each caller's last write position (the primary's WAL position after it), kept
 * for `ttlMs`. In this process, and in Redis when REDIS_URL is set, so that a caller who wrote
 * through one API replica is read from the primary by every other until the read replicas have
 * replayed the write. If Redis does not answer, a read is routed as if a write were pending (to
 * the primary): never a stale read for want of a mark.
 */
export class WriteMarks {
  private readonly local = new Map<string, { position: bigint; until: number }>();
  private readonly redis?: Redis;

  constructor(
    private readonly ttlMs: number,
    redisUrl?: string,
    private readonly prefix = "c360:written",
  ) {
    if (redisUrl) {
      this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 });
      this.redis.on("error", (err) => logger.warn({ err: err.message }, "read-your-writes marks (Redis) error; reads after writes go to the primary meanwhile"));
    }
  }

  /** Resolves once the shared store answers (or after `withinMs`: marks are then read as unknown until it does). */
  async ready(withinMs = 1000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === "ready") return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, withinMs);
      redis.once("ready", done);
    });
  }

  /** Records that `actor` wrote at or before `position`. */
  async wrote(actor: string, position: bigint): Promise<void> {
    const now = Date.now();
    const held = this.local.get(actor);
    if (!held || held.until < now || held.position < position) this.local.set(actor, { position, until: now + this.ttlMs });
    if (this.local.size > 10_000) this.prune(now);
    if (!this.redis) return;
    try {
      await this.redis.eval(KEEP_LATER, 1, `${this.prefix}:${actor}`, encode(position), String(this.ttlMs));
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "read-your-writes mark not shared (Redis); other API replicas may read this caller from a replica that has not replayed the write");
    }
  }

  /** The position `actor`'s reads must see: null when no recent write, UNKNOWN when the shared marks cannot be read. */
  async pending(actor: string): Promise<bigint | null> {
    const now = Date.now();
    const held = this.local.get(actor);
    let position = held && held.until >= now ? held.position : null;
    if (!this.redis) return position;
    try {
      const shared = await this.redis.get(`${this.prefix}:${actor}`);
      if (shared !== null) {
        const value = BigInt(`0x${shared}`);
        if (position === null || value > position) position = value;
      }
      return position;
    } catch {
      return UNKNOWN;
    }
  }

  private prune(now: number): void {
    for (const [actor, held] of this.local) if (held.until < now) this.local.delete(actor);
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
