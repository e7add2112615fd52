import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { createClient, ClickHouseLogLevel, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { ClickHouseConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';
import { configureEmbeddedAllocator } from './embedded-allocator.js';
import { DatabaseScopedConnection, type ClientConnection } from './database-scoped-connection.js';
import { quoteIdentifier } from './sql-identifier.js';
import { toStoreError } from './store-errors.js';

export type StoreEngine = 'embedded' | 'http';

export interface ClickHouseHandle {
  readonly client: ClickHouseClient;
  readonly engine: StoreEngine;
  readonly database: string;
}

type HttpConfig = Extract<ClickHouseConfig, { mode: 'http' }>;

// Options both engines get. The client's own logger is off because it prints settings and
// server messages (which quote SQL) with console; failures surface as VigilErrors instead.
// Settings that differ by default between 18.16 and chDB 26.x are pinned to one value:
// 64-bit integers are quoted in JSON (18.16 quotes by default, chDB does not), so UInt64/Int64
// come back as exact strings; a JSON row with a column the table lacks is an error (chDB
// skips it silently by default, 18.16 refuses it), so a typo never loses data quietly.
const COMMON_OPTIONS = {
  log: { level: ClickHouseLogLevel.OFF },
  compression: { request: false, response: false },
  clickhouse_settings: { output_format_json_quote_64bit_integers: 1, input_format_skip_unknown_fields: 0 },
  // A socket the server already closed fails the next request with EPIPE / ECONNRESET. Servers
  // close idle sockets after keep_alive_timeout (3 s by default before 23.11): drop ours well
  // before, and eagerly, since a busy event loop can overshoot the lazy check.
  keep_alive: { enabled: true, idle_socket_ttl: 1_500, eagerly_destroy_stale_sockets: true },
} as const satisfies ClickHouseClientConfigOptions;

/** Client options for a server over HTTP(S). TLS files are read with `readFile` (injectable for tests). */
export function httpClientOptions(
  config: HttpConfig,
  options: { withDatabase: boolean; readFile?: (path: string) => Buffer },
): ClickHouseClientConfigOptions {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path));
  const { tls } = config;
  const isHttps = new URL(config.url).protocol === 'https:';
  if (tls.enabled && !isHttps) throw new VigilError('CONFIG_INVALID', 'clickhouse.tls.enabled needs an https:// url');
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new VigilError('CONFIG_INVALID', 'clickhouse.tls.certFile and clickhouse.tls.keyFile must be set together');
  }
  const needsAgent = tls.enabled && (tls.caFile !== undefined || tls.certFile !== undefined || !tls.rejectUnauthorized);
  return {
    ...COMMON_OPTIONS,
    url: config.url,
    username: config.username,
    password: config.password,
    request_timeout: config.requestTimeoutMs,
    ...(options.withDatabase ? { database: config.database } : {}),
    ...(needsAgent
      ? {
          http_agent: new HttpsAgent({
            keepAlive: true,
            rejectUnauthorized: tls.rejectUnauthorized,
            ...(tls.caFile === undefined ? {} : { ca: readFile(tls.caFile) }),
            ...(tls.certFile === undefined ? {} : { cert: readFile(tls.certFile) }),
            ...(tls.keyFile === undefined ? {} : { key: readFile(tls.keyFile) }),
          }),
          set_basic_auth_header: true,
        }
      : {}),
  };
}

async function connectHttp(config: HttpConfig): Promise<ClickHouseHandle> {
  // The server refuses every request naming a database that does not exist yet, so the
  // database is created through a client that names none.
  const bootstrap = createClient(httpClientOptions(config, { withDatabase: false }));
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(config.database)}` });
  } catch (cause) {
    throw toStoreError(cause, 'create database');
  } finally {
    await bootstrap.close();
  }
  return { client: createClient(httpClientOptions(config, { withDatabase: true })), engine: 'http', database: config.database };
}

async function connectEmbedded(config: Extract<ClickHouseConfig, { mode: 'embedded' }>): Promise<ClickHouseHandle> {
  const quotedDatabase = quoteIdentifier(config.database);
  configureEmbeddedAllocator();
  let raw;
  try {
    // One chDB engine per process binds one data directory: a second path fails until every
    // connection on the first one is closed (see sql/README.md).
    raw = createChdbConnection({ path: config.path });
    await raw.command({ query: `CREATE DATABASE IF NOT EXISTS ${quotedDatabase}` });
  } catch (cause) {
    await raw?.close();
    throw toStoreError(cause, 'open embedded engine');
  }
    // chDB declares the same connection contract against its own copy of @clickhouse/client-common;
  // the shapes are identical but TypeScript sees two declarations, hence the one cast.
  const connection = new DatabaseScopedConnection(raw as unknown as ClientConnection, config.database);
  const client = createClient({ ...COMMON_OPTIONS, connection });
  return { client, engine: 'embedded', database: config.database };
}

/** Builds the @clickhouse/client for the configured engine; the database is created if absent. */
export function connectClickHouse(config: ClickHouseConfig): Promise<ClickHouseHandle> {
  return config.mode === 'http' ? connectHttp(config) : connectEmbedded(config);
}

/** The server address safe to log: no credentials, no query string. */
export function describeClickHouse(config: ClickHouseConfig): Record<string, string> {
  if (config.mode === 'embedded') return { engine: 'embedded', path: config.path, database: config.database };
  const url = new URL(config.url);
  return { engine: 'http', url: `${url.protocol}//${url.host}${url.pathname}`, database: config.database, username: config.username };
}
