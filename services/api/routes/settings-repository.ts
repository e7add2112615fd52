import { sqlLiteral, type Store } from '../../adapters/store/index.js';

/** One model_settings row (latest version); privilegedGroups as attribute → group. */
export interface StoredSettings {
  readonly scope: string;
  readonly positiveLabel: string | null;
  readonly protectedAttributes: readonly string[];
  readonly privilegedGroups: Readonly<Record<string, string>>;
  readonly deleted: boolean;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly seq: number;
}

interface SettingsRow {
  scope: string;
  positive_label: string;
  protected_attributes: string[];
  privileged_groups: string[];
  deleted: number | string;
  updated_by: string;
  updated_at: string;
  seq: string | number;
}

/** 'attribute=group' (sql/0007); the attribute never holds '=', the group may. */
function splitGroup(entry: string): [string, string] {
  const at = entry.indexOf('=');
  return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
}

function fromRow(row: SettingsRow): StoredSettings {
  return {
    scope: row.scope,
    positiveLabel: row.positive_label === '' ? null : row.positive_label,
    protectedAttributes: row.protected_attributes,
    privilegedGroups: Object.fromEntries(row.privileged_groups.map(splitGroup)),
    deleted: Number(row.deleted) === 1,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    seq: Number(row.seq),
  };
}

/** model_settings: ReplacingMergeTree(seq), the highest seq per scope wins. */
export class SettingsRepository {
  constructor(private readonly store: Store) {}

  /** Latest version per scope (deleted ones included). */
  async latest(scopes: readonly string[]): Promise<Map<string, StoredSettings>> {
    const rows = await this.store.queryRows<SettingsRow>(
      `SELECT scope, positive_label, protected_attributes, privileged_groups, deleted, updated_by, updated_at, seq ` +
        `FROM model_settings FINAL WHERE has(${sqlLiteral(scopes)}, scope)`,
    );
    const latest = new Map<string, StoredSettings>();
    for (const settings of rows.map(fromRow)) {
      const seen = latest.get(settings.scope);
      if (seen === undefined || seen.seq < settings.seq) latest.set(settings.scope, settings);
    }
    return latest;
  }

  async put(settings: StoredSettings): Promise<void> {
    await this.store.insertRows('model_settings', [
      {
        scope: settings.scope,
        positive_label: settings.positiveLabel ?? '',
        protected_attributes: [...settings.protectedAttributes],
        privileged_groups: Object.entries(settings.privilegedGroups).map(([attribute, group]) => `${attribute}=${group}`),
        deleted: settings.deleted ? 1 : 0,
        updated_by: settings.updatedBy,
        updated_at: settings.updatedAt,
        seq: settings.seq,
      },
    ]);
  }
}
