import { backlogHours, planBacklogRead, planRollupRead } from "./metrics-rollup.query";
import { AGE_BANDS } from "./metrics.query";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A small deterministic generator (mulberry32): the same trials on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const bandOf = (ageHours: number) => AGE_BANDS.findIndex((band) => (band.from === null || ageHours >= band.from) && (band.to === null || ageHours < band.to));

describe("the backlog's read plan", () => {
  it("splits any period into rolled-up days, stored hours each in one age band now, and live parts, with nothing twice or left out", () => {
    const next = random(20261202);
    const base = Date.parse("2026-12-02T12:00:00.000Z");
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => ok || wrong.length > 20 || wrong.push(`${what}: ${JSON.stringify({ asOf, now, from, to })}`);
    let asOf = new Date(0), now = new Date(0), from = new Date(0), to = new Date(0);
    let withHours = 0;
    let edgesCut = 0;
    for (let trial = 0; trial < 5_000; trial++) {
      asOf = new Date(base - Math.floor(next() * 3 * DAY));
      now = new Date(asOf.getTime() + Math.floor(next() * 6 * HOUR));
      from = new Date(now.getTime() - Math.floor(next() * (next() < 0.5 ? 12 * DAY : 400 * DAY)));
      to = new Date(from.getTime() + Math.floor(next() * 420 * DAY));
      const period = { from, to, now };
      const days = planRollupRead(period, asOf);
      const plan = planBacklogRead(period, asOf, { from: days.rolledFrom, to: days.backlogTo });
      const pieces = [plan.days, ...plan.hours, ...plan.live].filter((p) => p.from < p.to).sort((a, b) => a.from.getTime() - b.from.getTime());
      // a partition of the period: contiguous, no overlap
      if (from < to) {
        check(pieces[0].from.getTime() === from.getTime() && pieces[pieces.length - 1].to.getTime() === to.getTime(), "the pieces span the period");
        pieces.slice(1).forEach((piece, n) => check(piece.from.getTime() === pieces[n].to.getTime(), "each piece starts where the last ended"));
      } else check(pieces.length === 0, "an empty period has no piece");
      // the rolled-up days' cases are over seven days old at any instant from the refresh on
      check(plan.days.from >= plan.days.to || plan.days.to.getTime() <= asOf.getTime() - 7 * DAY, "rolled-up days a week before the refresh");
      const kept = backlogHours(asOf);
      for (const piece of plan.hours) {
        check(piece.from.getTime() % HOUR === 0 && piece.to.getTime() % HOUR === 0, "whole hours");
        check(piece.from >= kept.from && piece.to <= kept.to, "hours the refresh kept");
        for (let hour = piece.from.getTime(); hour < piece.to.getTime(); hour += HOUR) {
          // every case opened in the hour has an age in (now − hour − 1 h, now − hour]: one band for all of them
          const [youngest, oldest] = [(now.getTime() - hour - HOUR + 1) / HOUR, (now.getTime() - hour) / HOUR];
          check(bandOf(youngest) === bandOf(oldest), `the hour ${new Date(hour).toISOString()} in one band`);
        }
      }
      if (plan.hours.length > 0) withHours++;
      if (plan.hours.length > 1) edgesCut++;
    }
    expect(wrong).toEqual([]);
    // not vacuous: many trials read stored hours, and many had an edge hour cut out of them
    expect(withHours).toBeGreaterThan(1_000);
    expect(edgesCut).toBeGreaterThan(500);
  });
});
