import { formatDateTimeUtc, sqlLiteral, type Store } from '../../adapters/store/index.js';
import type { Scope } from '../principal.js';

/** One key as stored (latest version of its row). Never leaves the API with secretHash/salt. */
export interface StoredApiKey {
  readonly keyId: string;
  readonly name: string;
  readonly secretHash: string;
  readonly salt: string;
  readonly scopes: readonly Scope[];
  readonly models: readonly string[];
  readonly revoked: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly seq: number;
}

/** What may be shown about a key: everything but the hash and the salt. */
export type ApiKeySummary = Omit<StoredApiKey, 'secretHash' | 'salt'>;

interface ApiKeyRow {
  key_id: string;
  name: string;
  secret_hash: string;
  salt: string;
  scopes: string[];
  models: string[];
  revoked: number | string;
  created_by: string;
  created_at: string;
  seq: string | number;
}

const SCOPES: readonly string[] = ['read', 'write', 'admin'];

function fromRow(row: ApiKeyRow): StoredApiKey {
  return {
    keyId: row.key_id,
    name: row.name,
    secretHash: row.secret_hash,
    salt: row.salt,
    scopes: row.scopes.filter((scope): scope is Scope => SCOPES.includes(scope)),
    models: row.models,
    revoked: Number(row.revoked) === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    seq: Number(row.seq),
  };
}

export function summarizeKey(key: StoredApiKey): ApiKeySummary {
  const { secretHash: _hash, salt: _salt, ...summary } = key;
  return summary;
}

const COLUMNS = 'key_id, name, secret_hash, salt, scopes, models, revoked, created_by, created_at, seq';

/** api_keys is ReplacingMergeTree(seq): readers take the highest seq per key (FINAL). */
export class ApiKeyRepository {
  constructor(private readonly store: Store) {}

  async get(keyId: string): Promise<StoredApiKey | null> {
    const rows = await this.store.queryRows<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys FINAL WHERE key_id = ${sqlLiteral(keyId)} ORDER BY seq DESC LIMIT 1`,
    );
    const row = rows[0];
    return row === undefined ? null : fromRow(row);
  }

  async list(): Promise<StoredApiKey[]> {
    const rows = await this.store.queryRows<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys FINAL ORDER BY created_at, key_id`);
    // FINAL collapses versions per part merge; keep the highest seq per key if two survive.
    const latest = new Map<string, StoredApiKey>();
    for (const key of rows.map(fromRow)) {
      const seen = latest.get(key.keyId);
      if (seen === undefined || seen.seq < key.seq) latest.set(key.keyId, key);
    }
    return [...latest.values()];
  }

  /** Ids of revoked keys (the authenticator re-reads these at a short interval). */
  async revokedKeyIds(): Promise<Set<string>> {
    const rows = await this.store.queryRows<{ key_id: string }>(
      'SELECT key_id FROM api_keys GROUP BY key_id HAVING argMax(revoked, seq) = 1',
    );
    return new Set(rows.map((row) => row.key_id));
  }

  async put(key: StoredApiKey): Promise<void> {
    await this.store.insertRows('api_keys', [
      {
        key_id: key.keyId,
        name: key.name,
        secret_hash: key.secretHash,
        salt: key.salt,
        scopes: [...key.scopes],
        models: [...key.models],
        revoked: key.revoked ? 1 : 0,
        created_by: key.createdBy,
        created_at: key.createdAt,
        seq: key.seq,
      },
    ]);
  }
}

export function timestampOf(epochMs: number): string {
  return formatDateTimeUtc(epochMs);
}
