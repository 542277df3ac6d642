import { openDatabase, type Database, type DatabaseOptions } from "./data-source";
import { failOverToPrimary, type PgPool } from "./replica-failover";
import { replicaLag, replicaSkips } from "../observability/metrics";
import { logger } from "../shared/logger";

/** A WAL position (pg_lsn) as a number, to compare. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export interface ReplicaSettings {
  urls: string[];
  /** A replica further behind the primary than this is not read from. */
  maxLagMs: number;
  /** How often each replica's replay position (and the primary's) is read. */
  checkIntervalMs: number;
}

/** Where one request's reads go, and why (the metric's reason). */
export interface ReadTarget {
  db: Database;
  target: "replica" | "primary";
  reason: "replica" | "no_replica" | "own_write";
}

type ReplicaState = "starting" | "healthy" | "lagging" | "down";

/** One read replica: its data source (a pool of read-only sessions) and what the last check found. */
class Replica {
  state: ReplicaState = "starting";
  /** The last WAL position the replica had replayed when checked. */
  replayed = 0n;
  lagMs = Infinity;
  /** Statements that ran on the replica's own connections (not failed over). */
  served = 0;
  rawConnect?: PgPool["connect"];

  constructor(
    readonly label: string,
    readonly db: Database,
  ) {}

  get usable(): boolean {
    return this.state === "healthy";
  }

  /** Moves to `next`, logging and counting a replica that leaves service, and one that comes back. */
  become(next: ReplicaState, detail: Record<string, unknown> = {}): void {
    if (next === this.state) return;
    const was = this.state;
    this.state = next;
    if (next === "healthy") logger.info({ replica: this.label, was, ...detail }, "read replica in use");
    else if (was !== "starting" || next === "down") {
      if (was === "healthy") replicaSkips.inc({ replica: this.label, reason: next === "lagging" ? "lagging" : "down" });
      logger.warn({ replica: this.label, state: next, ...detail }, "read replica skipped: reads go to the primary");
    }
  }
}

/** host:port/database of a connection URL (never its credentials), to name a replica in logs and metrics. */
function replicaLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "replica";
  }
}

const poolOf = (db: Database): PgPool | undefined => (db.isInitialized ? (db.driver as unknown as { master?: PgPool }).master : undefined);

/**
 * PostgreSQL streaming replicas for reads (DATABASE_REPLICA_URLS). Each replica is a pool of
 * read-only sessions; every `checkIntervalMs` the primary's WAL position and each replica's replay
 * position are read, which gives each replica's lag in time (since the primary wrote the oldest
 * change the replica has not replayed). A replica is read from while it answers and lags no more
 * than `maxLagMs`; a read that meets a replica gone away is answered by the primary and the
 * replica is taken out at once. `readerFor(position)` picks a replica that has replayed the
 * caller's last write (read-your-writes), round robin, else the primary.
 */
export class ReadReplicas {
  private readonly replicas: Replica[];
  /** The primary's WAL position at each check, oldest first (kept for twice the lag limit). */
  private readonly primarySamples: { at: number; lsn: bigint }[] = [];
  private next = 0;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  private constructor(
    private readonly primary: Database,
    private readonly settings: ReplicaSettings,
    databases: Database[],
  ) {
    this.replicas = databases.map((db, i) => new Replica(replicaLabel(settings.urls[i]), db));
  }

  /** Opens the replicas' pools (a replica that is down is tried again at each check: reads go to the primary meanwhile) and starts checking. */
  static async open(primary: Database, settings: ReplicaSettings, options: Omit<DatabaseOptions, "databaseUrl" | "deferConnect" | "readOnly">): Promise<ReadReplicas> {
    const databases = await Promise.all(settings.urls.map((url) => openDatabase({ ...options, databaseUrl: url, deferConnect: true, readOnly: true })));
    const replicas = new ReadReplicas(primary, settings, databases);
    await replicas.check();
    replicas.timer = setInterval(() => void replicas.check(), settings.checkIntervalMs);
    replicas.timer.unref();
    return replicas;
  }

