import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { VigilError } from './errors.js';
import { configSchema, type VigilConfig } from './config-schema.js';

export { configSchema, type VigilConfig, type ClickHouseConfig, type KafkaConfig, type TlsConfig } from './config-schema.js';
import type { KafkaConfig } from './config-schema.js';

type Kind = 'string' | 'int' | 'bool' | 'list';

/** Every environment variable Vigil reads, and where it lands in the config object. */
export const ENV_SETTINGS: Readonly<Record<string, { path: readonly string[]; kind: Kind }>> = {
  VIGIL_LOG_LEVEL: { path: ['logLevel'], kind: 'string' },
  VIGIL_KAFKA_BROKERS: { path: ['kafka', 'brokers'], kind: 'list' },
  VIGIL_KAFKA_CLIENT_ID: { path: ['kafka', 'clientId'], kind: 'string' },
  VIGIL_KAFKA_TLS: { path: ['kafka', 'tls', 'enabled'], kind: 'bool' },
  VIGIL_KAFKA_TLS_CA_FILE: { path: ['kafka', 'tls', 'caFile'], kind: 'string' },
  VIGIL_KAFKA_TLS_CERT_FILE: { path: ['kafka', 'tls', 'certFile'], kind: 'string' },
  VIGIL_KAFKA_TLS_KEY_FILE: { path: ['kafka', 'tls', 'keyFile'], kind: 'string' },
  VIGIL_KAFKA_TLS_REJECT_UNAUTHORIZED: { path: ['kafka', 'tls', 'rejectUnauthorized'], kind: 'bool' },
  VIGIL_KAFKA_SASL_MECHANISM: { path: ['kafka', 'sasl', 'mechanism'], kind: 'string' },
  VIGIL_KAFKA_SASL_USERNAME: { path: ['kafka', 'sasl', 'username'], kind: 'string' },
  VIGIL_KAFKA_SASL_PASSWORD: { path: ['kafka', 'sasl', 'password'], kind: 'string' },
  VIGIL_KAFKA_RETRIES: { path: ['kafka', 'retries'], kind: 'int' },
  VIGIL_KAFKA_TOPIC_PARTITIONS: { path: ['kafka', 'topicPartitions'], kind: 'int' },
  VIGIL_KAFKA_TOPIC_REPLICATION_FACTOR: { path: ['kafka', 'topicReplicationFactor'], kind: 'int' },
  VIGIL_TOPIC_PREDICTIONS: { path: ['kafka', 'topics', 'predictions'], kind: 'string' },
  VIGIL_TOPIC_OUTCOMES: { path: ['kafka', 'topics', 'outcomes'], kind: 'string' },
  VIGIL_TOPIC_ANOMALIES: { path: ['kafka', 'topics', 'anomalies'], kind: 'string' },
  VIGIL_TOPIC_DEAD_LETTERS: { path: ['kafka', 'topics', 'deadLetters'], kind: 'string' },
  VIGIL_ENCODING: { path: ['encoding'], kind: 'string' },
  VIGIL_SCHEMA_REGISTRY_URL: { path: ['schemaRegistry', 'url'], kind: 'string' },
  VIGIL_SCHEMA_REGISTRY_USERNAME: { path: ['schemaRegistry', 'username'], kind: 'string' },
  VIGIL_SCHEMA_REGISTRY_PASSWORD: { path: ['schemaRegistry', 'password'], kind: 'string' },
  VIGIL_CLICKHOUSE_MODE: { path: ['clickhouse', 'mode'], kind: 'string' },
  VIGIL_CLICKHOUSE_PATH: { path: ['clickhouse', 'path'], kind: 'string' },
  VIGIL_CLICKHOUSE_URL: { path: ['clickhouse', 'url'], kind: 'string' },
  VIGIL_CLICKHOUSE_USER: { path: ['clickhouse', 'username'], kind: 'string' },
  VIGIL_CLICKHOUSE_PASSWORD: { path: ['clickhouse', 'password'], kind: 'string' },
  VIGIL_CLICKHOUSE_DATABASE: { path: ['clickhouse', 'database'], kind: 'string' },
  VIGIL_CLICKHOUSE_TLS: { path: ['clickhouse', 'tls', 'enabled'], kind: 'bool' },
  VIGIL_CLICKHOUSE_TLS_CA_FILE: { path: ['clickhouse', 'tls', 'caFile'], kind: 'string' },
  VIGIL_CLICKHOUSE_TLS_CERT_FILE: { path: ['clickhouse', 'tls', 'certFile'], kind: 'string' },
  VIGIL_CLICKHOUSE_TLS_KEY_FILE: { path: ['clickhouse', 'tls', 'keyFile'], kind: 'string' },
  VIGIL_CLICKHOUSE_TLS_REJECT_UNAUTHORIZED: { path: ['clickhouse', 'tls', 'rejectUnauthorized'], kind: 'bool' },
  VIGIL_CLICKHOUSE_REQUEST_TIMEOUT_MS: { path: ['clickhouse', 'requestTimeoutMs'], kind: 'int' },
  VIGIL_API_HOST: { path: ['api', 'host'], kind: 'string' },
  VIGIL_API_PORT: { path: ['api', 'port'], kind: 'int' },
  VIGIL_API_RATE_LIMIT_PER_MINUTE: { path: ['api', 'rateLimitPerMinute'], kind: 'int' },
  VIGIL_API_CACHE_INVALIDATION_POLL_MS: { path: ['api', 'cacheInvalidationPollMs'], kind: 'int' },
  VIGIL_API_CACHE_MAX_ENTRIES: { path: ['api', 'cacheMaxEntries'], kind: 'int' },
  VIGIL_API_MAX_PAGE_SIZE: { path: ['api', 'maxPageSize'], kind: 'int' },
  VIGIL_API_BODY_LIMIT_BYTES: { path: ['api', 'bodyLimitBytes'], kind: 'int' },
  VIGIL_API_DOCS: { path: ['api', 'docs'], kind: 'bool' },
  VIGIL_PROCESSOR_GROUP_ID: { path: ['processor', 'groupId'], kind: 'string' },
  VIGIL_PROCESSOR_WINDOW_SIZE_MS: { path: ['processor', 'windowSizeMs'], kind: 'int' },
  VIGIL_PROCESSOR_GRACE_MS: { path: ['processor', 'graceMs'], kind: 'int' },
  VIGIL_PROCESSOR_LABEL_HORIZON_MS: { path: ['processor', 'labelHorizonMs'], kind: 'int' },
  VIGIL_PROCESSOR_IDLE_SOURCE_TIMEOUT_MS: { path: ['processor', 'idleSourceTimeoutMs'], kind: 'int' },
  VIGIL_PROCESSOR_MAX_FUTURE_SKEW_MS: { path: ['processor', 'maxFutureSkewMs'], kind: 'int' },
  VIGIL_PROCESSOR_CHECKPOINT_INTERVAL_MS: { path: ['processor', 'checkpointIntervalMs'], kind: 'int' },
  VIGIL_PROCESSOR_MAX_BUFFERED_BYTES: { path: ['processor', 'maxBufferedBytes'], kind: 'int' },
  VIGIL_PROCESSOR_PARTITION_CONCURRENCY: { path: ['processor', 'partitionConcurrency'], kind: 'int' },
  VIGIL_PROCESSOR_PARTIAL_CACHE_BYTES: { path: ['processor', 'partialCacheBytes'], kind: 'int' },
  VIGIL_PROCESSOR_MAX_TRACKED_EVENT_IDS_PER_WINDOW: { path: ['processor', 'maxTrackedEventIdsPerWindow'], kind: 'int' },
  VIGIL_PROCESSOR_MAX_PENDING_PREDICTIONS: { path: ['processor', 'maxPendingPredictions'], kind: 'int' },
  VIGIL_PROCESSOR_MAX_PENDING_OUTCOMES: { path: ['processor', 'maxPendingOutcomes'], kind: 'int' },
  VIGIL_PROCESSOR_OUTCOME_TTL_MS: { path: ['processor', 'outcomeTtlMs'], kind: 'int' },
  VIGIL_PROCESSOR_PAIRING_TTL_MS: { path: ['processor', 'pairingTtlMs'], kind: 'int' },
  VIGIL_PROCESSOR_AUTO_REFERENCE_MIN_PREDICTIONS: { path: ['processor', 'autoReferenceMinPredictions'], kind: 'int' },
  VIGIL_PROCESSOR_SETTINGS_REFRESH_MS: { path: ['processor', 'settingsRefreshMs'], kind: 'int' },
  VIGIL_PROCESSOR_SESSION_TIMEOUT_MS: { path: ['processor', 'sessionTimeoutMs'], kind: 'int' },
  VIGIL_PROCESSOR_HTTP_HOST: { path: ['processor', 'http', 'host'], kind: 'string' },
  VIGIL_PROCESSOR_HTTP_PORT: { path: ['processor', 'http', 'port'], kind: 'int' },
};

