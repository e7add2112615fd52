import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickHouseConfig } from '../../shared/config.js';
import { VigilError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { connectClickHouse, describeClickHouse, type ClickHouseHandle, type StoreEngine } from './clickhouse-client.js';
import { quoteIdentifier } from './sql-identifier.js';
import type { Store, StoreRow } from './store.js';
import { toStoreError } from './store-errors.js';
import { tabSeparated } from './tab-separated.js';
import { wellFormedRows } from './well-formed-rows.js';

/** The one Store implementation: @clickhouse/client over chDB (embedded) or HTTP (a server). */
export class ClickHouseStore implements Store {
  readonly engine: StoreEngine;
  readonly database: string;
  readonly #client: ClickHouseClient;
  #closed = false;

  constructor(handle: ClickHouseHandle) {
    this.#client = handle.client;
    this.engine = handle.engine;
    this.database = handle.database;
  }

  /** The HTTP client would quietly reconnect after close(); a closed store refuses instead, like chDB. */
  #assertOpen(operation: string): void {
    if (this.#closed) throw new VigilError('STORE_UNAVAILABLE', `${operation}: the store is closed`, { operation });
  }

  async command(sql: string): Promise<void> {
    this.#assertOpen('command');
    try {
      await this.#client.command({ query: sql });
    } catch (cause) {
      throw toStoreError(cause, 'command');
    }
  }

  async insertRows(table: string, rows: readonly StoreRow[]): Promise<void> {
    const quoted = quoteIdentifier(table);
    this.#assertOpen('insert');
    if (rows.length === 0) return;
    try {
      const repaired = wellFormedRows(rows);
      const tsv = tabSeparated(repaired);
      if (tsv === undefined) await this.#client.insert({ table: quoted, values: repaired, format: 'JSONEachRow' });
      else await this.#client.insert({ table: quoted, values: Readable.from([Buffer.from(tsv.text)], { objectMode: false }), format: 'TabSeparated', columns: [...tsv.columns] as [string, ...string[]] });
    } catch (cause) {
      throw toStoreError(cause, `insert into ${table}`);
    }
  }

  async queryRows<T = StoreRow>(sql: string): Promise<T[]> {
    this.#assertOpen('query');
    try {
      const result = await this.#client.query({ query: sql, format: 'JSONEachRow' });
      return await result.json<T>();
    } catch (cause) {
      throw toStoreError(cause, 'query');
    }
  }

  async ping(): Promise<void> {
    this.#assertOpen('ping');
    let result;
    try {
      result = await this.#client.ping({ select: true });
    } catch (cause) {
      throw toStoreError(cause, 'ping', 'STORE_UNAVAILABLE');
    }
    // A server that answers a ping with an error (wrong password, …) is still unusable.
    if (!result.success) throw toStoreError(result.error, 'ping', 'STORE_UNAVAILABLE');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close();
  }
}

/** Connects to the configured engine (creating the database if absent) and returns the Store. */
export async function openStore(config: ClickHouseConfig, logger: Logger): Promise<Store> {
  const store = new ClickHouseStore(await connectClickHouse(config));
  logger.info({ clickhouse: describeClickHouse(config) }, 'store opened');
  return store;
}
