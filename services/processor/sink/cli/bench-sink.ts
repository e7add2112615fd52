// Write cost of the ClickHouse sink on embedded chDB: simulated traffic of one model (hourly
// windows) through the topology, every closed batch written with and without rolling spans
// (the baseline). Prints one JSON object per metric.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, openStore, runMigrations } from '../../../adapters/store/index.js';
import { validateProfileSettings } from '../../../core/profile/index.js';
import { sameReferenceForEveryModel } from '../../../references/index.js';
import { buildPresetFleet } from '../../../simulator/spec/presets.js';
import { generateAll } from '../../../simulator/testing/test-fleet.js';
import { configSchema } from '../../../shared/config.js';
import { createRootLogger } from '../../../shared/logger.js';
import { SettingsSnapshot } from '../../settings/index.js';
import { driveTopology, HOUR } from '../../statistics/testing/topology-driver.js';
import { ClickHouseWindowSink } from '../clickhouse-window-sink.js';

const logger = createRootLogger({ level: 'silent', service: 'bench-sink' });
const settings = validateProfileSettings({ positiveLabel: '1', protectedAttributes: ['gender', 'region'], maxGroupsPerAttribute: 100, maxClasses: 100 });
const snapshot = new SettingsSnapshot([], [{ scope: '*', positiveLabel: '1', protectedAttributes: ['gender', 'region'], privilegedGroups: { gender: 'male', region: 'north' } }]);
const T0 = Date.UTC(2026, 0, 1);
const hours = 12;
const fleet = buildPresetFleet({ preset: 'fleet', models: 1, seed: 3, runId: 'b', startTime: T0, endTime: T0 + hours * HOUR, scenarioHorizonMs: hours * HOUR, eventsPerHour: 2_000 });
const batches = driveTopology(generateAll(fleet).emissions, { settingsFor: () => settings });
const reference = batches.flatMap((b) => b.predictionWindows)[0]?.state ?? null;

const path = mkdtempSync(join(tmpdir(), 'vigil-bench-sink-'));
try {
  for (const rolling of [false, true]) {
    const database = `bench_sink_${rolling ? 'rolling' : 'window'}`;
    const config = configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse: { mode: 'embedded', path, database } }).clickhouse;
    const store = await openStore(config, logger);
    await runMigrations(store, loadMigrations(fileURLToPath(new URL('../../../../sql', import.meta.url))));
    const latency: Record<string, number> = {};
    const sink = new ClickHouseWindowSink({
      store,
      references: sameReferenceForEveryModel(reference === null ? null : { referenceId: 'r', source: 'automatic', profile: reference, rangeEnd: null }),
      settings: () => snapshot,
      logger,
      rollingSpans: rolling,
      onWriteLatency: (table, seconds) => { latency[table] = (latency[table] ?? 0) + seconds * 1000; },
    });
    const started = performance.now();
    for (const batch of batches) await sink.write([batch]);
    const elapsed = performance.now() - started;
    const windows = batches.reduce((n, b) => n + b.predictionWindows.length + b.labelWindows.length, 0);
    console.log(JSON.stringify({ metric: 'sink_write_per_window', rollingSpans: rolling, value: elapsed / windows, unit: 'ms', windows, baseline: 'rollingSpans=false' }));
    for (const [table, ms] of Object.entries(latency)) console.log(JSON.stringify({ metric: 'sink_insert_time', rollingSpans: rolling, table, value: ms / windows, unit: 'ms per window' }));
    await store.close();
  }
} finally {
  rmSync(path, { recursive: true, force: true });
}