/** Names a config file (JSON) that env variables override. */
export const CONFIG_FILE_VARIABLE = 'VIGIL_CONFIG_FILE';

function convert(name: string, raw: string, kind: Kind): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new VigilError('CONFIG_INVALID', `${name}: expected a whole number, got "${raw}"`);
      return Number.parseInt(raw, 10);
    }
    case 'bool': {
      const lowered = raw.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(lowered)) return true;
      if (['false', '0', 'no'].includes(lowered)) return false;
      throw new VigilError('CONFIG_INVALID', `${name}: expected true or false, got "${raw}"`);
    }
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function readFileConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', `${CONFIG_FILE_VARIABLE}=${file}: ${(cause as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the top level must be an object');
    return parsed as Record<string, unknown>;
  } catch (cause) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', `${file}: ${(cause as Error).message}`);
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const envName = Object.entries(ENV_SETTINGS).find(([, s]) => s.path.join('.') === path)?.[0];
  const setting = envName === undefined ? path || '(root)' : `${path} (${envName})`;
  if (issue.code === 'unrecognized_keys') {
    return `${path === '' ? '' : `${path}: `}unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${setting}: ${issue.message}`;
}

/**
 * The configuration allows no brokers: the API and the CLIs that need only ClickHouse run
 * without Kafka. Whatever talks to Kafka asks for one here (createKafka, and the processor's
 * start, so it fails before it opens anything).
 */
