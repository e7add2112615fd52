// The processor inside the test process, on the embedded engine (chDB runs in-process, so a
// chDB store cannot be shared with a child process). Same configuration as the child processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../../services/adapters/store/clickhouse-store.js';
import type { Store } from '../../../../services/adapters/store/store.js';
import { startProcessor, type RunningProcessor } from '../../../../services/processor/runtime/start-processor.js';
import { loadConfig, type VigilConfig } from '../../../../services/shared/config.js';
import { createRootLogger } from '../../../../services/shared/logger.js';
import { processorEnv, type ProcessorRunSettings } from './processor-process.js';
import { prepareDatabase } from './store-snapshot.js';

/** chDB queries run on this process's event loop, so heartbeats get the default 30 s session. */
export class EmbeddedProcessor {
  readonly path = mkdtempSync(join(tmpdir(), 'vigil-processor-chdb-'));
  readonly config: Readonly<VigilConfig>;
  store: Store | undefined;
  running: RunningProcessor | undefined;

  constructor(settings: Omit<ProcessorRunSettings, 'clickhouseUrl' | 'logFile'>) {
    const env = processorEnv({ ...settings, clickhouseUrl: 'http://unused', logFile: '' });
    this.config = loadConfig({ ...env, VIGIL_CLICKHOUSE_MODE: 'embedded', VIGIL_CLICKHOUSE_PATH: this.path, VIGIL_CLICKHOUSE_URL: undefined, VIGIL_LOG_LEVEL: 'warn', VIGIL_PROCESSOR_SESSION_TIMEOUT_MS: '30000' });
  }

  /** Opens and migrates the embedded store (call before writing references into it). */
  async open(): Promise<Store> {
    this.store = await openStore(this.config.clickhouse, createRootLogger({ level: 'silent', service: 'processor-test' }));
    await prepareDatabase(this.store);
    return this.store;
  }

  async start(): Promise<void> {
    const store = this.store ?? (await this.open());
    this.running = await startProcessor({ config: this.config, store, logger: createRootLogger({ level: 'warn', service: 'processor' }), http: false, maxWaitTimeMs: 200 });
  }

  async dispose(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
    await this.store?.close();
    this.store = undefined;
    rmSync(this.path, { recursive: true, force: true });
  }
}
