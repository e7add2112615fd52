import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../../services/shared/config.js';
import { openStore } from '../../../services/adapters/store/clickhouse-store.js';
import { quoteIdentifier } from '../../../services/adapters/store/sql-identifier.js';
import type { Store } from '../../../services/adapters/store/store.js';
import { createRootLogger } from '../../../services/shared/logger.js';

// Every store integration test runs on both engines: embedded chDB (26.x, in this process)
// and the ClickHouse server named by VIGIL_TEST_CLICKHOUSE_URL (18.16 from deploy/local/stack.sh).
// One chDB engine per process binds one data directory, so each test file owns one temp
// directory and separates its tests by database name.

export const ENGINES = ['embedded', 'http'] as const;
export type Engine = (typeof ENGINES)[number];

const logger = createRootLogger({ level: 'silent', service: 'store-test' });

export function testServerUrl(): string {
  const url = process.env.VIGIL_TEST_CLICKHOUSE_URL;
  if (url === undefined || url === '') {
    throw new Error('VIGIL_TEST_CLICKHOUSE_URL is not set: start the ClickHouse server with deploy/local/stack.sh (it exports the variable)');
  }
  return url;
}

/** A database name no other test uses. */
export function uniqueDatabase(purpose: string): string {
  return `vigil_test_${purpose}_${randomBytes(4).toString('hex')}`;
}

/** Owns the chDB directory of one test file and every store (and server database) its tests opened. */
export class StoreFixture {
  readonly chdbPath = mkdtempSync(join(tmpdir(), 'vigil-chdb-'));
  readonly #open: Store[] = [];

  async open(engine: Engine, database: string): Promise<Store> {
    const clickhouse =
      engine === 'embedded'
        ? { mode: 'embedded', path: this.chdbPath, database }
        : {
            mode: 'http',
            url: testServerUrl(),
            database,
            username: process.env.VIGIL_TEST_CLICKHOUSE_USER ?? 'default',
            password: process.env.VIGIL_TEST_CLICKHOUSE_PASSWORD ?? '',
          };
    const config = configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse }).clickhouse;
    const store = await openStore(config, logger);
    this.#open.push(store);
    return store;
  }

  /** Closes every store and drops the server databases (chDB's go with its directory). */
  async cleanUp(): Promise<void> {
    for (const store of this.#open) await store.close();
    const serverDatabases = new Set(this.#open.filter((store) => store.engine === 'http').map((store) => store.database));
    this.#open.length = 0;
    for (const database of serverDatabases) {
      // A fresh store per database, which drops its own: requests naming a dropped database fail.
      const store = await this.open('http', database);
      await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
      await store.close();
    }
    rmSync(this.chdbPath, { recursive: true, force: true });
  }
}
