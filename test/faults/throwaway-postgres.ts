import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

/**
 * A PostgreSQL cluster of its own for one fault spec, run with PostgreSQL's binaries: data and
 * socket in a fresh temp directory, a free loopback port, trust authentication. The shared server
 * on 5432 is never touched. initdb and pg_ctl refuse to run as root, so as root they run as the
 * `postgres` user.
 */

const COMMAND_TIMEOUT_MS = { initdb: 120_000, start: 45_000, stop: 45_000, restart: 90_000, query: 10_000 };
/** pg_ctl's own wait (-t, seconds); the command timeouts above leave room on top of it. */
const PG_CTL_WAIT_SECONDS = 30;

export interface PostgresBinaries {
  version: string;
  bindir: string;
  initdb: string;
  pgCtl: string;
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl (PG_BINDIR overrides). */
export function findPostgresBinaries(root = "/usr/lib/postgresql", bindirOverride = process.env.PG_BINDIR): PostgresBinaries {
  const candidates: { version: string; bindir: string }[] = [];
  if (bindirOverride) candidates.push({ version: "PG_BINDIR", bindir: bindirOverride });
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => /^\d+(\.\d+)?$/.test(name)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) candidates.push({ version, bindir: path.join(root, version, "bin") });
  for (const { version, bindir } of candidates) {
    const initdb = path.join(bindir, "initdb");
    const pgCtl = path.join(bindir, "pg_ctl");
    if (fs.existsSync(initdb) && fs.existsSync(pgCtl)) return { version, bindir, initdb, pgCtl };
  }
  throw new Error(
    `PostgreSQL server binaries not found: the fault specs need initdb and pg_ctl under ${root}/<version>/bin ` +
      `(looked in: ${candidates.map((c) => c.bindir).join(", ") || "nothing found"}). ` +
      "Install the PostgreSQL server package (e.g. apt-get install postgresql) or set PG_BINDIR.",
  );
}

/** A port nobody listens on right now: the OS picks one for a throwaway listener. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}

const runsAsRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresUserIds(): { uid: number; gid: number } {
  const ids = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", timeout: 5000 }).trim());
  try {
    return { uid: ids("-u"), gid: ids("-g") };
  } catch {
    throw new Error("Running as root, the fault specs need a `postgres` system user to run initdb and pg_ctl (they refuse root)");
  }
}

/** argv for a PostgreSQL command: as root through runuser, else directly. */
function asPostgresUser(file: string, args: string[]): [string, string[]] {
  return runsAsRoot() ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
}

/** Clusters not yet destroyed; the exit hook stops them if a spec could not. */
const liveClusters = new Set<ThrowawayPostgres>();
let exitHookInstalled = false;

declare global {
  /** Set by test/faults/fault-environment.js: runs `callback` when the real process exits or gets a signal. */
  var onHostProcessExit: ((callback: () => void) => () => void) | undefined;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const stopAll = () => {
    for (const cluster of liveClusters) cluster.destroySync();
  };
  // under jest, `process` is a copy that never hears the real exit or signals
  if (typeof globalThis.onHostProcessExit === "function") globalThis.onHostProcessExit(stopAll);
  else process.on("exit", stopAll);
}

export type ShutdownMode = "smart" | "fast" | "immediate";

export class ThrowawayPostgres {
  readonly dataDir: string;
  readonly logFile: string;
  private running = false;
  private destroyed = false;

  private constructor(
    readonly binaries: PostgresBinaries,
    readonly baseDir: string,
    readonly port: number,
  ) {
    this.dataDir = path.join(baseDir, "data");
    this.logFile = path.join(baseDir, "postgres.log");
  }

