import { VigilError } from '../../shared/errors.js';
import { quoteIdentifier, validateIdentifier } from './sql-identifier.js';
import { sql } from './sql-template.js';
import type { Store } from './store.js';

// Retention by dropping whole monthly partitions: TTL does not exist on ClickHouse 18.16,
// while ALTER TABLE … DROP PARTITION works on both engines. Tables that use this are
// PARTITION BY toYYYYMM(<time column>), so each partition is named YYYYMM.

/** The YYYYMM number of the UTC month containing `epochMs`. */
export function monthOf(epochMs: number): number {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) throw new VigilError('VALIDATION_FAILED', `invalid time ${String(epochMs)}`);
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1;
}

/** Active monthly partitions of a table in the store's database, oldest first. */
export async function listMonthlyPartitions(store: Store, table: string): Promise<number[]> {
  validateIdentifier(table);
  const rows = await store.queryRows<{ partition: string }>(
    sql`SELECT DISTINCT partition FROM system.parts WHERE database = currentDatabase() AND table = ${table} AND active`,
  );
  return rows
    .map(({ partition }) => {
      if (!/^\d{6}$/.test(partition)) {
        throw new VigilError('STORE_QUERY_FAILED', `table ${table} has partition "${partition}", not a toYYYYMM month`, { table });
      }
      return Number(partition);
    })
    .sort((a, b) => a - b);
}

/**
 * Drops every monthly partition entirely before the month that contains `cutoffMs`
 * (the cut-off month itself is kept). Returns the months dropped.
 */
export async function dropPartitionsBefore(store: Store, table: string, cutoffMs: number): Promise<number[]> {
  const cutoffMonth = monthOf(cutoffMs);
  const old = (await listMonthlyPartitions(store, table)).filter((month) => month < cutoffMonth);
  for (const month of old) {
    // The partition value of toYYYYMM is a UInt32, written as a plain number literal.
    await store.command(`ALTER TABLE ${quoteIdentifier(table)} DROP PARTITION ${month}`);
  }
  return old;
}
