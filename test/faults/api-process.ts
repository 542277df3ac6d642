import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freeLoopbackPort } from "./throwaway-postgres";

const ROOT = path.resolve(__dirname, "../..");
const ENTRY = path.join(ROOT, "dist/src/index.js");

/** The server as `npm start` runs it (dist/src/index.js), built first when a source changed (the same check every npm command runs). */
export function buildServer(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-if-changed.mjs")], { cwd: ROOT, stdio: "inherit", timeout: 300_000 });
}

/** One API server in a process of its own, on a free loopback port; its output kept for failure messages. */
export class ApiProcess {
  private output = "";
  private exited = false;

  private constructor(
    readonly name: string,
    readonly origin: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
    child.stderr?.on("data", (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
    child.on("exit", () => (this.exited = true));
  }

  /** Starts `node dist/src/index.js` with `env` and waits (at most `withinMs`) until /readyz answers 200. */
  static async start(name: string, env: Record<string, string>, withinMs = 60_000): Promise<ApiProcess> {
    const port = await freeLoopbackPort();
    const child = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const api = new ApiProcess(name, `http://127.0.0.1:${port}`, child);
    const started = Date.now();
    while (Date.now() - started < withinMs) {
      if (api.exited) throw new Error(`${name} exited while starting:\n${api.log()}`);
      const ready = await fetch(`${api.origin}/readyz`, { signal: AbortSignal.timeout(2000) }).then((res) => res.ok, () => false);
      if (ready) return api;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await api.stop();
    throw new Error(`${name} not ready within ${withinMs} ms:\n${api.log()}`);
  }

  log(lines = 40): string {
    return this.output.trimEnd().split("\n").slice(-lines).join("\n");
  }

  /** Prometheus samples of /metrics whose line starts with `name` (labels included), summed. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${this.origin}/metrics`)).text();
    let sum = 0;
    for (const line of text.split("\n")) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
    }
    return sum;
  }

  /** SIGTERM, then SIGKILL if it has not ended within 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const ended = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await ended;
    clearTimeout(timer);
  }
}
