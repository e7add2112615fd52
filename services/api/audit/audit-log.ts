import { randomUUID } from 'node:crypto';
import { formatDateTimeUtc, sqlLiteral, type Store } from '../../adapters/store/index.js';
import type { Clock } from '../api-deps.js';
import type { AuditEntry, AuditRecord } from './audit-entry.js';

/** null/undefined (entity absent) is stored as '' as sql/0008 says; anything else as JSON. */
function toJsonColumn(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

function fromJsonColumn(text: string): unknown {
  return text === '' ? null : JSON.parse(text);
}

export interface AuditQuery {
  readonly modelId?: string;
  /** Restricts to these models (a write key limited to some models); empty = no restriction. */
  readonly modelIn?: readonly string[];
  readonly entityType?: string;
  readonly entityId?: string;
  /** Matches the actor exactly or as a prefix (`key:<keyId>` finds every entry of that key). */
  readonly actor?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Entries strictly older than this position (newest first paging). */
  readonly before?: { readonly atMs: number; readonly auditId: string };
  readonly limit: number;
}

interface AuditRow {
  at_ms: string | number;
  audit_id: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  model_id: string;
  before: string;
  after: string;
  request_id: string;
}

/** Append-only audit_log writer and reader. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const atMs = Math.trunc(this.clock());
    const record: AuditRecord = { ...entry, auditId: randomUUID(), atMs };
    await this.store.insertRows('audit_log', [
      {
        at: formatDateTimeUtc(atMs),
        at_ms: atMs,
        audit_id: record.auditId,
        actor: entry.actor,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        model_id: entry.modelId,
        before: toJsonColumn(entry.before),
        after: toJsonColumn(entry.after),
        request_id: entry.requestId,
      },
    ]);
    return record;
  }

  /** Newest first. */
  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    if (query.modelId !== undefined) where.push(`model_id = ${sqlLiteral(query.modelId)}`);
    if (query.modelIn !== undefined && query.modelIn.length > 0) where.push(`has(${sqlLiteral(query.modelIn)}, model_id)`);
    if (query.entityType !== undefined) where.push(`entity_type = ${sqlLiteral(query.entityType)}`);
    if (query.entityId !== undefined) where.push(`entity_id = ${sqlLiteral(query.entityId)}`);
    if (query.actor !== undefined) where.push(`position(actor, ${sqlLiteral(query.actor)}) = 1`);
    if (query.fromMs !== undefined) where.push(`at_ms >= ${sqlLiteral(Math.trunc(query.fromMs))}`);
    if (query.toMs !== undefined) where.push(`at_ms < ${sqlLiteral(Math.trunc(query.toMs))}`);
    if (query.before !== undefined) {
      const atMs = sqlLiteral(query.before.atMs);
      where.push(`(at_ms < ${atMs} OR (at_ms = ${atMs} AND audit_id < ${sqlLiteral(query.before.auditId)}))`);
    }
    const rows = await this.store.queryRows<AuditRow>(
      `SELECT at_ms, audit_id, actor, action, entity_type, entity_id, model_id, before, after, request_id FROM audit_log` +
        (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
        ` ORDER BY at_ms DESC, audit_id DESC LIMIT ${sqlLiteral(query.limit)}`,
    );
    return rows.map((row) => ({
      auditId: row.audit_id,
      atMs: Number(row.at_ms),
      actor: row.actor,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      modelId: row.model_id,
      before: fromJsonColumn(row.before),
      after: fromJsonColumn(row.after),
      requestId: row.request_id,
    }));
  }
}
