import type { ClickHouseClientConfigOptions } from '@clickhouse/client';
import { quoteIdentifier } from './sql-identifier.js';

/** The connection contract as @clickhouse/client declares it (it bundles its own copy of the types). */
export type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type Params<K extends keyof ClientConnection> = Parameters<ClientConnection[K]>[0];
type Result<K extends keyof ClientConnection> = ReturnType<ClientConnection[K]>;

/**
 * The chDB connection ignores the client's `database` option (there is no URL to carry it),
 * so unqualified table names would land in `default`. This wrapper prefixes every statement
 * with `USE db;` — chDB runs multi-statement text in one call — which gives the embedded
 * engine the same name resolution as the HTTP server with `?database=db`.
 */
export class DatabaseScopedConnection implements ClientConnection {
  readonly #inner: ClientConnection;
  readonly #prefix: string;

  constructor(inner: ClientConnection, database: string) {
    this.#inner = inner;
    this.#prefix = `USE ${quoteIdentifier(database)};\n`;
  }

  #scoped<T extends { query: string }>(params: T): T {
    return { ...params, query: this.#prefix + params.query };
  }

  ping(params: Params<'ping'>): Result<'ping'> {
    return this.#inner.ping(params);
  }

  query(params: Params<'query'>): Result<'query'> {
    return this.#inner.query(this.#scoped(params));
  }

  insert(params: Params<'insert'>): Result<'insert'> {
    return this.#inner.insert(this.#scoped(params));
  }

  command(params: Params<'command'>): Result<'command'> {
    return this.#inner.command(this.#scoped(params));
  }

  exec(params: Params<'exec'>): Result<'exec'> {
    return this.#inner.exec(this.#scoped(params));
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
