import type { StoreEngine } from './clickhouse-client.js';

/** One row as JSON: column name to value. UInt64/Int64 arrive as decimal strings, DateTime as 'YYYY-MM-DD hh:mm:ss' (UTC). */
export type StoreRow = Record<string, unknown>;

/**
 * The port every service uses to reach ClickHouse. SQL is plain text with values already
 * written by `sqlLiteral`/`sql` (no query parameters: the 18.16 server rejects them).
 * Failures are VigilErrors STORE_UNAVAILABLE or STORE_QUERY_FAILED.
 */
export interface Store {
  readonly engine: StoreEngine;
  /** The database unqualified names resolve to, on both engines. */
  readonly database: string;
  /** Runs one statement that returns no rows (DDL, ALTER, …). */
  command(sql: string): Promise<void>;
  /**
   * Inserts rows into a table of the store's database: as TabSeparated when every value is a
   * scalar and every row has the same columns, else as JSONEachRow (sql/README.md, "Insert
   * formats"). No rows is a no-op. Lone UTF-16 surrogates in strings are written as U+FFFD (they
   * have no UTF-8 form); non-finite numbers as NULL.
   */
  insertRows(table: string, rows: readonly StoreRow[]): Promise<void>;
  /** Runs one SELECT and returns its rows. `T` is not checked: validate rows that come from outside. */
  queryRows<T = StoreRow>(sql: string): Promise<T[]>;
  /** Resolves when the engine answers, throws STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
