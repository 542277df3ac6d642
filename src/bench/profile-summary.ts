import fs from "node:fs";

/** A V8 .cpuprofile reduced to where busy time went: self time per package and per function. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const NOT_BUSY = new Set(["(idle)", "(program)"]);

function ownerOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes("/dist/")) return `app ${url.slice(url.indexOf("/dist/") + 6)}`;
  if (url.startsWith("node:")) return "node core";
  return url || "(native)";
}

function top(totals: Map<string, number>, busy: number, count: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`);
}

export function summariseProfile(file: string, count = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    const micros = profile.timeDeltas[i] ?? 0;
    if (!frame || NOT_BUSY.has(frame.functionName)) return;
    busy += micros;
    const owner = frame.url ? ownerOf(frame.url) : frame.functionName; // e.g. (garbage collector)
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros);
    const name = `${frame.functionName || "(anonymous)"} — ${owner}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  if (busy === 0) return "the profile holds no busy samples";
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of CPU (start-up included); self time by package:`,
    ...top(byPackage, busy, count),
    "by function:",
    ...top(byFunction, busy, count),
  ].join("\n");
}
