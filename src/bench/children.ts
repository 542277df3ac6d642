import net from "node:net";
import { spawn, type ChildProcess } from "node:child_process";

/** The two servers under test run as child processes of the bench; every one is stopped on exit. */
export interface ServerChild {
  name: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const OUTPUT_LINES_KEPT = 40;

/** Kills every child still running (error paths, Ctrl-C, exit). */
export function killAllChildren(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `node <args>` with the given environment and waits (at most `readyWithinMs`) until
 * `isReady` (given the output so far) says so. Output is kept (last lines only) and shown if the
 * child fails.
 */
async function startChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
  isReady: (output: string[]) => Promise<boolean> | boolean,
  readyWithinMs: number,
): Promise<ServerChild> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code ?? -1;
      running.delete(child);
      resolve();
    }),
  );
  const deadline = Date.now() + readyWithinMs;
  while (!(await isReady(output))) {
    if (exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      const why = exitCode !== null ? `exited with code ${exitCode}` : `not ready within ${readyWithinMs / 1000} s`;
      throw new Error(`${name} ${why}; its last output:\n${output.join("\n")}`);
    }
    await sleep(200);
  }
  return {
    name,
    pid: child.pid as number,
    url,
    async stop() {
      if (exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000); // a graceful stop that hangs
      await exited;
      clearTimeout(timer);
    },
  };
}

/** An HTTP server child: ready when GET /readyz answers 200. */
export function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, readyWithinMs = 60_000): Promise<ServerChild> {
  const url = `http://127.0.0.1:${port}`;
  return startChild(name, args, env, url, () => ready(url), readyWithinMs);
}

/** A child with no HTTP port (a worker such as the dispatcher): ready once a line of its output matches `readyLine`. */
export function startWorker(name: string, args: string[], env: NodeJS.ProcessEnv, readyLine: RegExp, readyWithinMs = 60_000): Promise<ServerChild> {
  return startChild(name, args, env, "", (output) => output.some((line) => readyLine.test(line)), readyWithinMs);
}

/** Ends the bench (killing its children) if it is still running after `seconds`: every run stops by itself. */
export function timeLimit(name: string, seconds: number): void {
  setTimeout(() => {
    console.error(`${name}: stopped after ${seconds} s (time limit)`);
    killAllChildren();
    process.exit(1);
  }, seconds * 1000).unref();
}

/** Runs a bench's main and exits 0, or 1 on failure; its children are killed on failure, Ctrl-C, SIGTERM and exit. */
export function runBench(name: string, main: () => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  process.on("exit", killAllChildren);
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      killAllChildren();
      process.exit(1);
    },
  );
}
