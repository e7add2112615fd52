// Randomised but seeded building blocks of a model: a 20-feature schema, the protected
// attributes, a true process and a set of deployed versions.
import type { Rng } from '../random/rng.js';
import type { FeatureSpec, LabelDelaySpec, ProtectedAttributeSpec, TrueProcessSpec, VersionSpec } from './fleet-spec.js';

const NUMERIC_NAMES = [
  'income', 'debt_ratio', 'credit_history_months', 'open_accounts', 'utilization', 'account_age_days',
  'loan_amount', 'interest_rate', 'late_payments_12m', 'inquiries_6m', 'savings_balance', 'employment_years',
] as const;
const LOGNORMAL = new Set<string>(['income', 'loan_amount', 'savings_balance']);
const BIMODAL = new Set<string>(['debt_ratio', 'utilization']);
const CATEGORICAL: readonly { name: string; categories: readonly string[] }[] = [
  { name: 'employment_type', categories: ['salaried', 'self_employed', 'contractor', 'unemployed'] },
  { name: 'home_ownership', categories: ['own', 'mortgage', 'rent', 'other'] },
  { name: 'loan_purpose', categories: ['car', 'home', 'education', 'business', 'other'] },
  { name: 'channel', categories: ['web', 'mobile', 'branch', 'partner'] },
  { name: 'state_tier', categories: ['tier_1', 'tier_2', 'tier_3'] },
  { name: 'education', categories: ['secondary', 'bachelor', 'master', 'doctorate'] },
  { name: 'marital_status', categories: ['single', 'married', 'divorced', 'widowed'] },
  { name: 'device', categories: ['ios', 'android', 'desktop'] },
];

export const PROTECTED_ATTRIBUTES: readonly ProtectedAttributeSpec[] = [
  { name: 'gender', values: ['female', 'male', 'non_binary'], shares: [0.48, 0.49, 0.03], privileged: 'male' },
  { name: 'age_band', values: ['18-25', '26-40', '41-60', '60+'], shares: [0.15, 0.35, 0.35, 0.15], privileged: '26-40' },
  { name: 'region', values: ['north', 'south', 'east', 'west'], shares: [0.25, 0.25, 0.3, 0.2], privileged: 'north' },
];

/** Twelve numeric features (normal, lognormal, bimodal) and eight categorical ones. */
export function featureSchema(rng: Rng): FeatureSpec[] {
  const numeric = NUMERIC_NAMES.map((name): FeatureSpec => {
    const scale = 10 ** rng.int(3);
    if (LOGNORMAL.has(name)) return { name, kind: 'lognormal', mu: rng.uniformBetween(7, 10), sigma: rng.uniformBetween(0.3, 0.8) };
    if (BIMODAL.has(name)) {
      return { name, kind: 'bimodal', modes: [rng.uniformBetween(0.1, 0.3), rng.uniformBetween(0.6, 0.9)], sd: 0.08, weight: rng.uniformBetween(0.3, 0.7) };
    }
    return { name, kind: 'normal', mean: round2(rng.uniformBetween(1, 5) * scale), sd: round2(rng.uniformBetween(0.2, 1) * scale) };
  });
  const categorical = CATEGORICAL.map(({ name, categories }): FeatureSpec => {
    const raw = categories.map(() => rng.uniformBetween(0.5, 2));
    const total = raw.reduce((a, b) => a + b, 0);
    return { name, kind: 'categorical', categories, shares: raw.map((w) => round2(w / total)) };
  });
  // One feature with a few missing values, as real pipelines have.
  const first = numeric[0];
  if (first !== undefined) numeric[0] = { ...first, missingRate: 0.01 };
  return [...numeric, ...categorical];
}

/** Six informative numeric features, three informative categorical ones, the rest noise. */
export function trueProcess(features: readonly FeatureSpec[], task: 'binary' | 'regression', rng: Rng): TrueProcessSpec {
  const numericWeights: Record<string, number> = {};
  const categoryEffects: Record<string, Record<string, number>> = {};
  let numericSeen = 0;
  let categoricalSeen = 0;
  for (const feature of features) {
    if (feature.kind === 'categorical') {
      if (categoricalSeen++ < 3) categoryEffects[feature.name] = Object.fromEntries(feature.categories.map((c) => [c, round2(rng.normal(0, 0.3))]));
    } else if (numericSeen++ < 6) {
      numericWeights[feature.name] = round2(rng.normal(0, 0.8));
    }
  }
  return task === 'binary'
    ? { intercept: round2(rng.uniformBetween(-1.2, -0.4)), numericWeights, categoryEffects, noiseSd: 0 }
    : { intercept: round2(rng.uniformBetween(50, 150)), numericWeights, categoryEffects, noiseSd: 0.5 };
}

/** A champion always; a challenger, shadow or canary sometimes (all of them when `allRoles`). */
export function deployedVersions(rng: Rng, allRoles: boolean): VersionSpec[] {
  const major = 1 + rng.int(4);
  const versions: VersionSpec[] = [{ version: `v${major}.0`, role: 'champion', trafficShare: 1, coefficientNoise: 0.1 }];
  if (allRoles || rng.bernoulli(0.4)) versions.push({ version: `v${major + 1}.0-rc`, role: 'challenger', trafficShare: 1, coefficientNoise: 0.15 });
  if (allRoles || rng.bernoulli(0.25)) versions.push({ version: `v${major + 1}.1-shadow`, role: 'shadow', trafficShare: 0.5, coefficientNoise: 0.3 });
  if (allRoles || rng.bernoulli(0.15)) versions.push({ version: `v${major}.1-canary`, role: 'canary', trafficShare: 0.1, coefficientNoise: 0.12 });
  return versions;
}

const HOUR = 3_600_000;

export function labelDelay(rng: Rng): LabelDelaySpec {
  return rng.bernoulli(0.5)
    ? { delay: { kind: 'exponential', meanMs: 2 * HOUR }, neverLabelledShare: 0.1 }
    : { delay: { kind: 'lognormal', mu: Math.log(HOUR), sigma: 0.8 }, neverLabelledShare: 0.05 };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
