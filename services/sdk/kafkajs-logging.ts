import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from '../shared/logger.js';

const LEVELS: Readonly<Record<number, 'error' | 'warn' | 'info' | 'debug'>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

// kafkajs warns on every idempotent producer with bounded retries; the SDK bounds them on
// purpose (its own loop retries with backoff), so the line is noise for the model server.
const EXPECTED_WARNINGS = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/** Routes kafkajs' own logging into a pino child instead of the console. */
export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...rest } = log;
      if (EXPECTED_WARNINGS.has(message)) return;
      logger[LEVELS[level] ?? 'info']({ kafkajs: rest }, message);
    };
}
