import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths that can carry secrets anywhere in a logged object; pino replaces them. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'sasl.password',
  'apiKey',
  '*.apiKey',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  '*.key',
  '*.*.key',
];

/** The one root logger of a process; services take children with bindings. */
export function createRootLogger(options: { level: string; service: string; destination?: pino.DestinationStream }): Logger {
  const base: LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination === undefined ? pino(base) : pino(base, options.destination);
}
