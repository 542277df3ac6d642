/**
 * Runs a background job now and then: first after `firstMs`, then `everyMs` after each run ended
 * (runs never overlap). The timer does not keep the process alive. Returns a stop function that
 * waits for a run under way.
 */
export function startPeriodic(run: () => Promise<void>, timing: { firstMs: number; everyMs: number }): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => schedule(timing.everyMs));
    }, ms);
    timer.unref();
  };
  schedule(timing.firstMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/**
 * A background refresh on a schedule (segment counts, metrics rollups): first 10 s after start,
 * then every interval. `refresh` is asked to leave data newer than 90% of the interval (another
 * replica refreshed it) and returns null when it did; failures are logged, never thrown.
 */
export function startScheduledRefresh<T extends object>(
  everyMs: number,
  refresh: (options: { unlessNewerThanMs: number }) => Promise<T | null>,
  log: { done: (result: T & { ms: number }) => void; failed: (err: unknown) => void },
): () => Promise<void> {
  const run = async () => {
    const started = performance.now();
    try {
      const result = await refresh({ unlessNewerThanMs: everyMs * 0.9 });
      if (result) log.done({ ...result, ms: Math.round(performance.now() - started) });
    } catch (err) {
      log.failed(err);
    }
  };
  return startPeriodic(run, { firstMs: Math.min(everyMs, 10_000), everyMs });
}
