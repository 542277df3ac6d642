import type { Database } from "../../db/data-source";
import type { RetentionSettings } from "../../config";
import { startPeriodic } from "../../shared/periodic";
import { runRetention, type RetentionReport } from "./retention.service";

/** How often the server looks whether a run is due (at most; sooner when the schedule is shorter). */
const LOOK_EVERY_MS = 3_600_000;
/** The first look after start: not in the start-up's rush. */
const FIRST_LOOK_MS = 60_000;

/**
 * The retention job in the server (RETENTION_SCHEDULE, default once a day): every hour it runs the
 * retention table unless a run completed within the schedule's interval — decided under the run's
 * advisory lock, so that replicas on the same schedule run it once between them. Returns a stop
 * function that waits for a run under way.
 */
export function startRetentionSchedule(
  db: Database,
  settings: RetentionSettings & { everyMs: number; streaming: boolean },
  log: { done: (report: RetentionReport) => void; failed: (err: unknown) => void },
): () => Promise<void> {
  const look = () =>
    runRetention(db, {
      trigger: "schedule",
      periods: settings.periods,
      batchSize: settings.batchSize,
      context: { streaming: settings.streaming },
      unlessRanWithinMs: settings.everyMs,
    }).then((report) => {
      if (report) log.done(report);
    }, log.failed);
  return startPeriodic(look, { firstMs: Math.min(settings.everyMs, FIRST_LOOK_MS), everyMs: Math.min(settings.everyMs, LOOK_EVERY_MS) });
}