  /** initdb into a fresh temp directory; the cluster is not started yet. */
  static async create(): Promise<ThrowawayPostgres> {
    const binaries = findPostgresBinaries();
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-fault-pg-"));
    const cluster = new ThrowawayPostgres(binaries, baseDir, await freeLoopbackPort());
    liveClusters.add(cluster);
    installExitHook();
    try {
      if (runsAsRoot()) {
        const { uid, gid } = postgresUserIds();
        fs.chownSync(baseDir, uid, gid);
      }
      await cluster.run(
        binaries.initdb,
        ["-D", cluster.dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
        COMMAND_TIMEOUT_MS.initdb,
      );
      cluster.configure();
      return cluster;
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
  }

  /**
   * A streaming replica of a running `primary` (pg_basebackup -R: a copy of its data directory that
   * follows its WAL as a hot standby), on a port of its own; not started yet.
   */
  static async standbyOf(primary: ThrowawayPostgres): Promise<ThrowawayPostgres> {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-fault-pg-standby-"));
    const standby = new ThrowawayPostgres(primary.binaries, baseDir, await freeLoopbackPort());
    liveClusters.add(standby);
    try {
      if (runsAsRoot()) {
        const { uid, gid } = postgresUserIds();
        fs.chownSync(baseDir, uid, gid);
      }
      await standby.run(
        path.join(primary.binaries.bindir, "pg_basebackup"),
        ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", standby.dataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
        COMMAND_TIMEOUT_MS.initdb,
      );
      standby.configure(["hot_standby = on", "hot_standby_feedback = on"]);
      return standby;
    } catch (err) {
      await standby.destroy();
      throw err;
    }
  }

  /** Settings of a throwaway cluster (appended: for a standby, they override the primary's copied ones). */
  private configure(more: string[] = []): void {
    fs.appendFileSync(
      path.join(this.dataDir, "postgresql.conf"),
      [
        "",
        "# throwaway cluster for the fault specs",
        `port = ${this.port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${this.baseDir}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = on",
        "max_connections = 60",
        "shared_buffers = 32MB",
        ...more,
        "",
      ].join("\n"),
    );
  }

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Returns once the server accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    this.assertAlive();
    await this.pgCtl(["start", "-l", this.logFile], COMMAND_TIMEOUT_MS.start);
    this.running = true;
  }

  async stop(options: { mode?: ShutdownMode } = {}): Promise<void> {
    this.assertAlive();
    await this.pgCtl(["stop", "-m", options.mode ?? "fast"], COMMAND_TIMEOUT_MS.stop);
    this.running = false;
  }

  /** pg_ctl restart: returns once the server accepts connections again. */
  async restart(options: { mode?: ShutdownMode } = {}): Promise<void> {
    this.assertAlive();
    await this.pgCtl(["restart", "-m", options.mode ?? "fast", "-l", this.logFile], COMMAND_TIMEOUT_MS.restart);
    this.running = true;
  }

  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
    await this.withClient("postgres", (client) => client.query(`CREATE DATABASE ${name}`));
    return this.url(name);
  }

  /** A short-lived connection (bounded connect and query time), closed afterwards. */
  async withClient<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({
      connectionString: this.url(database),
      connectionTimeoutMillis: COMMAND_TIMEOUT_MS.query,
      query_timeout: COMMAND_TIMEOUT_MS.query,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Stops the server if it runs (immediate: nothing in it matters) and removes every file. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    try {
      if (fs.existsSync(path.join(this.dataDir, "postmaster.pid"))) {
        await this.pgCtl(["stop", "-m", "immediate"], COMMAND_TIMEOUT_MS.stop).catch(() => this.killPostmaster());
      }
    } finally {
      this.running = false;
      this.destroyed = true;
      liveClusters.delete(this);
      fs.rmSync(this.baseDir, { recursive: true, force: true });
    }
  }

  /** For the process exit hook, where nothing asynchronous runs any more. */
  destroySync(): void {
    if (this.destroyed) return;
    try {
      if (fs.existsSync(path.join(this.dataDir, "postmaster.pid"))) {
        const [file, args] = asPostgresUser(this.binaries.pgCtl, ["stop", "-D", this.dataDir, "-m", "immediate", "-w", "-t", "10"]);
        try {
          execFileSync(file, args, { cwd: this.baseDir, stdio: "ignore", timeout: 15_000 });
        } catch {
          this.killPostmaster();
        }
      }
    } finally {
      this.destroyed = true;
      liveClusters.delete(this);
      fs.rmSync(this.baseDir, { recursive: true, force: true });
    }
  }

  /** The last lines of the server log, for failure messages. */
  logTail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "(no server log)";
    }
  }

  private killPostmaster(): void {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      if (Number.isInteger(pid) && pid > 1) process.kill(pid, "SIGKILL");
    } catch {
      // no pid file or no such process: nothing left to stop
    }
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error("this throwaway cluster was destroyed");
  }

  private pgCtl(args: string[], timeoutMs: number): Promise<void> {
    const [command, ...rest] = args;
    return this.run(this.binaries.pgCtl, [command, "-D", this.dataDir, "-w", "-t", String(PG_CTL_WAIT_SECONDS), ...rest], timeoutMs);
  }

  private run(file: string, args: string[], timeoutMs: number): Promise<void> {
    const [command, argv] = asPostgresUser(file, args);
    return new Promise((resolve, reject) => {
      execFile(command, argv, { cwd: this.baseDir, timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8" }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const what = `${path.basename(file)} ${args.join(" ")}`;
        const why = err.killed ? `timed out after ${timeoutMs} ms` : `failed (${err.code ?? err.message})`;
        reject(new Error(`${what} ${why}\n${stderr.trim()}\n--- server log ---\n${this.logTail()}`));
      });
    });
  }
}
