import { z } from 'zod';

// One schema for every service's configuration. Objects are strict so a misspelt
// option in a file is an error, never silently ignored.

const urlString = z.url({ protocol: /^https?$/ });
const nonEmpty = z.string().min(1);

const tlsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  caFile: nonEmpty.optional(),
  certFile: nonEmpty.optional(),
  keyFile: nonEmpty.optional(),
  rejectUnauthorized: z.boolean().default(true),
});

const saslSchema = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: nonEmpty,
  password: nonEmpty,
});

const brokerAddress = z.string().regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'expected host:port');

export const configSchema = z.strictObject({
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  kafka: z
    .strictObject({
      brokers: z.array(brokerAddress).min(1, 'at least one broker (host:port) is required'),
      clientId: nonEmpty.default('vigil'),
      tls: tlsSchema.default({ enabled: false, rejectUnauthorized: true }),
      sasl: saslSchema.optional(),
      /** Partitions and replication for topics Vigil creates itself (existing topics are left alone). */
      topicPartitions: z.number().int().min(1).max(10_000).default(6),
      topicReplicationFactor: z.number().int().min(1).max(16).default(1),
      topics: z
        .strictObject({
          predictions: nonEmpty.default('vigil.predictions'),
          outcomes: nonEmpty.default('vigil.outcomes'),
          anomalies: nonEmpty.default('vigil.anomalies'),
          deadLetters: nonEmpty.default('vigil.dead-letters'),
        })
        .default({
          predictions: 'vigil.predictions',
          outcomes: 'vigil.outcomes',
          anomalies: 'vigil.anomalies',
          deadLetters: 'vigil.dead-letters',
        }),
    }),
  encoding: z.enum(['json', 'avro']).default('json'),
  schemaRegistry: z
    .strictObject({
      url: urlString,
      username: nonEmpty.optional(),
      password: nonEmpty.optional(),
    })
    .optional(),
  // Embedded unless a mode is given, also when only other ClickHouse options are set.
  clickhouse: z.preprocess(
    (value) => (typeof value === 'object' && value !== null && !('mode' in value) ? { mode: 'embedded', ...value } : value),
    z
    .discriminatedUnion('mode', [
      z.strictObject({
        mode: z.literal('embedded'),
        path: nonEmpty.default('.vigil/chdb'),
        database: nonEmpty.default('vigil'),
      }),
      z.strictObject({
        mode: z.literal('http'),
        url: urlString,
        username: nonEmpty.default('default'),
        password: z.string().default(''),
        database: nonEmpty.default('vigil'),
        tls: tlsSchema.default({ enabled: false, rejectUnauthorized: true }),
        requestTimeoutMs: z.number().int().positive().default(30_000),
      }),
    ])
    .default({ mode: 'embedded', path: '.vigil/chdb', database: 'vigil' }),
  ),
  api: z
    .strictObject({
      host: nonEmpty.default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8080),
    })
    .default({ host: '127.0.0.1', port: 8080 }),
});

export type VigilConfig = z.infer<typeof configSchema>;
export type ClickHouseConfig = VigilConfig['clickhouse'];
export type KafkaConfig = VigilConfig['kafka'];
export type TlsConfig = z.infer<typeof tlsSchema>;
