import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadMigrations } from '../../adapters/store/migration-files.js';
import { runMigrations } from '../../adapters/store/migrator.js';
import type { Store } from '../../adapters/store/store.js';
import { configSchema } from '../../shared/config.js';
import { createRootLogger } from '../../shared/logger.js';
import { buildApp } from '../app.js';
import type { ApiConfig } from '../../shared/config-schema.js';
import { FIXTURE_NOW_MS, fillReadFixture } from './read-fixture.js';
import { staticAuth } from './static-auth.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../sql', import.meta.url));

export function testApiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return { ...configSchema.parse({ kafka: { brokers: ['unused:9092'] } }).api, maxPageSize: 50, ...overrides };
}

/** Migrates `store`, fills the read fixture and builds the app on it with the static auth double. */
export async function buildReadTestApp(store: Store, overrides: Partial<ApiConfig> = {}): Promise<FastifyInstance> {
  await runMigrations(store, loadMigrations(MIGRATIONS_DIR));
  await fillReadFixture(store);
  const app = await buildApp({
    store,
    config: testApiConfig(overrides),
    logger: createRootLogger({ level: process.env['VIGIL_API_TEST_LOG_LEVEL'] ?? 'silent', service: 'api-test' }),
    clock: () => FIXTURE_NOW_MS,
    auth: staticAuth,
  });
  await app.ready();
  return app;
}