  /** Labels and states, for /readyz-style reports and tests. */
  status(): { replica: string; state: ReplicaState; lagMs: number; served: number }[] {
    return this.replicas.map((r) => ({ replica: r.label, state: r.state, lagMs: r.lagMs, served: r.served }));
  }

  /** Where a read goes: a usable replica that has replayed `after` (the caller's last write), else the primary. */
  readerFor(after: bigint | null): ReadTarget {
    let waitingForWrite = false;
    for (let i = 0; i < this.replicas.length; i += 1) {
      const replica = this.replicas[(this.next + i) % this.replicas.length];
      if (!replica.usable) continue;
      if (after !== null && replica.replayed < after) {
        waitingForWrite = true;
        continue;
      }
      this.next = (this.next + i + 1) % this.replicas.length;
      return { db: replica.db, target: "replica", reason: "replica" };
    }
    return { db: this.primary, target: "primary", reason: waitingForWrite ? "own_write" : "no_replica" };
  }

  /**
   * The primary's WAL position now: a caller's writes committed before this call are at or before
   * it. The insert position, not the write position (pg_current_wal_lsn): under asynchronous commit
   * (synchronous_commit = off) a commit record may still sit in the WAL buffers, before the write
   * position, and a replica that had replayed up to there would be taken for one that has the write.
   */
  async writePosition(): Promise<bigint> {
    const [row]: { lsn: string }[] = await this.primary.query("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    return lsnValue(row.lsn);
  }

  /** One round of checks (also run at open); concurrent calls share the round. */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const now = Date.now();
    try {
      this.primarySamples.push({ at: now, lsn: await this.writePosition() });
    } catch {
      // the primary not answering is the primary's problem (requests get 503); replica lag is unknown meanwhile
    }
    const keepMs = 2 * this.settings.maxLagMs + 2 * this.settings.checkIntervalMs;
    while (this.primarySamples.length > 1 && this.primarySamples[0].at < now - keepMs) this.primarySamples.shift();
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, now)));
  }

  private async checkReplica(replica: Replica, now: number): Promise<void> {
    try {
      if (!replica.db.isInitialized) await this.connect(replica);
      const client = await (replica.rawConnect!() as unknown as Promise<{ query: (c: unknown) => Promise<{ rows: { lsn: string }[] }>; release: (e?: unknown) => void }>);
      try {
        const { rows } = await client.query({
          text: "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn",
        });
        client.release();
        replica.replayed = rows[0].lsn ? lsnValue(rows[0].lsn) : 0n;
      } catch (error) {
        client.release(error);
        throw error;
      }
      replica.lagMs = this.lagOf(replica.replayed, now);
      replicaLag.set({ replica: replica.label }, replica.lagMs === Infinity ? -1 : replica.lagMs / 1000);
      replica.become(replica.lagMs <= this.settings.maxLagMs ? "healthy" : "lagging", { lagMs: replica.lagMs === Infinity ? null : replica.lagMs });
    } catch (error) {
      replica.lagMs = Infinity;
      replicaLag.set({ replica: replica.label }, -1);
      replica.become("down", { err: (error as Error).message });
    }
  }

  /** Time since the primary first held a position the replica has not replayed (0 when it has replayed all the primary had). */
  private lagOf(replayed: bigint, now: number): number {
    const samples = this.primarySamples;
    if (samples.length === 0) return 0;
    if (replayed >= samples[samples.length - 1].lsn) return 0;
    const first = samples.find((sample) => sample.lsn > replayed)!;
    // behind even the oldest position kept (or just started): at least that far, and not known to be within the limit
    return first === samples[0] ? Math.max(now - first.at, this.settings.maxLagMs + 1) : now - first.at;
  }

  private async connect(replica: Replica): Promise<void> {
    await replica.db.initialize();
    replica.rawConnect = failOverToPrimary(poolOf(replica.db)!, {
      primary: () => poolOf(this.primary),
      usable: () => replica.usable,
      lost: (error) => {
        replicaSkips.inc({ replica: replica.label, reason: "failed" });
        replica.become("down", { err: (error as Error).message });
      },
      served: () => (replica.served += 1),
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((replica) => replica.db.destroy()));
  }
}
