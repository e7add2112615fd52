/**
 * What a model is monitored with when neither it nor the fleet ('*') has a model_settings row.
 * The processor builds profiles and fairness statistics with these, and the API shows them as
 * the settings in force, so both read this one object.
 */
export interface ModelSettingsValues {
  /** null = regression (no favourable label). */
  readonly positiveLabel: string | null;
  readonly protectedAttributes: readonly string[];
  /** attribute → privileged group. */
  readonly privilegedGroups: Readonly<Record<string, string>>;
}

/** Favourable label '1', no protected attributes. */
export const BUILT_IN_MODEL_SETTINGS: ModelSettingsValues = Object.freeze({ positiveLabel: '1', protectedAttributes: Object.freeze([]), privilegedGroups: Object.freeze({}) });
