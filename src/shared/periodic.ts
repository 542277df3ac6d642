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
