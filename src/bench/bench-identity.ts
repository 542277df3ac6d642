import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { MatchModel } from "../modules/identity/matching/match-model";
import { InMemoryTermFrequencies } from "../modules/identity/matching/term-frequencies";
import { SeedRandom } from "../seed/random";
import { exactMatchBaseline } from "./identity/exact-baseline";
import { writeIdentityReport, type IdentityBenchResults } from "./identity/identity-report";
import { blockingRecall, labelledHalf } from "./identity/labelled-half";
import { trainModel } from "./identity/train-model";
import { msPerNewRecord, scoringThroughput } from "./identity/matching-speed";
import { RankedPairs } from "./identity/pair-metrics";
import { syntheticCustomers } from "./identity/synthetic-customers";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * npm run bench:identity [-- --records 100000 --seed 1 --model <file: judge this model, write nothing>]
 * Labelled synthetic customers split by family into a training and a held-out half: u, m and the
 * thresholds are learnt on the first, precision and recall measured on the second. See docs/identity.md.
 */

function options() {
  const { values } = parseArgs({
    options: { records: { type: "string", default: "100000" }, seed: { type: "string", default: "1" }, model: { type: "string" } },
  });
  const records = Number(values.records);
  const seed = Number(values.seed);
  if (!Number.isInteger(records) || records < 1000) throw new Error("--records must be an integer of at least 1000");
  if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
  return { records, seed, modelFile: values.model };
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

function log(message: string) {
  console.log(`[bench:identity] ${message}`);
}

function roundedModel(model: MatchModel): MatchModel {
  const comparisons = JSON.parse(JSON.stringify(model.comparisons), (_, value) => (typeof value === "number" ? Number(value.toPrecision(6)) : value));
  return { prior: Number(model.prior.toPrecision(6)), comparisons, thresholds: model.thresholds };
}

function main() {
  const { records: recordCount, seed, modelFile } = options();
  let started = performance.now();
  const records = syntheticCustomers(recordCount, seed);
  const people = new Set(records.map((record) => record.personId)).size;
  log(`${records.length} records of ${people} people generated in ${Math.round(performance.now() - started)} ms`);
  const splitRandom = new SeedRandom(seed + 1);
  const inTraining = new Map<number, boolean>();
  for (const record of records) if (!inTraining.has(record.groupId)) inTraining.set(record.groupId, splitRandom.chance(0.5));
  const training = labelledHalf(records.filter((record) => inTraining.get(record.groupId)));
  const heldOut = labelledHalf(records.filter((record) => !inTraining.get(record.groupId)));
  log(`training ${training.records.length} records, ${training.left.length} candidate pairs; held-out ${heldOut.records.length} records, ${heldOut.left.length} candidate pairs`);

  const trained = trainModel(training, new SeedRandom(seed + 2), log);
  // --model: judge a given model (the committed one, say) on this seed's held-out half instead
  const model: MatchModel = modelFile ? JSON.parse(fs.readFileSync(modelFile, "utf8")) : roundedModel(trained.model);
  const frequencies = new InMemoryTermFrequencies(heldOut.prepared);
  const { weights, pairsPerSecond } = scoringThroughput(heldOut, model, frequencies);
  const ranked = new RankedPairs(weights, heldOut.sameCustomer, heldOut.truePairs.length);
  const { link, review } = model.thresholds;
  const linkQuality = ranked.quality(link);
  // a wrongly linked pair from one family group is a twin, a namesake or a relative on the family phone
  const wrongLinks = { sameGroup: 0, unrelated: 0 };
  heldOut.left.forEach((l, p) => {
    if (heldOut.sameCustomer[p] || weights[p] < link) return;
    if (heldOut.records[l].groupId === heldOut.records[heldOut.right[p]].groupId) wrongLinks.sameGroup++;
    else wrongLinks.unrelated++;
  });
  const withReview = ranked.quality(review);
  started = performance.now();
  const newRecordMs = msPerNewRecord(heldOut, model, frequencies, 2000);
  const blocking = blockingRecall(heldOut);

  const results: IdentityBenchResults = {
    records: records.length,
    people,
    duplicateShare: round(1 - people / records.length),
    seed,
    heldOut: {
      records: heldOut.records.length,
      truePairs: heldOut.truePairs.length,
      candidatePairs: heldOut.left.length,
      oversizedBlocks: heldOut.oversizedBlocks,
      blockingRecall: round(blocking.overall),
      blockingRecallByKind: Object.fromEntries(Object.entries(blocking.byKind).map(([kind, share]) => [kind, round(share)])),
    },
    estimation: { ...trained.em, prior: model.prior },
    thresholds: model.thresholds,
    trainingAtThresholds: { link: trained.training.quality(link), review: trained.training.quality(review) },
    chosen: {
      link: linkQuality,
      linkOrReviewRecall: round(withReview.recall),
      linkOrReviewPrecision: round(withReview.precision),
      reviewQueuePairs: withReview.linkedPairs - linkQuality.linkedPairs,
      wrongLinks,
    },
    sweep: [-8, -6, -4, -2, 0, 2, 4, 6, 8].map((offset) => ranked.quality(round(link + offset, 3))),
    baseline: exactMatchBaseline(heldOut),
    speed: {
      pairsScoredPerSecond: pairsPerSecond,
      msPerNewRecord: round(newRecordMs, 3),
      prepareMsPerRecord: round(heldOut.prepareMs / heldOut.records.length, 4),
      blockingMs: Math.round(heldOut.blockingMs),
    },
  };
  const labelled = scoringThroughput(heldOut, trained.labelled, frequencies);
  const labelledRanked = new RankedPairs(labelled.weights, heldOut.sameCustomer, heldOut.truePairs.length);
  results.labelledM = {
    thresholds: trained.labelled.thresholds,
    link: labelledRanked.quality(trained.labelled.thresholds.link),
    linkOrReviewRecall: round(labelledRanked.quality(trained.labelled.thresholds.review).recall),
    reviewQueuePairs: labelledRanked.countAtLeast(trained.labelled.thresholds.review) - labelledRanked.countAtLeast(trained.labelled.thresholds.link),
  };
  if (modelFile) {
    log(JSON.stringify({ model: modelFile, blockingRecall: results.heldOut.blockingRecall, chosen: results.chosen, baseline: results.baseline }));
    return;
  }
  fs.writeFileSync(path.join(PROJECT_ROOT, "src/modules/identity/matching/default-model.json"), JSON.stringify(model, null, 2) + "\n");
  fs.mkdirSync(path.join(PROJECT_ROOT, "bench"), { recursive: true });
  fs.writeFileSync(path.join(PROJECT_ROOT, "bench/identity-results.json"), JSON.stringify(results, null, 2) + "\n");
  writeIdentityReport(path.join(PROJECT_ROOT, "docs/identity.md"), results);
  log(JSON.stringify({ blocking: results.heldOut, thresholds: model.thresholds, chosen: results.chosen, baseline: results.baseline, speed: results.speed }, null, 1));
}

main();
