import { metricValue, nullMetric, type MetricValue } from '../drift/metric-value.js';
import { rocAucFromHistograms } from './roc-auc.js';
import { LOG_LOSS_EPSILON } from './score-stats.js';
import { countArray, isCount, isFiniteNumber, stateCorrupt } from './versioned-json.js';

export const DEFAULT_ONE_VS_REST_BINS = 200;
const WHAT = 'one-vs-rest-scores';

interface ClassHistograms {
  readonly positive: number[];
  readonly negative: number[];
}

/**
 * Multiclass probability sums: one pair of score histograms per class (that class vs the rest)
 * for macro one-vs-rest ROC AUC, and the multiclass log loss −ln p(actual).
 */
export class OneVsRestScores {
  n = 0;
  logLossSum = 0;
  private readonly classes = new Map<string, ClassHistograms>();

  constructor(readonly bins = DEFAULT_ONE_VS_REST_BINS, readonly maxClasses = 100) {}

  /** Folds one row in; false (and nothing counted) if a probability is not in [0, 1] or there are too many classes. */
  add(actual: string, probabilities: Readonly<Record<string, unknown>>): boolean {
    const entries = Object.entries(probabilities);
    if (entries.length === 0 || !entries.every(([, p]) => typeof p === 'number' && p >= 0 && p <= 1)) return false;
    const fresh = entries.filter(([label]) => !this.classes.has(label)).length;
    if (this.classes.size + fresh > this.maxClasses) return false;
    this.n += 1;
    const pActual = probabilities[actual];
    this.logLossSum -= Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, typeof pActual === 'number' ? pActual : 0)));
    for (const [label, p] of entries as [string, number][]) {
      const histograms = this.histogramsOf(label);
      const bin = Math.min(Math.floor(p * this.bins), this.bins - 1);
      const target = label === actual ? histograms.positive : histograms.negative;
      target[bin] = (target[bin] ?? 0) + 1;
    }
    return true;
  }

  merge(other: OneVsRestScores): void {
    if (other.bins !== this.bins) throw stateCorrupt(WHAT, 'cannot merge histograms of different bin counts');
    this.n += other.n;
    this.logLossSum += other.logLossSum;
    for (const [label, theirs] of other.classes) {
      const mine = this.histogramsOf(label);
      theirs.positive.forEach((c, i) => (mine.positive[i] = (mine.positive[i] ?? 0) + c));
      theirs.negative.forEach((c, i) => (mine.negative[i] = (mine.negative[i] ?? 0) + c));
    }
  }

  logLoss(): MetricValue {
    return this.n === 0 ? nullMetric('log_loss', 'no row carried class probabilities') : metricValue('log_loss', this.logLossSum / this.n, undefined);
  }

  /** Unweighted mean of each class's one-vs-rest AUC over classes with both positives and negatives. */
  macroRocAuc(): MetricValue {
    let sum = 0;
    let bound = 0;
    let classes = 0;
    for (const label of [...this.classes.keys()].sort()) {
      const h = this.histogramsOf(label);
      const auc = rocAucFromHistograms(h.positive, h.negative);
      if (auc.value === null) continue;
      sum += auc.value;
      bound += auc.detail?.['error_bound'] ?? 0;
      classes += 1;
    }
    if (classes === 0) return nullMetric('macro_roc_auc', 'no class has both positive and negative rows with probabilities');
    return metricValue('macro_roc_auc', sum / classes, undefined, { classes, error_bound: bound / classes });
  }

  toJSON(): Record<string, unknown> {
    const classes: Record<string, number[][]> = {};
    for (const label of [...this.classes.keys()].sort()) {
      const h = this.histogramsOf(label);
      classes[label] = [h.positive, h.negative];
    }
    return { bins: this.bins, max: this.maxClasses, n: this.n, logLoss: this.logLossSum, classes };
  }

  static fromJSON(raw: unknown): OneVsRestScores {
    if (typeof raw !== 'object' || raw === null) throw stateCorrupt(WHAT, 'not an object');
    const o = raw as Record<string, unknown>;
    const { bins, max, n, logLoss, classes } = o;
    if (!isCount(bins) || bins < 1 || bins > 100_000 || !isCount(max) || !isCount(n) || !isFiniteNumber(logLoss)) throw stateCorrupt(WHAT, 'bad header');
    if (typeof classes !== 'object' || classes === null) throw stateCorrupt(WHAT, 'classes missing');
    const scores = new OneVsRestScores(bins, max);
    scores.n = n;
    scores.logLossSum = logLoss;
    const entries = Object.entries(classes as Record<string, unknown>);
    if (entries.length > max) throw stateCorrupt(WHAT, 'more classes than allowed');
    for (const [label, pair] of entries) {
      if (!Array.isArray(pair) || pair.length !== 2) throw stateCorrupt(WHAT, `class ${label} is not a pair of histograms`);
      scores.classes.set(label, { positive: countArray(pair[0], bins, WHAT, 'positive'), negative: countArray(pair[1], bins, WHAT, 'negative') });
    }
    return scores;
  }

  private histogramsOf(label: string): ClassHistograms {
    let h = this.classes.get(label);
    if (h === undefined) {
      h = { positive: new Array<number>(this.bins).fill(0), negative: new Array<number>(this.bins).fill(0) };
      this.classes.set(label, h);
    }
    return h;
  }
}
