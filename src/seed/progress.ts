import type { SeedProgress } from "./index";

/**
 * Turns seed progress into lines for a person watching: one at every `stepPercent` of the customers
 * or records (and at the start of the finishing phase), with the time so far and an estimate of the rest.
 */
export function seedProgressLines(emit: (line: string, progress: SeedProgress) => void, stepPercent = 10): (progress: SeedProgress) => void {
  let nextPercent = stepPercent;
  return (progress) => {
    if (progress.phase === "finishing") {
      const loaded = progress.unit === "customers" ? "customers generated" : "records imported";
      const rest = progress.unit === "customers" ? "cases, tasks, match keys and segments" : "erasures, offer answers, risk history, cases, tasks and segments";
      emit(`seeding: ${progress.of.toLocaleString("en-US")} ${loaded} in ${seconds(progress.millis)}; ${rest}…`, progress);
      return;
    }
    const percent = progress.of === 0 ? 100 : Math.floor((progress.done / progress.of) * 100);
    if (percent < nextPercent || percent >= 100) return;
    while (nextPercent <= percent) nextPercent += stepPercent;
    const left = progress.done === 0 ? 0 : (progress.millis / progress.done) * (progress.of - progress.done);
    emit(`seeding: ${progress.done.toLocaleString("en-US")} of ${progress.of.toLocaleString("en-US")} ${progress.unit} (${percent}%), ${seconds(progress.millis)}, about ${seconds(left)} left`, progress);
  };
}

function seconds(millis: number): string {
  const s = Math.round(millis / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}
