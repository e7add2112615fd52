import { VigilError } from '../../shared/errors.js';
import type { Clock } from '../api-deps.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ChangeContext } from '../audit/change-context.js';
import type { Scope } from '../principal.js';
import { generateApiKey, isKeyId } from './api-key-format.js';
import { summarizeKey, timestampOf, type ApiKeyRepository, type ApiKeySummary } from './api-key-repository.js';
import { hashSecret, SCRYPT_COST, type ScryptCost } from './secret-hash.js';

export interface CreateKeyRequest {
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly models: readonly string[];
}

/** Creating and revoking keys, each change audited. The plain key is returned once and never stored. */
export class ApiKeyAdmin {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** Tests pass a low cost; the cost is stored with each hash. */
    private readonly cost: ScryptCost = SCRYPT_COST,
  ) {}

  async create(request: CreateKeyRequest, context: ChangeContext): Promise<{ readonly key: string; readonly summary: ApiKeySummary }> {
    const name = request.name.trim();
    if (name === '') throw new VigilError('VALIDATION_FAILED', 'name: must not be empty', { field: 'name' });
    if (request.scopes.length === 0) throw new VigilError('VALIDATION_FAILED', 'scopes: at least one scope', { field: 'scopes' });
    const generated = generateApiKey();
    const { hash, salt } = await hashSecret(generated.secret, this.cost);
    const now = Math.trunc(this.clock());
    const stored = {
      keyId: generated.keyId,
      name,
      secretHash: hash,
      salt,
      scopes: [...new Set(request.scopes)],
      models: [...new Set(request.models)].sort(),
      revoked: false,
      createdBy: context.actor,
      createdAt: timestampOf(now),
      seq: now,
    };
    await this.keys.put(stored);
    const summary = summarizeKey(stored);
    await this.audit.record({
      ...context,
      action: 'api_key.create',
      entityType: 'api_key',
      entityId: stored.keyId,
      modelId: '',
      before: null,
      after: summary,
    });
    return { key: generated.key, summary };
  }

  async revoke(keyId: string, context: ChangeContext): Promise<ApiKeySummary> {
    const stored = isKeyId(keyId) ? await this.keys.get(keyId) : null;
    if (stored === null) throw new VigilError('NOT_FOUND', `unknown API key "${keyId}"`, { keyId });
    // seq must grow even if the clock did not move since the last change of this key.
    const seq = Math.max(Math.trunc(this.clock()), stored.seq + 1);
    const revoked = { ...stored, revoked: true, seq };
    await this.keys.put(revoked);
    const summary = summarizeKey(revoked);
    await this.audit.record({
      ...context,
      action: 'api_key.revoke',
      entityType: 'api_key',
      entityId: keyId,
      modelId: '',
      before: summarizeKey(stored),
      after: summary,
    });
    return summary;
  }

  async list(): Promise<ApiKeySummary[]> {
    return (await this.keys.list()).map(summarizeKey);
  }
}
