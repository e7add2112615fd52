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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const positiveInt = z.number().int().positive();

const httpListenSchema = (port: number) =>
  z
    .strictObject({
      host: nonEmpty.default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(port),
    })
    .default({ host: '127.0.0.1', port });

// Event-time settings of the processor. Defaults suit hourly monitoring; tests use minutes.
const processorFields = {
  /** Kafka consumer group shared by every processor instance. */
  groupId: nonEmpty.default('vigil-processor'),
  windowSizeMs: positiveInt.default(HOUR),
  /** Allowed lateness after a window's end before it is final. */
  graceMs: z.number().int().min(0).default(5 * MINUTE),
  /** How long after a prediction window ends its labels are still joined into it. */
  labelHorizonMs: z.number().int().min(0).default(DAY),
  /** A partition whose event time lags the leading one by more than this stops holding the watermark. */
  idleSourceTimeoutMs: positiveInt.default(5 * MINUTE),
  /** Events stamped further than this ahead of the processing clock go to the dead-letter topic. */
  maxFutureSkewMs: positiveInt.default(5 * MINUTE),
  /** Wall-clock interval between state checkpoints (offsets are committed only after one is stored). */
  checkpointIntervalMs: positiveInt.default(10_000),
  /** Fetched-but-unprocessed bytes per instance before partitions are paused (bounded memory under backlog). */
  maxBufferedBytes: positiveInt.default(64 * 1024 * 1024),
  /**
   * Topic-partitions whose batches are processed at once. A window close awaits the store;
   * meanwhile other partitions decode and fold. Batches of one partition number stay in order.
   */
  partitionConcurrency: z.number().int().min(1).max(64).default(4),
  /** Decoded partial profiles kept for rolling spans, estimated heap bytes (0: off). */
  partialCacheBytes: z.number().int().min(0).default(64 * 1024 * 1024),
  maxTrackedEventIdsPerWindow: positiveInt.default(10_000),
  maxPendingPredictions: positiveInt.default(1_000_000),
  maxPendingOutcomes: positiveInt.default(200_000),
  outcomeTtlMs: positiveInt.default(DAY),
  pairingTtlMs: positiveInt.default(5 * MINUTE),
  /** Predictions needed before an automatic reference (the model's first windows) is pinned. */
  autoReferenceMinPredictions: positiveInt.default(1_000),
  /** How often thresholds and reference assignments are re-read from the store. */
  settingsRefreshMs: positiveInt.default(30_000),
  /** Kafka consumer session timeout: how long a crashed instance holds its partitions before a rebalance. */
  sessionTimeoutMs: z.number().int().min(3_000).max(300_000).default(30_000),
  /** Prometheus /metrics, /healthz and /readyz. */
  http: httpListenSchema(9464),
};
const processorSchema = z.strictObject(processorFields);
const processorDefaults = processorSchema.parse({});

const apiFields = {
  host: nonEmpty.default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8080),
  /** Requests per minute per API key (and per client address for unauthenticated requests). */
  rateLimitPerMinute: positiveInt.default(6_000),
  /** How often the API checks whether a window closed, to invalidate cached responses. */
  cacheInvalidationPollMs: positiveInt.default(1_000),
  cacheMaxEntries: positiveInt.default(10_000),
  maxPageSize: positiveInt.max(10_000).default(500),
  /** Upper bound of request bodies (reference profile uploads are the largest). */
  bodyLimitBytes: positiveInt.default(16 * 1024 * 1024),
  /** Serve /docs (interactive OpenAPI). */
  docs: z.boolean().default(true),
};
const apiSchema = z.strictObject(apiFields);
const apiDefaults = apiSchema.parse({});

const kafkaSchema = z
  .strictObject({
    /** Empty for services that need only ClickHouse (API, CLIs); createKafka refuses an empty list. */
    brokers: z.array(brokerAddress).default([]),
    clientId: nonEmpty.default('vigil'),
    tls: tlsSchema.default({ enabled: false, rejectUnauthorized: true }),
    sasl: saslSchema.optional(),
    /** Partitions and replication for topics Vigil creates itself (existing topics are left alone). */
    topicPartitions: z.number().int().min(1).max(10_000).default(6),
    topicReplicationFactor: z.number().int().min(1).max(16).default(1),
    /** kafkajs retries per request (backoff from 300 ms); past them the processor rebuilds its consumer. */
    retries: z.number().int().min(0).max(50).default(8),
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
  });
const kafkaDefaults = kafkaSchema.parse({});

export const configSchema = z.strictObject({
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  kafka: kafkaSchema.default(kafkaDefaults),
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
  processor: processorSchema.default(processorDefaults),
  api: apiSchema.default(apiDefaults),
});

export type VigilConfig = z.infer<typeof configSchema>;
export type ClickHouseConfig = VigilConfig['clickhouse'];
export type KafkaConfig = VigilConfig['kafka'];
export type ProcessorConfig = VigilConfig['processor'];
export type ApiConfig = VigilConfig['api'];
export type TlsConfig = z.infer<typeof tlsSchema>;
