import type { ThresholdRule } from '../../core/drift/metric-value.js';
import { VigilError } from '../../shared/errors.js';
import type { Clock } from '../api-deps.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ChangeContext } from '../audit/change-context.js';
import { assertExpectedSeq, FLEET_SCOPE } from '../auth/write-access.js';
import { isoTime } from '../queries/row-values.js';
import { FAMILIES, type Family } from '../schemas/common.js';
import { BUILT_IN_METRICS, builtInThreshold } from '../../core/thresholds/index.js';
import { changeStamp, type ThresholdOverride, type ThresholdRepository } from './thresholds-repository.js';
import { validateThresholdPair } from './thresholds-validation.js';

export interface OverrideView {
  readonly scope: string;
  readonly family: string;
  readonly metric: string;
  readonly warn: number;
  readonly critical: number;
  readonly rule: ThresholdRule;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly seq: number;
}

export interface EffectiveThreshold {
  readonly family: string;
  readonly metric: string;
  readonly warn: number;
  readonly critical: number;
  readonly rule: ThresholdRule;
  readonly source: 'built_in' | 'fleet' | 'model';
  readonly builtIn: { readonly warn: number; readonly critical: number; readonly rule: ThresholdRule } | null;
  readonly fleet: OverrideView | null;
  readonly model: OverrideView | null;
}

export interface ThresholdChange {
  readonly scope: string;
  readonly family: Family;
  readonly metric: string;
  readonly warn: number;
  readonly critical: number;
  readonly rule: ThresholdRule | undefined;
  readonly expectedSeq: number | undefined;
}

export function overrideView(override: ThresholdOverride): OverrideView {
  const { deleted: _deleted, updatedAt, ...rest } = override;
  return { ...rest, updatedAt: isoTime(updatedAt) };
}

const keyOf = (family: string, metric: string): string => `${family}\u0000${metric}`;

/** Effective thresholds and their changes: built-in < '*' < model, every change audited. */
export class ThresholdService {
  constructor(
    private readonly repository: ThresholdRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async effective(model: string, family: Family | undefined): Promise<EffectiveThreshold[]> {
    const scopes = model === FLEET_SCOPE ? [FLEET_SCOPE] : [FLEET_SCOPE, model];
    const live = (await this.repository.latest(scopes)).filter((o) => !o.deleted && (family === undefined || o.family === family));
    const fleet = new Map(live.filter((o) => o.scope === FLEET_SCOPE).map((o) => [keyOf(o.family, o.metric), o]));
    const own = new Map(live.filter((o) => o.scope !== FLEET_SCOPE).map((o) => [keyOf(o.family, o.metric), o]));
    const entries = new Map<string, { family: string; metric: string }>();
    for (const f of family === undefined ? FAMILIES : [family]) {
      for (const metric of BUILT_IN_METRICS[f]) entries.set(keyOf(f, metric), { family: f, metric });
    }
    for (const o of live) entries.set(keyOf(o.family, o.metric), { family: o.family, metric: o.metric });

    const result: EffectiveThreshold[] = [];
    for (const [key, { family: f, metric }] of entries) {
      const builtIn = (FAMILIES as readonly string[]).includes(f) ? builtInThreshold(f as Family, metric) : undefined;
      const modelOverride = own.get(key);
      const fleetOverride = fleet.get(key);
      const inForce = modelOverride ?? fleetOverride ?? builtIn;
      if (inForce === undefined) continue;
      result.push({
        family: f,
        metric,
        warn: inForce.warn,
        critical: inForce.critical,
        rule: inForce.rule,
        source: modelOverride !== undefined ? 'model' : fleetOverride !== undefined ? 'fleet' : 'built_in',
        builtIn: builtIn === undefined ? null : { warn: builtIn.warn, critical: builtIn.critical, rule: builtIn.rule },
        fleet: fleetOverride === undefined ? null : overrideView(fleetOverride),
        model: modelOverride === undefined ? null : overrideView(modelOverride),
      });
    }
    return result.sort((a, b) => a.family.localeCompare(b.family) || a.metric.localeCompare(b.metric));
  }

  async put(change: ThresholdChange, context: ChangeContext): Promise<OverrideView> {
    const builtIn = builtInThreshold(change.family, change.metric);
    const rule = change.rule ?? builtIn?.rule;
    if (rule === undefined) throw new VigilError('VALIDATION_FAILED', `body/rule: required, ${change.family}/${change.metric} has no built-in threshold`, { field: 'body/rule' });
    if (builtIn !== undefined && rule !== builtIn.rule) {
      throw new VigilError('VALIDATION_FAILED', `body/rule: ${change.family}/${change.metric} is judged with rule ${builtIn.rule}`, { field: 'body/rule' });
    }
    validateThresholdPair(change.warn, change.critical, rule);
    const previous = await this.repository.get(change.scope, change.family, change.metric);
    assertExpectedSeq(change.expectedSeq, previous?.seq ?? 0);
    const stored: ThresholdOverride = {
      scope: change.scope,
      family: change.family,
      metric: change.metric,
      warn: change.warn,
      critical: change.critical,
      rule,
      deleted: false,
      updatedBy: context.actor,
      ...changeStamp(this.clock(), previous?.seq),
    };
    await this.repository.put(stored);
    const after = overrideView(stored);
    await this.audit.record({
      ...context,
      action: 'threshold.put',
      entityType: 'threshold',
      entityId: `${change.scope}/${change.family}/${change.metric}`,
      modelId: change.scope === FLEET_SCOPE ? '' : change.scope,
      before: previous === null || previous.deleted ? null : overrideView(previous),
      after,
    });
    return after;
  }

  async remove(scope: string, family: Family, metric: string, expectedSeq: number | undefined, context: ChangeContext): Promise<void> {
    const previous = await this.repository.get(scope, family, metric);
    if (previous === null || previous.deleted) throw new VigilError('NOT_FOUND', `no ${family}/${metric} threshold override for "${scope}"`, { scope, family, metric });
    assertExpectedSeq(expectedSeq, previous.seq);
    await this.repository.put({ ...previous, deleted: true, updatedBy: context.actor, ...changeStamp(this.clock(), previous.seq) });
    await this.audit.record({
      ...context,
      action: 'threshold.delete',
      entityType: 'threshold',
      entityId: `${scope}/${family}/${metric}`,
      modelId: scope === FLEET_SCOPE ? '' : scope,
      before: overrideView(previous),
      after: null,
    });
  }
}
