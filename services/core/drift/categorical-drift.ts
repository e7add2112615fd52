import { jensenShannonDistance, lInfinityDistance } from './binned-distances.js';
import { driftThresholds, type DriftOptions } from './drift-defaults.js';
import { metricValue, nullMetric, type MetricValue } from './metric-value.js';
import { chiSquareSurvival } from './special-functions.js';

/**
 * The bin holding weight that capacity-bounded counts could not attribute to a category. It keeps
 * the proportions of the named categories honest and is never reported as a new category.
 */
export const OTHER_CATEGORY = '\u0000other';

/** Counts per category; a Map or a plain record. */
export type CategoryCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface CategoricalDriftReport {
  readonly lInfinity: MetricValue;
  readonly chiSquare: MetricValue;
  readonly jensenShannon: MetricValue;
  /** Categories seen in the current window but never in the reference: a data-quality finding. */
  readonly newCategories: readonly string[];
  /** Share of current values that fall in a category the reference never saw. */
  readonly newCategoryShare: number | null;
}

function entries(counts: CategoryCounts): [string, number][] {
  const list: [string, number][] = counts instanceof Map ? [...(counts as ReadonlyMap<string, number>)] : Object.entries(counts as Readonly<Record<string, number>>);
  // Bad counts (negative, NaN) are treated as absent rather than thrown on.
  return list.filter(([, n]) => Number.isFinite(n) && n > 0);
}

/** Pearson chi-square on the 2 × k table (reference, current) without Yates' correction. */
function chiSquare(reference: number[], current: number[]): { statistic: number; dof: number } {
  const rTotal = reference.reduce((a, b) => a + b, 0);
  const cTotal = current.reduce((a, b) => a + b, 0);
  const total = rTotal + cTotal;
  let statistic = 0;
  for (let i = 0; i < reference.length; i++) {
    const column = (reference[i] ?? 0) + (current[i] ?? 0);
    const er = (column * rTotal) / total;
    const ec = (column * cTotal) / total;
    statistic += ((reference[i] ?? 0) - er) ** 2 / er + ((current[i] ?? 0) - ec) ** 2 / ec;
  }
  return { statistic, dof: reference.length - 1 };
}

function chiSquareMetric(reference: number[], current: number[], options: DriftOptions | undefined): MetricValue {
  const rTotal = reference.reduce((a, b) => a + b, 0);
  const cTotal = current.reduce((a, b) => a + b, 0);
  const { statistic, dof } = chiSquare(reference, current);
  if (dof === 0) return { metric: 'chi_square', value: 0, severity: 'ok', detail: { dof: 0, p_value: 1 } };
  const maxCount = options?.pValueMaxCount ?? 1000;
  if (rTotal > maxCount || cTotal > maxCount) {
    // On large samples the test flags harmless shifts; L∞ and Jensen–Shannon judge those.
    return { ...metricValue('chi_square', statistic, undefined, { dof, p_value: null }), reason: 'p-value reported for small samples only' };
  }
  const pValue = chiSquareSurvival(statistic, dof);
  const judged = metricValue('p_value', pValue, driftThresholds(options, 'p_value'));
  return { ...metricValue('chi_square', statistic, undefined, { dof, p_value: pValue }), severity: judged.severity };
}

/** L∞, chi-square and Jensen–Shannon between categorical counts; new categories get their own bin. */
export function categoricalDrift(reference: CategoryCounts, current: CategoryCounts, options?: DriftOptions): CategoricalDriftReport {
  const ref = new Map(entries(reference));
  const cur = new Map(entries(current));
  const categories = [...new Set([...ref.keys(), ...cur.keys()])].sort();
  const newCategories = categories.filter((c) => !ref.has(c) && c !== OTHER_CATEGORY);
  const r = categories.map((c) => ref.get(c) ?? 0);
  const c = categories.map((k) => cur.get(k) ?? 0);
  const rTotal = r.reduce((a, b) => a + b, 0);
  const cTotal = c.reduce((a, b) => a + b, 0);
  if (rTotal === 0 || cTotal === 0) {
    const reason = rTotal === 0 ? 'the reference has no categorical values' : 'the current window has no categorical values';
    return {
      lInfinity: nullMetric('l_infinity', reason),
      chiSquare: nullMetric('chi_square', reason),
      jensenShannon: nullMetric('jensen_shannon', reason),
      newCategories,
      newCategoryShare: cTotal === 0 ? null : 1,
    };
  }
  const rp = r.map((n) => n / rTotal);
  const cp = c.map((n) => n / cTotal);
  const newCount = newCategories.reduce((sum, k) => sum + (cur.get(k) ?? 0), 0);
  return {
    lInfinity: metricValue('l_infinity', lInfinityDistance(rp, cp), driftThresholds(options, 'l_infinity')),
    chiSquare: chiSquareMetric(r, c, options),
    jensenShannon: metricValue('jensen_shannon', jensenShannonDistance(rp, cp), driftThresholds(options, 'jensen_shannon')),
    newCategories,
    newCategoryShare: newCount / cTotal,
  };
}
