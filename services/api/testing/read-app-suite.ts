import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../adapters/store/store.js';
import type { ApiConfig } from '../../shared/config-schema.js';
import { openEmbeddedTestStore } from './embedded-test-store.js';
import { buildReadTestApp } from './read-test-app.js';

/** One embedded store and app per test file, built before its tests and closed after. */
export function useReadTestApp(overrides: Partial<ApiConfig> = {}): { app: () => FastifyInstance; store: () => Store } {
  let app: FastifyInstance | undefined;
  let store: Store | undefined;
  let remove: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const opened = await openEmbeddedTestStore();
    store = opened.store;
    remove = opened.remove;
    app = await buildReadTestApp(opened.store, overrides);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await remove?.();
  });
  const required = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the read test app is not built yet');
    return value;
  };
  return { app: () => required(app), store: () => required(store) };
}
