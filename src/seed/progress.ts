import type { SeedProgress } from "./index";

/**
 * Turns seed progress into lines for a person watching: one at every `stepPercent` of the customers
 * (and at the start of the finishing phase), with the time so far and an estimate of the rest.
 */
export function seedProgressLines(emit: (line: string, progress: SeedProgress) => void, stepPercent = 10): (progress: SeedProgress) => void {
  let nextPercent = stepPercent;
  return (progress) => {
    if (progress.phase === "finishing") {
      emit(`seeding: ${progress.of.toLocaleString("en-US")} customers generated in ${seconds(progress.millis)}; cases, tasks, match keys and segments…`, progress);
      return;
    }
    const percent = progress.of === 0 ? 100 : Math.floor((progress.customers / progress.of) * 100);
    if (percent < nextPercent || percent >= 100) return;
    while (nextPercent <= percent) nextPercent += stepPercent;
    const left = progress.customers === 0 ? 0 : (progress.millis / progress.customers) * (progress.of - progress.customers);
    emit(`seeding: ${progress.customers.toLocaleString("en-US")} of ${progress.of.toLocaleString("en-US")} customers (${percent}%), ${seconds(progress.millis)}, about ${seconds(left)} left`, progress);
  };
}

function seconds(millis: number): string {
  const s = Math.round(millis / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}
