import { describe, expect, it } from 'vitest';
import { configSchema } from '../../shared/config.js';
import { isVigilError } from '../../shared/errors.js';
import { describeClickHouse, httpClientOptions } from './clickhouse-client.js';

function httpConfig(clickhouse: Record<string, unknown>) {
  const config = configSchema.parse({ kafka: { brokers: ['k:9092'] }, clickhouse: { mode: 'http', ...clickhouse } }).clickhouse;
  if (config.mode !== 'http') throw new Error('expected http');
  return config;
}

const fakeRead = (path: string) => Buffer.from(`contents of ${path}`);

describe('httpClientOptions', () => {
  it('passes url, credentials, timeout and the database, with compression and client logging off', () => {
    const options = httpClientOptions(httpConfig({ url: 'http://ch:8123', username: 'u', password: 'p', database: 'd', requestTimeoutMs: 1234 }), {
      withDatabase: true,
    });
    expect(options).toMatchObject({ url: 'http://ch:8123', username: 'u', password: 'p', database: 'd', request_timeout: 1234 });
    expect(options.compression).toEqual({ request: false, response: false });
    expect(options.clickhouse_settings).toEqual({ output_format_json_quote_64bit_integers: 1, input_format_skip_unknown_fields: 0 });
    expect(options.http_agent).toBeUndefined();
  });

  it('leaves the database out of the bootstrap client', () => {
    expect(httpClientOptions(httpConfig({ url: 'http://ch:8123' }), { withDatabase: false }).database).toBeUndefined();
  });

  it('builds an https agent with the CA, client certificate and key files when TLS is customised', () => {
    const options = httpClientOptions(
      httpConfig({ url: 'https://ch:8443', tls: { enabled: true, caFile: '/ca', certFile: '/cert', keyFile: '/key', rejectUnauthorized: false } }),
      { withDatabase: true, readFile: fakeRead },
    );
    const agentOptions = (options.http_agent as unknown as { options: Record<string, unknown> }).options;
    expect(String(agentOptions.ca)).toBe('contents of /ca');
    expect(String(agentOptions.cert)).toBe('contents of /cert');
    expect(String(agentOptions.key)).toBe('contents of /key');
    expect(agentOptions.rejectUnauthorized).toBe(false);
  });

  it('rejects TLS on an http:// url and a certificate without its key', () => {
    const invalid = (clickhouse: Record<string, unknown>) => {
      try {
        httpClientOptions(httpConfig(clickhouse), { withDatabase: true, readFile: fakeRead });
        return false;
      } catch (error) {
        return isVigilError(error, 'CONFIG_INVALID');
      }
    };
    expect(invalid({ url: 'http://ch:8123', tls: { enabled: true } })).toBe(true);
    expect(invalid({ url: 'https://ch:8443', tls: { enabled: true, certFile: '/cert' } })).toBe(true);
  });
});

describe('describeClickHouse', () => {
  it('never includes the password or credentials in the url', () => {
    const described = describeClickHouse(httpConfig({ url: 'http://user:hunter2@ch:8123/?x=1', password: 'hunter2' }));
    expect(JSON.stringify(described)).not.toContain('hunter2');
    expect(described.url).toBe('http://ch:8123/');
  });
});
