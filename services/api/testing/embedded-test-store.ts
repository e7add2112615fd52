import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore } from '../../adapters/store/clickhouse-store.js';
import type { Store } from '../../adapters/store/store.js';
import { configSchema } from '../../shared/config.js';
import { createRootLogger } from '../../shared/logger.js';

/** A real embedded chDB store in a temp directory (one per test file: chDB binds one per process). */
export async function openEmbeddedTestStore(): Promise<{ store: Store; remove: () => Promise<void> }> {
  const path = mkdtempSync(join(tmpdir(), 'vigil-api-chdb-'));
  const clickhouse = { mode: 'embedded', path, database: `api_${randomBytes(4).toString('hex')}` };
  const store = await openStore(configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse }).clickhouse, createRootLogger({ level: 'silent', service: 'api-test' }));
  return {
    store,
    remove: async () => {
      await store.close();
      rmSync(path, { recursive: true, force: true });
    },
  };
}
