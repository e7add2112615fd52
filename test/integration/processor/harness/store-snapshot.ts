// What a processor run left in ClickHouse, in a form two runs can be compared by: latest rows
// only (FINAL), keyed by their identity, without the columns that record when they were written.
import { openStore } from '../../../../services/adapters/store/clickhouse-store.js';
import { runMigrations } from '../../../../services/adapters/store/migrator.js';
import { loadMigrations } from '../../../../services/adapters/store/migration-files.js';
import { quoteIdentifier } from '../../../../services/adapters/store/sql-identifier.js';
import type { Store, StoreRow } from '../../../../services/adapters/store/store.js';
import { configSchema } from '../../../../services/shared/config.js';
import { createRootLogger } from '../../../../services/shared/logger.js';
import { resolve } from 'node:path';

const logger = createRootLogger({ level: 'silent', service: 'processor-test' });
const SQL_DIR = resolve(import.meta.dirname, '../../../../sql');

export async function openServerStore(url: string, database: string): Promise<Store> {
  const clickhouse = { mode: 'http', url, database, username: 'default', password: '' };
  return openStore(configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse }).clickhouse, logger);
}

/**
 * The fleet default model settings of the simulator's models: favourable label '1' and the
 * protected attributes with their privileged groups (without it, no fairness is computed).
 */
export const SIMULATOR_FLEET_SETTINGS: StoreRow = {
  scope: '*',
  positive_label: '1',
  protected_attributes: ['gender', 'age_band', 'region'],
  privileged_groups: ['gender=male', 'age_band=26-40', 'region=north'],
  deleted: 0,
  updated_by: 'processor-test',
  updated_at: '2026-01-01 00:00:00',
  seq: 1,
};

/** Creates the database, its tables and the fleet settings before a processor starts on it. */
export async function prepareDatabase(store: Store): Promise<void> {
  await runMigrations(store, loadMigrations(SQL_DIR));
  await store.insertRows('model_settings', [SIMULATOR_FLEET_SETTINGS]);
}

export async function migrateServerDatabase(url: string, database: string): Promise<void> {
  const store = await openServerStore(url, database);
  try {
    await prepareDatabase(store);
  } finally {
    await store.close();
  }
}

export async function dropServerDatabase(url: string, database: string): Promise<void> {
  const store = await openServerStore(url, database);
  try {
    await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
  } finally {
    await store.close();
  }
}

export interface StatisticRow {
  readonly value: number | null;
  readonly sampleSize: number;
  readonly referenceSize: number;
  readonly status: string;
  readonly partials: number;
}

export interface RunSnapshot {
  /** model|version|role|span|window_end|family|subject|metric → row */
  readonly statistics: Map<string, StatisticRow>;
  /** model|version|role|window_end → state, predictions, labelled */
  readonly states: Map<string, string>;
  /** model|version|role|kind|window_start|partition → events */
  readonly profiles: Map<string, number>;
  /** counter|reason → cumulative value over every partition and minute */
  readonly counters: Map<string, number>;
}

interface RawStatistic {
  key: string;
  value: number | null;
  sample_size: string;
  reference_size: string;
  status: string;
  partials: number;
}

export async function snapshotRun(store: Store): Promise<RunSnapshot> {
  const statistics = new Map<string, StatisticRow>();
  const rows = await store.queryRows<RawStatistic>(
    `SELECT concat(model_id, '|', model_version, '|', deployment_role, '|', toString(span), '|', toString(window_end), '|', toString(family), '|', subject, '|', metric) AS key,
            value, toString(sample_size) AS sample_size, toString(reference_size) AS reference_size, toString(status) AS status, partials
     FROM window_statistics FINAL`,
  );
  for (const r of rows) {
    statistics.set(r.key, { value: r.value, sampleSize: Number(r.sample_size), referenceSize: Number(r.reference_size), status: r.status, partials: r.partials });
  }
  const states = new Map<string, string>();
  for (const r of await store.queryRows<{ key: string; summary: string }>(
    `SELECT concat(model_id, '|', model_version, '|', deployment_role, '|', toString(window_end)) AS key,
            concat(toString(state), ' predictions=', toString(predictions), ' labelled=', toString(labelled)) AS summary
     FROM model_window_states FINAL`,
  )) {
    states.set(r.key, r.summary);
  }
  const profiles = new Map<string, number>();
  for (const r of await store.queryRows<{ key: string; events: string }>(
    `SELECT concat(model_id, '|', model_version, '|', deployment_role, '|', toString(window_kind), '|', toString(window_start), '|', toString(source_partition)) AS key,
            toString(events) AS events
     FROM window_profiles FINAL`,
  )) {
    profiles.set(r.key, Number(r.events));
  }
  const counters = new Map<string, number>();
  for (const r of await store.queryRows<{ key: string; total: string }>(
    `SELECT concat(counter, '|', reason) AS key, toString(sum(value)) AS total FROM stream_counters FINAL GROUP BY counter, reason`,
  )) {
    counters.set(r.key, Number(r.total));
  }
  return { statistics, states, profiles, counters };
}

export async function snapshotServerRun(url: string, database: string): Promise<RunSnapshot> {
  const store = await openServerStore(url, database);
  try {
    return await snapshotRun(store);
  } finally {
    await store.close();
  }
}
