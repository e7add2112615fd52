import type { Logger } from './logger.js';

/** Stops the process: once, however many signals or failures ask; resolves never (it exits). */
export type StopProcess = (reason: string, code: number) => Promise<never>;

/**
 * The stop every entry point shares. Installs SIGINT/SIGTERM handlers (exit 0) at once, so call
 * it before logging 'starting': a supervisor or test may signal as soon as it sees that line,
 * and a stop during start-up must close whatever is open so far. `close` closes the parts in
 * order; if it throws, the stop is logged as unclean and a 0 exit code becomes 1.
 */
export function installGracefulStop(logger: Logger, close: () => Promise<void>): StopProcess {
  let stopping = false;
  const stop: StopProcess = async (reason, code) => {
    if (!stopping) {
      stopping = true;
      logger.info({ reason }, 'stopping');
      try {
        await close();
        logger.info('stopped');
      } catch (error) {
        logger.error({ err: error }, 'unclean stop');
        code = code === 0 ? 1 : code;
      }
      logger.flush();
      process.exit(code);
    }
    return new Promise<never>(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal, 0));
  return stop;
}
