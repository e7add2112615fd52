import { BUILT_IN_MODEL_SETTINGS } from '../../core/profile/index.js';
import { VigilError } from '../../shared/errors.js';
import type { Clock } from '../api-deps.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ChangeContext } from '../audit/change-context.js';
import { assertExpectedSeq, FLEET_SCOPE } from '../auth/write-access.js';
import { isoTime } from '../queries/row-values.js';
import type { SettingsView } from './settings-schemas.js';
import type { SettingsRepository, StoredSettings } from './settings-repository.js';
import { changeStamp } from './thresholds-repository.js';

export interface SettingsChange {
  readonly positiveLabel: string | null;
  readonly protectedAttributes: readonly string[];
  readonly privilegedGroups: Readonly<Record<string, string>>;
  readonly expectedSeq: number | undefined;
}

/** Without any row the processor applies its built-in settings; show those (what is in force). */
function view(scope: string, stored: StoredSettings | undefined, source: SettingsView['source']): SettingsView {
  const values = stored ?? BUILT_IN_MODEL_SETTINGS;
  return {
    scope,
    source,
    positiveLabel: values.positiveLabel,
    protectedAttributes: [...values.protectedAttributes],
    privilegedGroups: { ...values.privilegedGroups },
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored === undefined ? null : isoTime(stored.updatedAt),
    seq: stored?.seq ?? 0,
  };
}

const live = (settings: StoredSettings | undefined): StoredSettings | undefined => (settings?.deleted === true ? undefined : settings);

/** Model settings (positive label, protected attributes, privileged groups): a model's row replaces '*' as a whole. */
export class SettingsService {
  constructor(
    private readonly repository: SettingsRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async effective(scope: string): Promise<SettingsView> {
    const rows = await this.repository.latest(scope === FLEET_SCOPE ? [FLEET_SCOPE] : [FLEET_SCOPE, scope]);
    const own = live(rows.get(scope));
    if (own !== undefined) return view(scope, own, scope === FLEET_SCOPE ? 'fleet' : 'model');
    const fleet = live(rows.get(FLEET_SCOPE));
    // The version of the scope's own row (possibly a deletion) is what If-Match compares against.
    const seq = rows.get(scope)?.seq ?? 0;
    return { ...view(scope, fleet, fleet === undefined ? 'none' : 'fleet'), seq };
  }

  async put(scope: string, change: SettingsChange, context: ChangeContext): Promise<SettingsView> {
    const attributes = [...new Set(change.protectedAttributes)].sort();
    for (const attribute of Object.keys(change.privilegedGroups)) {
      if (!attributes.includes(attribute)) {
        throw new VigilError('VALIDATION_FAILED', `body/privilegedGroups/${attribute}: not one of protectedAttributes`, { field: `body/privilegedGroups/${attribute}` });
      }
    }
    const previous = (await this.repository.latest([scope])).get(scope);
    assertExpectedSeq(change.expectedSeq, previous?.seq ?? 0);
    const stored: StoredSettings = {
      scope,
      positiveLabel: change.positiveLabel,
      protectedAttributes: attributes,
      privilegedGroups: { ...change.privilegedGroups },
      deleted: false,
      updatedBy: context.actor,
      ...changeStamp(this.clock(), previous?.seq),
    };
    await this.repository.put(stored);
    const after = view(scope, stored, scope === FLEET_SCOPE ? 'fleet' : 'model');
    await this.audit.record({
      ...context,
      action: 'settings.put',
      entityType: 'model_settings',
      entityId: scope,
      modelId: scope === FLEET_SCOPE ? '' : scope,
      before: live(previous) === undefined ? null : view(scope, previous, after.source),
      after,
    });
    return after;
  }

  async remove(scope: string, expectedSeq: number | undefined, context: ChangeContext): Promise<void> {
    const previous = live((await this.repository.latest([scope])).get(scope));
    if (previous === undefined) throw new VigilError('NOT_FOUND', `no settings for "${scope}"`, { scope });
    assertExpectedSeq(expectedSeq, previous.seq);
    await this.repository.put({ ...previous, deleted: true, updatedBy: context.actor, ...changeStamp(this.clock(), previous.seq) });
    await this.audit.record({
      ...context,
      action: 'settings.delete',
      entityType: 'model_settings',
      entityId: scope,
      modelId: scope === FLEET_SCOPE ? '' : scope,
      before: view(scope, previous, scope === FLEET_SCOPE ? 'fleet' : 'model'),
      after: null,
    });
  }
}
