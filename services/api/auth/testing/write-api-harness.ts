import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadMigrations, openStore, runMigrations, type Store } from '../../../adapters/store/index.js';
import { configSchema, type ClickHouseConfig } from '../../../shared/config.js';
import { createRootLogger } from '../../../shared/logger.js';
import type { ApiDeps } from '../../api-deps.js';
import { buildApp } from '../../app.js';
import { AuditLog } from '../../audit/audit-log.js';
import type { Scope } from '../../principal.js';
import { ApiKeyAdmin } from '../api-key-admin.js';
import { ApiKeyRepository } from '../api-key-repository.js';
import { createApiKeyAuth } from '../index.js';

const SQL_DIRECTORY = resolve(import.meta.dirname, '../../../../sql');
const logger = createRootLogger({ level: 'silent', service: 'api-write-test' });
/** One chDB engine per process binds one data directory: every harness of a process shares it. */
let embeddedPath: string | undefined;
const START_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface HarnessOptions {
  /** Omitted: embedded chDB in a temp directory of this process. */
  readonly clickhouse?: Record<string, unknown>;
  readonly rateLimitPerMinute?: number;
}

/** Opens a fresh, migrated database on the given engine (embedded chDB by default). */
export async function openMigratedStore(clickhouse?: Record<string, unknown>): Promise<Store> {
  const database = `vigil_api_${randomBytes(4).toString('hex')}`;
  const settings = clickhouse ?? { mode: 'embedded', path: (embeddedPath ??= mkdtempSync(join(tmpdir(), 'vigil-api-chdb-'))) };
  const config: ClickHouseConfig = configSchema.parse({ kafka: { brokers: ['unused:9092'] }, clickhouse: { ...settings, database } }).clickhouse;
  const store = await openStore(config, logger);
  await runMigrations(store, loadMigrations(SQL_DIRECTORY));
  return store;
}

export function removeEmbeddedData(): void {
  if (embeddedPath !== undefined) rmSync(embeddedPath, { recursive: true, force: true });
  embeddedPath = undefined;
}

/**
 * The real app (buildApp) over a real store with a manual clock, plus shortcuts to create keys
 * and call it with one. For route tests of the write side.
 */
export class WriteApiHarness {
  readonly deps: ApiDeps;
  readonly audit: AuditLog;
  readonly admin: ApiKeyAdmin;

  private constructor(
    readonly store: Store,
    readonly app: FastifyInstance,
    deps: ApiDeps,
    private readonly time: { now: number },
  ) {
    this.deps = deps;
    this.audit = new AuditLog(store, deps.clock);
    // Keys for tests are hashed at a low scrypt cost (stored with the hash) to keep tests fast.
    this.admin = new ApiKeyAdmin(new ApiKeyRepository(store), this.audit, deps.clock, { N: 1024, r: 8, p: 1 });
  }

  static async start(options: HarnessOptions = {}): Promise<WriteApiHarness> {
    const store = await openMigratedStore(options.clickhouse);
    const base = configSchema.parse({ kafka: { brokers: ['unused:9092'] } }).api;
    const config = { ...base, rateLimitPerMinute: options.rateLimitPerMinute ?? base.rateLimitPerMinute, docs: false };
    const time = { now: START_MS };
    const clock = (): number => time.now;
    const deps: ApiDeps = { store, config, logger, clock };
    const app = await buildApp({ ...deps, auth: createApiKeyAuth(deps) });
    await app.ready();
    return new WriteApiHarness(store, app, deps, time);
  }

  get now(): number {
    return this.time.now;
  }

  advance(ms: number): void {
    this.time.now += ms;
  }


  async key(scopes: readonly Scope[], models: readonly string[] = [], name = `test-${scopes.join('-')}`): Promise<string> {
    const created = await this.admin.create({ name, scopes, models }, { actor: 'cli:test', requestId: '' });
    return created.key;
  }

  inject(key: string | null, options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers ?? {}), ...(key === null ? {} : { authorization: `Bearer ${key}` }) };
    return this.app.inject({ ...options, headers });
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.store.close();
  }
}