export function requireKafkaBrokers(kafka: Pick<KafkaConfig, 'brokers'>): void {
  if (kafka.brokers.length === 0) throw new VigilError('CONFIG_INVALID', 'kafka.brokers (VIGIL_KAFKA_BROKERS): at least one broker (host:port) is required to talk to Kafka');
}

/**
 * Builds the configuration from an optional JSON file and VIGIL_* variables, validates it
 * once and freezes it. Any problem throws one VigilError whose message names the setting.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Readonly<VigilConfig> {
  const fileName = env[CONFIG_FILE_VARIABLE];
  const raw: Record<string, unknown> = fileName === undefined || fileName === '' ? {} : readFileConfig(fileName);

  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('VIGIL_') || name === CONFIG_FILE_VARIABLE || value === undefined) continue;
    const setting = ENV_SETTINGS[name];
    if (setting === undefined) {
      if (isForeignVariable(name)) continue;
      throw new VigilError('CONFIG_UNKNOWN_OPTION', `environment variable ${name} is not a Vigil setting`);
    }
    setPath(raw, setting.path, convert(name, value, setting.kind));
  }

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const code = first?.code === 'unrecognized_keys' ? 'CONFIG_UNKNOWN_OPTION' : 'CONFIG_INVALID';
    throw new VigilError(code, result.error.issues.map(describeIssue).join('; '));
  }
  return deepFreeze(result.data);
}

/** Variables under VIGIL_ that belong to the scripts or tests, not to the service config. */
const FOREIGN_PREFIXES = ['VIGIL_TEST_', 'VIGIL_SIM_', 'VIGIL_STACK_', 'VIGIL_BENCH_', 'VIGIL_API_KEY'];
function isForeignVariable(name: string): boolean {
  return FOREIGN_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** A copy safe to log: every secret replaced. */
export function redactConfig(config: Readonly<VigilConfig>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(config, (key, value: unknown) => (key === 'password' && typeof value === 'string' && value !== '' ? '[redacted]' : value)),
  ) as Record<string, unknown>;
}
