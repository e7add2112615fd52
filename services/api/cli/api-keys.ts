import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMigrations, openStore, runMigrations } from '../../adapters/store/index.js';
import { loadConfig } from '../../shared/config.js';
import { isVigilError } from '../../shared/errors.js';
import { createRootLogger } from '../../shared/logger.js';
import { ApiKeyAdmin } from '../auth/api-key-admin.js';
import { ApiKeyRepository } from '../auth/api-key-repository.js';
import { actorOfCliUser } from '../audit/audit-entry.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Scope } from '../principal.js';

const USAGE = `usage: npm run api:keys -- create --name NAME --scopes read[,write,admin] [--models a,b]
       npm run api:keys -- list
       npm run api:keys -- revoke KEYID`;

const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

function commaList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function parseScopes(value: string | undefined): Scope[] {
  const scopes = commaList(value);
  const unknown = scopes.filter((scope) => !SCOPES.includes(scope as Scope));
  if (scopes.length === 0 || unknown.length > 0) throw new Error(`--scopes must list some of ${SCOPES.join(', ')} (got "${value ?? ''}")`);
  return scopes as Scope[];
}

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, models: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const logger = createRootLogger({ level: 'warn', service: 'api-keys' });
  const store = await openStore(config.clickhouse, logger);
  // Keys may be the first thing set up on a fresh store: make sure api_keys and audit_log exist.
  await runMigrations(store, loadMigrations(resolve(import.meta.dirname, '../../../sql')), { logger });
  const clock = (): number => Date.now();
  const admin = new ApiKeyAdmin(new ApiKeyRepository(store), new AuditLog(store, clock), clock);
  const context = { actor: actorOfCliUser(userInfo().username), requestId: '' };
  try {
    switch (command) {
      case 'create': {
        if (values.name === undefined) throw new Error('--name is required');
        const created = await admin.create({ name: values.name, scopes: parseScopes(values.scopes), models: commaList(values.models) }, context);
        console.log(JSON.stringify(created.summary));
        console.log(`\nAPI key (shown once, store it now):\n${created.key}`);
        break;
      }
      case 'list':
        for (const key of await admin.list()) console.log(JSON.stringify(key));
        break;
      case 'revoke': {
        const keyId = rest[0];
        if (keyId === undefined) throw new Error('revoke needs a KEYID');
        console.log(JSON.stringify(await admin.revoke(keyId, context)));
        break;
      }
      default:
        throw new Error(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(isVigilError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
