import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiKeyAuthenticator } from '../../../services/api/auth/api-key-authenticator.js';
import { ApiKeyRepository } from '../../../services/api/auth/api-key-repository.js';
import { AuditLog } from '../../../services/api/audit/audit-log.js';
import { quoteIdentifier } from '../../../services/adapters/store/index.js';
import { StoreFixture, testServerUrl, uniqueDatabase } from '../store/store-engines.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = new StoreFixture();
const database = uniqueDatabase('api_keys_cli');

function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'services/api/cli/api-keys.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      VIGIL_KAFKA_BROKERS: 'unused:9092',
      VIGIL_CLICKHOUSE_MODE: 'http',
      VIGIL_CLICKHOUSE_URL: testServerUrl(),
      VIGIL_CLICKHOUSE_DATABASE: database,
    },
  });
}

afterAll(async () => {
  const store = await fixture.open('http', database);
  await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
  await fixture.cleanUp();
});

describe('npm run api:keys', () => {
  it('creates a key printed once that authenticates, lists it without secrets, revokes it, and audits as the OS user', async () => {
    const created = await cli('create', '--name', 'ci-bot', '--scopes', 'read,write', '--models', 'loans,cards');
    const match = /^(vgl_([0-9a-f]{16})_([A-Za-z0-9_-]{43}))$/m.exec(created.stdout);
    expect(match).not.toBeNull();
    // The secret is base64url, so it may itself hold '_': split the key by the pattern, not on '_'.
    const [, key, keyId = '', secret = ''] = match!;

    const store = await fixture.open('http', database);
    const keys = new ApiKeyRepository(store);
    const principal = await new ApiKeyAuthenticator(keys, { clock: () => Date.now() }).authenticate(key!);
    expect(principal).toMatchObject({ keyId, name: 'ci-bot', scopes: ['read', 'write'], models: ['cards', 'loans'] });

    const listed = await cli('list');
    expect(listed.stdout).toContain(keyId);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain('scrypt$');

    await cli('revoke', keyId);
    expect(await new ApiKeyAuthenticator(keys, { clock: () => Date.now() }).authenticate(key!)).toBeNull();

    const audit = await new AuditLog(store, () => Date.now()).query({ entityId: keyId, limit: 10 });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['api_key.revoke', `cli:${userInfo().username}`],
      ['api_key.create', `cli:${userInfo().username}`],
    ]);
  });

  it('exits non-zero on an unknown scope without creating anything', async () => {
    await expect(cli('create', '--name', 'bad', '--scopes', 'root')).rejects.toMatchObject({ code: 1 });
  });
});
