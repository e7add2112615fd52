import { fileURLToPath } from 'node:url';
import { formatDateTimeUtc, loadMigrations, runMigrations, type Store } from '../../../services/adapters/store/index.js';
import type { DeploymentRole } from '../../../services/contracts/index.js';
import { ModelWindowProfile, sketchProfileParts, type ProfileSettings } from '../../../services/core/profile/index.js';
import { binarySettings, prediction } from '../../../services/core/profile/event-builders.test-support.js';
import { encodeProfile } from '../../../services/references/index.js';
import { uniqueDatabase, type Engine, type StoreFixture } from '../store/store-engines.js';

const migrations = loadMigrations(fileURLToPath(new URL('../../../sql', import.meta.url)));
export const HOUR = 3_600_000;
/** 2024-05-01T00:00:00Z: window starts are whole hours after it. */
export const T0 = Date.UTC(2024, 4, 1);

export async function migratedStore(fixture: StoreFixture, engine: Engine, purpose: string): Promise<Store> {
  const store = await fixture.open(engine, uniqueDatabase(purpose));
  await runMigrations(store, migrations);
  return store;
}

export interface WindowSpec {
  readonly modelId?: string;
  readonly version?: string;
  readonly role?: DeploymentRole;
  /** Hours after T0. */
  readonly hour: number;
  readonly predictions: number;
  /** Shifts the scores and incomes so windows differ. */
  readonly shift?: number;
  readonly settings?: ProfileSettings;
}

/** A closed one-hour prediction window profile as the processor would have written it. */
export function windowProfile(spec: WindowSpec): ModelWindowProfile {
  const key = { modelId: spec.modelId ?? 'credit', modelVersion: spec.version ?? 'v1', deploymentRole: spec.role ?? 'champion' };
  const start = T0 + spec.hour * HOUR;
  const profile = new ModelWindowProfile(key, start, start + HOUR, spec.settings ?? binarySettings, sketchProfileParts);
  const shift = spec.shift ?? 0;
  for (let i = 0; i < spec.predictions; i++) {
    const event = prediction({ eventTime: start + i, id: `${spec.hour}-${i}`, score: ((i * 37 + shift * 11) % 100) / 100 });
    profile.addPrediction({ ...event, ...key, features: { income: 1000 + ((i * 7919 + shift * 131) % 5000), region: ['north', 'south', 'east'][i % 3] ?? 'north' } });
  }
  return profile;
}

/** Writes window profiles into window_profiles (one row per partial) as the processor's sink does. */
export async function insertWindows(store: Store, windows: readonly { profile: ModelWindowProfile; partition?: number }[]): Promise<void> {
  await store.insertRows(
    'window_profiles',
    windows.map(({ profile, partition }) => ({
      model_id: profile.key.modelId,
      model_version: profile.key.modelVersion,
      deployment_role: profile.key.deploymentRole,
      window_kind: 'prediction',
      window_start: formatDateTimeUtc(profile.start),
      window_end: formatDateTimeUtc(profile.end),
      source_partition: partition ?? 0,
      events: profile.predictions,
      profile: encodeProfile(profile),
      written_at: formatDateTimeUtc(profile.end + 60_000),
    })),
  );
}
