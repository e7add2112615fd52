import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVigilError } from './errors.js';
import { ENV_SETTINGS, loadConfig, redactConfig, requireKafkaBrokers } from './config.js';
import { createKafka } from '../adapters/kafka/kafka-client.js';
import { createRootLogger } from './logger.js';

const minimal = { VIGIL_KAFKA_BROKERS: '127.0.0.1:9092' };

function failureOf(env: Record<string, string>): { code: string; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    if (isVigilError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

function writeConfigFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  const file = join(dir, 'vigil.json');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('fills every default when only the brokers are given', () => {
    const config = loadConfig(minimal);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.clickhouse).toEqual({ mode: 'embedded', path: '.vigil/chdb', database: 'vigil' });
    expect(config.encoding).toBe('json');
    expect(config.kafka.topics.deadLetters).toBe('vigil.dead-letters');
  });

  it('stays embedded when only the embedded data directory is given', () => {
    const config = loadConfig({ ...minimal, VIGIL_CLICKHOUSE_PATH: '/data/chdb' });
    expect(config.clickhouse).toEqual({ mode: 'embedded', path: '/data/chdb', database: 'vigil' });
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig(minimal);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kafka.brokers)).toBe(true);
    expect(Object.isFrozen(config.kafka.topics)).toBe(true);
  });

  it('splits a comma-separated broker list and trims blanks', () => {
    const config = loadConfig({ VIGIL_KAFKA_BROKERS: ' a:1 , b:2,,' });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
  });

  it('loads without brokers for what needs only ClickHouse, and refuses them in one line to what talks to Kafka', () => {
    const config = loadConfig({});
    expect(config.kafka.brokers).toEqual([]);
    let failure: unknown;
    try {
      requireKafkaBrokers(config.kafka);
    } catch (error) {
      failure = error;
    }
    expect(isVigilError(failure, 'CONFIG_INVALID') && failure.message).toMatch(/kafka\.brokers \(VIGIL_KAFKA_BROKERS\): at least one broker/);
    expect(() => { createKafka(config.kafka, createRootLogger({ level: 'silent', service: 'test' })); }).toThrow(/VIGIL_KAFKA_BROKERS/);
    expect(() => { requireKafkaBrokers(loadConfig(minimal).kafka); }).not.toThrow();
  });

  it('names the variable of a malformed broker address', () => {
    const failure = failureOf({ VIGIL_KAFKA_BROKERS: 'no-port-here' });
    expect(failure.message).toContain('kafka.brokers.0');
    expect(failure.message).toContain('host:port');
  });

  it('rejects an unknown VIGIL_ variable by name', () => {
    const failure = failureOf({ ...minimal, VIGIL_KAFKA_BROKER: 'x:1' });
    expect(failure.code).toBe('CONFIG_UNKNOWN_OPTION');
    expect(failure.message).toContain('VIGIL_KAFKA_BROKER');
  });

  it('ignores variables that belong to scripts and tests', () => {
    expect(() => loadConfig({ ...minimal, VIGIL_TEST_CLICKHOUSE_URL: 'http://x:1', VIGIL_SIM_SEED: '1' })).not.toThrow();
  });

  it('rejects a ClickHouse URL that is not http or https and names the variable', () => {
    const failure = failureOf({ ...minimal, VIGIL_CLICKHOUSE_MODE: 'http', VIGIL_CLICKHOUSE_URL: 'ftp://db:21' });
    expect(failure.code).toBe('CONFIG_INVALID');
    expect(failure.message).toContain('VIGIL_CLICKHOUSE_URL');
  });

  it('rejects a port that is not a whole number', () => {
    const failure = failureOf({ ...minimal, VIGIL_API_PORT: '80a' });
    expect(failure.message).toContain('VIGIL_API_PORT');
  });

  it('rejects a boolean it cannot read', () => {
    expect(failureOf({ ...minimal, VIGIL_KAFKA_TLS: 'maybe' }).message).toContain('VIGIL_KAFKA_TLS');
  });

  it('accepts SASL SCRAM with TLS for a production cluster', () => {
    const config = loadConfig({
      ...minimal,
      VIGIL_KAFKA_TLS: 'true',
      VIGIL_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      VIGIL_KAFKA_SASL_USERNAME: 'svc',
      VIGIL_KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(config.kafka.sasl?.mechanism).toBe('scram-sha-512');
    expect(config.kafka.tls.enabled).toBe(true);
  });

  it('rejects an unsupported SASL mechanism', () => {
    const failure = failureOf({ ...minimal, VIGIL_KAFKA_SASL_MECHANISM: 'gssapi', VIGIL_KAFKA_SASL_USERNAME: 'u', VIGIL_KAFKA_SASL_PASSWORD: 'p' });
    expect(failure.message).toContain('kafka.sasl.mechanism');
  });

  it('reads a JSON file and lets environment variables override it', () => {
    const file = writeConfigFile(JSON.stringify({ kafka: { brokers: ['file:1'] }, encoding: 'avro', schemaRegistry: { url: 'http://reg:8080' } }));
    const config = loadConfig({ VIGIL_CONFIG_FILE: file, VIGIL_KAFKA_BROKERS: 'env:2' });
    expect(config.kafka.brokers).toEqual(['env:2']);
    expect(config.encoding).toBe('avro');
  });

  it('rejects an unknown option in the file and names it', () => {
    const file = writeConfigFile(JSON.stringify({ kafka: { brokers: ['a:1'], brokerz: [] } }));
    const failure = failureOf({ VIGIL_CONFIG_FILE: file });
    expect(failure.code).toBe('CONFIG_UNKNOWN_OPTION');
    expect(failure.message).toContain('brokerz');
  });

  it('reports a file that is not JSON', () => {
    const file = writeConfigFile('{ not json');
    expect(failureOf({ VIGIL_CONFIG_FILE: file }).code).toBe('CONFIG_FILE_UNREADABLE');
  });

  it('reports a file that does not exist', () => {
    expect(failureOf({ VIGIL_CONFIG_FILE: '/nonexistent/vigil.json' }).code).toBe('CONFIG_FILE_UNREADABLE');
  });

  it('maps every documented variable to a path the schema accepts', () => {
    for (const [name, setting] of Object.entries(ENV_SETTINGS)) {
      expect(setting.path.length, name).toBeGreaterThan(0);
    }
  });
});

describe('redactConfig', () => {
  it('never shows a password', () => {
    const config = loadConfig({
      ...minimal,
      VIGIL_KAFKA_SASL_MECHANISM: 'plain',
      VIGIL_KAFKA_SASL_USERNAME: 'svc',
      VIGIL_KAFKA_SASL_PASSWORD: 'kafka-secret',
      VIGIL_CLICKHOUSE_MODE: 'http',
      VIGIL_CLICKHOUSE_URL: 'http://db:8123',
      VIGIL_CLICKHOUSE_PASSWORD: 'ch-secret',
      VIGIL_SCHEMA_REGISTRY_URL: 'http://reg:8080',
      VIGIL_SCHEMA_REGISTRY_PASSWORD: 'reg-secret',
    });
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toContain('kafka-secret');
    expect(text).not.toContain('ch-secret');
    expect(text).not.toContain('reg-secret');
    expect(text).toContain('[redacted]');
  });
});
