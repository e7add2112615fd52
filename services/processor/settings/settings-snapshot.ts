import type { ThresholdRule, Thresholds } from '../../core/drift/index.js';
import { BUILT_IN_MODEL_SETTINGS, validateProfileSettings, type ModelSettingsValues, type ProfileSettings } from '../../core/profile/index.js';
import { builtInThreshold } from '../../core/thresholds/index.js';
import type { ThresholdLookup } from '../statistics/metric-thresholds.js';
import type { StatisticFamily } from '../statistics/window-statistic.js';

/** A live metric_thresholds override (latest seq, not deleted). scope '*' or a model id. */
export interface ThresholdOverride {
  readonly scope: string;
  readonly family: StatisticFamily;
  readonly metric: string;
  readonly thresholds: Thresholds;
}

/** A live model_settings row: the scope ('*' or a model id) and its values. */
export interface ModelSettingsOverride extends ModelSettingsValues {
  readonly scope: string;
}

export interface SettingsLimits {
  readonly maxGroupsPerAttribute: number;
  readonly maxClasses: number;
}

export const DEFAULT_SETTINGS_LIMITS: SettingsLimits = Object.freeze({ maxGroupsPerAttribute: 100, maxClasses: 100 });

const FLEET = '*';

/**
 * An immutable view of thresholds and model settings at one moment. Resolution: a model's own
 * row > the fleet row '*' > built-in defaults. Thresholds resolve per (family, metric); model
 * settings as a whole row (a model's row replaces the fleet default entirely).
 */
export class SettingsSnapshot {
  private readonly thresholds = new Map<string, Thresholds>();
  private readonly settings = new Map<string, ModelSettingsOverride>();
  private readonly profileSettings = new Map<string, ProfileSettings>();

  constructor(
    thresholds: readonly ThresholdOverride[],
    settings: readonly ModelSettingsOverride[],
    private readonly limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS,
  ) {
    for (const t of thresholds) this.thresholds.set(thresholdKey(t.scope, t.family, t.metric), Object.freeze({ ...t.thresholds }));
    for (const s of settings) this.settings.set(s.scope, s);
  }

  static empty(limits: SettingsLimits = DEFAULT_SETTINGS_LIMITS): SettingsSnapshot {
    return new SettingsSnapshot([], [], limits);
  }

  thresholdFor(modelId: string, family: StatisticFamily, metric: string): Thresholds | undefined {
    return this.thresholds.get(thresholdKey(modelId, family, metric)) ?? this.thresholds.get(thresholdKey(FLEET, family, metric)) ?? builtInThreshold(family, metric);
  }

  thresholdsFor(modelId: string): ThresholdLookup {
    return { thresholdFor: (family, metric) => this.thresholdFor(modelId, family, metric) };
  }

  modelSettings(modelId: string): ModelSettingsValues {
    return this.settings.get(modelId) ?? this.settings.get(FLEET) ?? BUILT_IN_MODEL_SETTINGS;
  }

  /** What the topology builds profiles with; the same object for the same model while the snapshot lives. */
  settingsFor(modelId: string): ProfileSettings {
    let cached = this.profileSettings.get(modelId);
    if (cached === undefined) {
      const s = this.modelSettings(modelId);
      cached = validateProfileSettings({ positiveLabel: s.positiveLabel, protectedAttributes: s.protectedAttributes, ...this.limits });
      this.profileSettings.set(modelId, cached);
    }
    return cached;
  }

  privilegedGroupsFor(modelId: string): Readonly<Record<string, string>> {
    return this.modelSettings(modelId).privilegedGroups;
  }
}

function thresholdKey(scope: string, family: string, metric: string): string {
  return `${scope}\u0000${family}\u0000${metric}`;
}

export const THRESHOLD_RULES: readonly ThresholdRule[] = ['at_least', 'abs_greater_than', 'greater_than', 'less_than'];
