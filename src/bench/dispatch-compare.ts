import type { SentMutation } from "./mutation-load";
import { latencySummary, type LatencySummary } from "./percentiles";
import { cpuWindow } from "./proc-stats";

/** The API with its in-process dispatcher on or off; `stop` ends it. */
export interface ApiRun {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface CompareSteps {
  startApi(dispatch: boolean): Promise<ApiRun>;
  /** Resolves once the dispatcher has caught up with what the off windows left (called with the dispatcher on). */
  caughtUp(): Promise<void>;
  /** The open loop against one API for `seconds`. */
  load(graphqlUrl: string, seconds: number): Promise<{ sent: SentMutation[] }>;
}

export interface DispatchSide {
  windows: number;
  mutationLatency: LatencySummary;
  failed: number;
  apiCpuMsPerMutation: number | null;
  databaseCpuMsPerMutation: number | null;
}

export interface DispatchComparison {
  rate: number;
  secondsPerWindow: number;
  on: DispatchSide;
  off: DispatchSide;
  /** Mutation latency with the dispatcher on / off (the target: ≤ 1.1). */
  ratio: { p50: number; p95: number };
}

/**
 * Mutation latency with the API's dispatcher on against off, in alternating windows (on/off, then
 * off/on, …, so that drift on a shared machine falls on both), each on a freshly started API with
 * its own warm-up. An on window starts only once the dispatcher has caught up with the events the
 * off window before it left, so it measures the steady cost, not a backlog.
 */
export async function compareDispatch(
  steps: CompareSteps,
  { pairs, seconds, warmupSeconds, rate, database }: { pairs: number; seconds: number; warmupSeconds: number; rate: number; database: string },
): Promise<DispatchComparison> {
  const samples = { on: [] as number[], off: [] as number[] };
  const failed = { on: 0, off: 0 };
  const cpu = { on: { api: 0, database: 0 }, off: { api: 0, database: 0 } };
  let cpuKnown = true;
  for (let pair = 0; pair < pairs; pair++) {
    for (const dispatch of pair % 2 === 0 ? [true, false] : [false, true]) {
      const side = dispatch ? "on" : "off";
      const api = await steps.startApi(dispatch);
      try {
        if (dispatch) await steps.caughtUp();
        const graphqlUrl = `${api.url}/graphql`;
        if (warmupSeconds > 0) await steps.load(graphqlUrl, warmupSeconds);
        const window = cpuWindow(api.pid, database);
        const { sent } = await steps.load(graphqlUrl, seconds);
        const used = window();
        if (used.serverCpuMs === null || used.databaseCpuMs === null) cpuKnown = false;
        cpu[side].api += used.serverCpuMs ?? 0;
        cpu[side].database += used.databaseCpuMs ?? 0;
        for (const m of sent) {
          if (m.answeredAt === null) failed[side] += 1;
          else samples[side].push(m.answeredAt - m.dueAt);
        }
        console.log(`  dispatcher ${side}: ${sent.length} mutations, p50 ${latencySummary(sent.filter((m) => m.answeredAt !== null).map((m) => m.answeredAt! - m.dueAt)).p50Ms} ms`);
      } finally {
        await api.stop();
      }
    }
  }
  const perMutation = (side: "on" | "off", ms: number) => (cpuKnown && samples[side].length > 0 ? Math.round((ms / samples[side].length) * 100) / 100 : null);
  const sideOf = (side: "on" | "off"): DispatchSide => ({
    windows: pairs,
    mutationLatency: latencySummary(samples[side]),
    failed: failed[side],
    apiCpuMsPerMutation: perMutation(side, cpu[side].api),
    databaseCpuMsPerMutation: perMutation(side, cpu[side].database),
  });
  const on = sideOf("on");
  const off = sideOf("off");
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
  return { rate, secondsPerWindow: seconds, on, off, ratio: { p50: ratio(on.mutationLatency.p50Ms, off.mutationLatency.p50Ms), p95: ratio(on.mutationLatency.p95Ms, off.mutationLatency.p95Ms) } };
}
