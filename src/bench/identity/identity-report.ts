import fs from "node:fs";
import type { ThresholdQuality } from "./pair-metrics";

export interface IdentityBenchResults {
  records: number;
  people: number;
  duplicateShare: number;
  seed: number;
  heldOut: {
    records: number;
    truePairs: number;
    candidatePairs: number;
    oversizedBlocks: number;
    blockingRecall: number;
    blockingRecallByKind: Record<string, number>;
  };
  estimation: { prior: number; sessions: { blockedOn: readonly string[]; pairs: number; iterations: number; converged: boolean; prior: number }[]; ms: number; uSample: number; uMs: number };
  thresholds: { link: number; review: number };
  trainingAtThresholds: { link: ThresholdQuality; review: ThresholdQuality };
  chosen: { link: ThresholdQuality; linkOrReviewRecall: number; linkOrReviewPrecision: number; reviewQueuePairs: number; wrongLinks: { sameGroup: number; unrelated: number } };
  sweep: ThresholdQuality[];
  /** The same pipeline with m from the training labels instead of EM. */
  labelledM?: { thresholds: { link: number; review: number }; link: ThresholdQuality; linkOrReviewRecall: number; reviewQueuePairs: number };
  baseline: { linkedPairs: number; precision: number; recall: number; f1: number };
  speed: { pairsScoredPerSecond: number; msPerNewRecord: number; prepareMsPerRecord: number; blockingMs: number };
}

const START = "<!-- bench:identity:start -->";
const END = "<!-- bench:identity:end -->";
const f = (value: number) => value.toFixed(4);

function table(results: IdentityBenchResults): string {
  const { heldOut, chosen, baseline, speed, thresholds } = results;
  const rows = results.sweep.map(
    (q) => `| ${q.threshold.toFixed(2)}${q.threshold === thresholds.link ? " (link)" : ""} | ${q.linkedPairs} | ${f(q.precision)} | ${f(q.recall)} | ${f(q.f1)} |`,
  );
  return [
    `Run: \`npm run bench:identity -- --records ${results.records} --seed ${results.seed}\` — ${results.records} records of ${results.people} people (${(results.duplicateShare * 100).toFixed(1)} % duplicate records).`,
    `Held-out half: ${heldOut.records} records, ${heldOut.truePairs} true pairs.`,
    "",
    "| Held-out figure | Value |",
    "| --- | --- |",
    `| Blocking recall (true pairs sharing ≥ 1 key) | ${f(heldOut.blockingRecall)} |`,
    `| Candidate pairs | ${heldOut.candidatePairs} (${(heldOut.candidatePairs / heldOut.records).toFixed(2)} per record; ${heldOut.oversizedBlocks} blocks over 100 records skipped) |`,
    `| Thresholds (weight, log2) | link ≥ ${thresholds.link}, review ≥ ${thresholds.review} |`,
    `| LINK precision / recall / F1 | ${f(chosen.link.precision)} / ${f(chosen.link.recall)} / ${f(chosen.link.f1)} |`,
    `| LINK + REVIEW recall (precision) | ${f(chosen.linkOrReviewRecall)} (${f(chosen.linkOrReviewPrecision)}) |`,
    `| Wrong links | ${chosen.wrongLinks.sameGroup} within a family group (twins, namesakes, relatives on one phone), ${chosen.wrongLinks.unrelated} between unrelated people |`,
    `| Review queue | ${chosen.reviewQueuePairs} pairs (${((chosen.reviewQueuePairs / heldOut.records) * 100).toFixed(2)} per 100 records) |`,
    `| Exact-match baseline (same id hash, or same phone + same written name) precision / recall / F1 | ${f(baseline.precision)} / ${f(baseline.recall)} / ${f(baseline.f1)} (${baseline.linkedPairs} pairs) |`,
    `| Scoring speed | ${speed.pairsScoredPerSecond} pairs/s; ${speed.msPerNewRecord} ms per new record (normalize, keys, in-memory block look-up, score); normalize ${speed.prepareMsPerRecord} ms/record |`,
    `| Estimation (training half) | u from ${results.estimation.uSample} random pairs (${results.estimation.uMs} ms); m by EM in ${results.estimation.sessions.length} sessions (${results.estimation.sessions.map((session) => `blocked on ${session.blockedOn.join("+")}: ${session.pairs} pairs, ${session.iterations} iterations${session.converged ? "" : ", not converged"}`).join("; ")}), ${results.estimation.ms} ms; λ ${results.estimation.prior} |`,
    ...(results.labelledM
      ? [`| Same, m from the training labels instead of EM | link ≥ ${results.labelledM.thresholds.link}, review ≥ ${results.labelledM.thresholds.review}: LINK ${f(results.labelledM.link.precision)} / ${f(results.labelledM.link.recall)} / ${f(results.labelledM.link.f1)}, LINK + REVIEW recall ${f(results.labelledM.linkOrReviewRecall)}, review queue ${results.labelledM.reviewQueuePairs} pairs |`]
      : []),
    "",
    "Blocking recall of each key kind alone: " +
      Object.entries(heldOut.blockingRecallByKind)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, share]) => `${kind} ${f(share)}`)
        .join(", ") + ".",
    "",
    "Link threshold sweep on the held-out half (a pair is linked when its weight is at least the threshold):",
    "",
    "| Threshold | Pairs linked | Precision | Recall | F1 |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** Replaces the figures between the markers of docs/identity.md, leaving the prose alone. */
export function writeIdentityReport(file: string, results: IdentityBenchResults): void {
  const block = `${START}\n${table(results)}\n${END}`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Identity resolution\n\n${START}\n${END}\n`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next = start >= 0 && end > start ? text.slice(0, start) + block + text.slice(end + END.length) : `${text}\n${block}\n`;
  fs.writeFileSync(file, next);
}
