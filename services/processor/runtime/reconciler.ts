import type { Logger } from '../../shared/logger.js';

export interface Reconciler {
  stop(): void;
}

/**
 * Runs `run` every `intervalMs`, one pass at a time; a failed pass (the store down) is logged
 * and simply tried again at the next tick, since every pass starts from what is stored.
 */
export function startReconciler(options: { run: () => Promise<number>; intervalMs: number; logger: Logger }): Reconciler {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    options
      .run()
      .then(
        (recomputed) => {
          if (recomputed > 0) options.logger.info({ recomputed }, 'recomputed statistics of windows with partials that arrived late');
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, 'reconcile pass failed; retrying at the next interval');
        },
      )
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
