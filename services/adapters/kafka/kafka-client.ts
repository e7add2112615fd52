import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig as KafkaJsConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { requireKafkaBrokers, type KafkaConfig, type TlsConfig } from '../../shared/config.js';
import type { Logger } from '../../shared/logger.js';

function tlsOptions(tls: TlsConfig): NonNullable<KafkaJsConfig['ssl']> {
  if (!tls.enabled) return false;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caFile === undefined ? {} : { ca: [readFileSync(tls.caFile, 'utf8')] }),
    ...(tls.certFile === undefined ? {} : { cert: readFileSync(tls.certFile, 'utf8') }),
    ...(tls.keyFile === undefined ? {} : { key: readFileSync(tls.keyFile, 'utf8') }),
  };
}

function saslOptions(sasl: KafkaConfig['sasl']): SASLOptions | undefined {
  if (sasl === undefined) return undefined;
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs' own logging into a pino child so every line is structured. */
function pinoLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...rest } = log;
      logger[LEVELS[level] ?? 'info']({ kafkajs: rest }, message);
    };
}

/** Builds the kafkajs client from the validated configuration (TLS, SASL PLAIN/SCRAM). */
export function createKafka(config: KafkaConfig, logger: Logger, clientIdSuffix?: string): Kafka {
  requireKafkaBrokers(config);
  const sasl = saslOptions(config.sasl);
  return new Kafka({
    clientId: clientIdSuffix === undefined ? config.clientId : `${config.clientId}-${clientIdSuffix}`,
    brokers: [...config.brokers],
    ssl: tlsOptions(config.tls),
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(logger.child({ component: 'kafkajs' })),
    retry: { initialRetryTime: 300, retries: config.retries },
  });
}
