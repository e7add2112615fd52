import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../adapters/store/store.js';
import { AuditLog } from '../api/audit/audit-log.js';
import { ApiKeyAdmin } from '../api/auth/api-key-admin.js';
import { ApiKeyRepository } from '../api/auth/api-key-repository.js';
import { parseApiKey } from '../api/auth/api-key-format.js';
import { FLEET_SCOPE } from '../api/auth/write-access.js';
import { SettingsRepository } from '../api/routes/settings-repository.js';
import { SettingsService } from '../api/routes/settings-service.js';
import type { Logger } from '../shared/logger.js';

const ACTOR = 'system:npm-start';

/**
 * The fleet default the simulator's demo models need: label '1' is the favourable decision and
 * gender, age band and region are protected. Written (and audited) only when no fleet default
 * exists, so a setting someone changed is never overwritten.
 */
export async function seedDemoSettings(store: Store, logger: Logger, clock: () => number): Promise<void> {
  const service = new SettingsService(new SettingsRepository(store), new AuditLog(store, clock), clock);
  const current = await service.effective(FLEET_SCOPE);
  if (current.source !== 'none') return;
  await service.put(
    FLEET_SCOPE,
    {
      positiveLabel: '1',
      protectedAttributes: ['gender', 'age_band', 'region'],
      privilegedGroups: { gender: 'male', age_band: '26-40', region: 'north' },
      expectedSeq: undefined,
    },
    { actor: ACTOR, requestId: 'npm-start' },
  );
  logger.info('seeded the fleet-default model settings for the simulated fleet');
}

/**
 * A local admin key for the dashboard and curl, kept in a file readable only by its owner.
 * Reused while the store still knows it; otherwise a new one is created (and audited).
 */
export async function ensureDemoKey(store: Store, file: string, logger: Logger, clock: () => number): Promise<void> {
  const keys = new ApiKeyRepository(store);
  if (existsSync(file)) {
    const parsed = parseApiKey(readFileSync(file, 'utf8').trim());
    const stored = parsed === null ? null : await keys.get(parsed.keyId);
    if (stored !== null && !stored.revoked) {
      logger.info({ keyFile: file }, 'API key for local use (admin) is in the key file');
      return;
    }
  }
  const admin = new ApiKeyAdmin(keys, new AuditLog(store, clock), clock);
  const { key } = await admin.create({ name: 'local npm start', scopes: ['admin'], models: [] }, { actor: ACTOR, requestId: 'npm-start' });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  logger.info({ keyFile: file }, 'created an admin API key for local use; it is in the key file');
}
