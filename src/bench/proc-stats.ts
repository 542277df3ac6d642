import fs from "node:fs";
import os from "node:os";
import { execFileSync } from "node:child_process";

/** Memory and CPU time of processes from /proc (Linux): the bench's children and the database backends. */

function statusField(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Peak resident memory in MiB since start or since the last reset; null where /proc is not there. */
export function peakRssMb(pid: number): number | null {
  return statusField(pid, "VmHWM");
}

export function currentRssMb(pid: number): number | null {
  return statusField(pid, "VmRSS");
}

/** Starts a new peak window (writing 5 to clear_refs resets VmHWM); false where the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system) a process has used, in milliseconds; null where /proc is not there. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from the 3rd (state) on
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

/**
 * CPU time per PostgreSQL backend connected to one database (found by process title), so that
 * other databases' work on the same server (tests running meanwhile) is not counted. Parallel
 * workers carry no database name in their title and are not counted.
 */
export function databaseBackendsCpuMs(database: string): Map<number, number> | null {
  const backends = new Map<number, number>();
  try {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let title: string;
      try {
        title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      } catch {
        continue;
      }
      // "postgres: [cluster name: ]<user> <database> <client> <state>"
      const backend = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(title.replace(/\0/g, " "));
      const cpu = backend?.[1] === database ? processCpuMs(Number(entry)) : null;
      if (cpu !== null) backends.set(Number(entry), cpu);
    }
    return backends;
  } catch {
    return null;
  }
}

/** CPU the backends used between two readings; a backend that ended in between is not counted. */
export function backendsCpuDeltaMs(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** CPU time all cores spent busy (not idle, not waiting for I/O) since boot, in milliseconds. */
export function machineBusyMs(): number | null {
  try {
    const [, ...ticks] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks;
    return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

export interface CpuWindow {
  ms: number;
  /** CPU the server process(es) used (null where /proc is not there). */
  serverCpuMs: number | null;
  /** CPU of the database's backends (all connections to it). */
  databaseCpuMs: number | null;
  /**
   * Share of all cores that everything else used meanwhile (other processes, PostgreSQL's own
   * workers, the kernel; not this process): a machine busy with other work shows here.
   */
  otherCpuShare: number | null;
  /** CPU of this (the bench's) process. */
  selfCpuMs: number;
}

/** CPU of the processes together (null when one cannot be read). */
function processesCpuMs(pids: number[]): number | null {
  const each = pids.map(processCpuMs);
  return each.some((ms) => ms === null) ? null : (each as number[]).reduce((a, b) => a + b, 0);
}

/** Starts reading CPU of the server process(es) and a database's backends; the returned function ends the window. */
export function cpuWindow(serverPid: number | number[], database: string): () => CpuWindow {
  const pids = ([] as number[]).concat(serverPid);
  const before = { at: Date.now(), server: processesCpuMs(pids), db: databaseBackendsCpuMs(database), machine: machineBusyMs(), self: process.cpuUsage() };
  return () => {
    const after = { at: Date.now(), server: processesCpuMs(pids), db: databaseBackendsCpuMs(database), machine: machineBusyMs(), self: process.cpuUsage(before.self) };
    const serverCpuMs = before.server === null || after.server === null ? null : after.server - before.server;
    const databaseCpuMs = backendsCpuDeltaMs(before.db, after.db);
    const rest = before.machine === null || after.machine === null || serverCpuMs === null || databaseCpuMs === null ? null
      : after.machine - before.machine - serverCpuMs - databaseCpuMs - (after.self.user + after.self.system) / 1000;
    const ms = after.at - before.at;
    const selfCpuMs = (after.self.user + after.self.system) / 1000;
    return { ms, serverCpuMs, databaseCpuMs, otherCpuShare: rest === null ? null : Math.max(0, Math.round((rest / (ms * os.cpus().length)) * 100) / 100), selfCpuMs };
  };
}
