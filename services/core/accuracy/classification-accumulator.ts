import { classLabel } from './class-label.js';
import { DEFAULT_ONE_VS_REST_BINS, OneVsRestScores } from './one-vs-rest-scores.js';
import { DEFAULT_SCORE_BINS, ScoreStats } from './score-stats.js';
import { decodeVersionedJson, encodeVersionedJson, isCount, stateCorrupt } from './versioned-json.js';

export interface ClassificationAccumulatorOptions {
  /** Distinct labels kept; rows bringing a further label are counted as overflow (default 100). */
  readonly maxClasses?: number;
  /** The label whose probability `score` is, for log loss, Brier, ECE and ROC AUC (default '1'). */
  readonly positiveLabel?: string;
  /** Bins of the per-class score histograms on [0, 1] used for ROC AUC (default 1000). */
  readonly scoreBins?: number;
  /** Bins of each class's one-vs-rest score histograms for multiclass probabilities (default 200). */
  readonly oneVsRestBins?: number;
}

export interface ClassificationRow {
  readonly actual: unknown;
  readonly predicted: unknown;
  /** Probability of the positive label, if the model gives one. */
  readonly score?: unknown;
  /** Probability per class label (multiclass), for macro one-vs-rest ROC AUC and multiclass log loss. */
  readonly probabilities?: Readonly<Record<string, unknown>> | null | undefined;
}

const VERSION = 1;
const WHAT = 'classification-accumulator';

/**
 * Mergeable classification state: a confusion matrix over a bounded set of labels and the score
 * sums of ScoreStats. Invalid labels or scores are counted and excluded, never thrown on.
 */
export class ClassificationAccumulator {
  readonly maxClasses: number;
  readonly positiveLabel: string;
  private readonly labelSet = new Set<string>();
  /** actual → predicted → count. */
  private readonly matrix = new Map<string, Map<string, number>>();
  private scoreStats: ScoreStats;
  private oneVsRest: OneVsRestScores;
  private invalidRows = 0;
  private invalidScoreRows = 0;
  private overflowRows = 0;

  constructor(options: ClassificationAccumulatorOptions = {}) {
    const max = options.maxClasses ?? 100;
    this.maxClasses = Number.isSafeInteger(max) && max > 1 ? max : 100;
    this.positiveLabel = options.positiveLabel ?? '1';
    const bins = options.scoreBins ?? DEFAULT_SCORE_BINS;
    this.scoreStats = new ScoreStats(Number.isSafeInteger(bins) && bins > 0 ? bins : DEFAULT_SCORE_BINS);
    const ovrBins = options.oneVsRestBins ?? DEFAULT_ONE_VS_REST_BINS;
    this.oneVsRest = new OneVsRestScores(Number.isSafeInteger(ovrBins) && ovrBins > 0 ? ovrBins : DEFAULT_ONE_VS_REST_BINS, this.maxClasses);
  }

  /** Rows excluded because a label was missing or not a string, finite number or boolean. */
  get invalid(): number {
    return this.invalidRows;
  }

  /** Rows whose score was given but not a probability in [0, 1] (their labels still count). */
  get invalidScores(): number {
    return this.invalidScoreRows;
  }

  get overflow(): number {
    return this.overflowRows;
  }

  get scores(): ScoreStats {
    return this.scoreStats;
  }

  get multiclassScores(): OneVsRestScores {
    return this.oneVsRest;
  }

  /** Labels seen as actual or predicted, sorted. */
  labels(): string[] {
    return [...this.labelSet].sort();
  }

  count(actual: string, predicted: string): number {
    return this.matrix.get(actual)?.get(predicted) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const row of this.matrix.values()) for (const n of row.values()) sum += n;
    return sum;
  }

  add(row: ClassificationRow): this {
    const actual = classLabel(row.actual);
    const predicted = classLabel(row.predicted);
    if (actual === undefined || predicted === undefined) {
      this.invalidRows += 1;
      return this;
    }
    if (!this.addCount(actual, predicted, 1)) {
      this.overflowRows += 1;
      return this;
    }
    if (row.probabilities !== undefined && row.probabilities !== null) {
      if (typeof row.probabilities !== 'object' || !this.oneVsRest.add(actual, row.probabilities)) this.invalidScoreRows += 1;
    }
    if (row.score === undefined || row.score === null) return this;
    if (typeof row.score !== 'number' || !(row.score >= 0 && row.score <= 1)) this.invalidScoreRows += 1;
    else this.scoreStats.add(row.score, actual === this.positiveLabel);
    return this;
  }

  merge(other: ClassificationAccumulator): this {
    for (const [actual, row] of other.matrix) {
      for (const [predicted, n] of row) if (!this.addCount(actual, predicted, n)) this.overflowRows += n;
    }
    this.scoreStats.merge(other.scoreStats);
    this.oneVsRest.merge(other.oneVsRest);
    this.invalidRows += other.invalidRows;
    this.invalidScoreRows += other.invalidScoreRows;
    this.overflowRows += other.overflowRows;
    return this;
  }

  clone(): ClassificationAccumulator {
    const options = { maxClasses: this.maxClasses, positiveLabel: this.positiveLabel, scoreBins: this.scoreStats.scoreBins, oneVsRestBins: this.oneVsRest.bins };
    return new ClassificationAccumulator(options).merge(this);
  }

  /** Version byte 1, then JSON with the sorted labels, the dense matrix (rows = actual) and the score sums. */
  serialize(): Uint8Array {
    const labels = this.labels();
    return encodeVersionedJson(VERSION, {
      maxClasses: this.maxClasses, positiveLabel: this.positiveLabel, labels,
      matrix: labels.map((a) => labels.map((p) => this.count(a, p))),
      invalid: this.invalidRows, invalidScores: this.invalidScoreRows, overflow: this.overflowRows,
      scores: this.scoreStats.toJSON(),
      ovr: this.oneVsRest.toJSON(),
    });
  }

  static deserialize(bytes: Uint8Array): ClassificationAccumulator {
    const o = decodeVersionedJson(bytes, VERSION, WHAT);
    const { maxClasses, positiveLabel, labels, matrix } = o;
    if (!isCount(maxClasses) || typeof positiveLabel !== 'string') throw stateCorrupt(WHAT, 'bad options');
    if (!isCount(o['invalid']) || !isCount(o['invalidScores']) || !isCount(o['overflow'])) throw stateCorrupt(WHAT, 'bad counters');
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string') || labels.length > maxClasses || new Set(labels).size !== labels.length) {
      throw stateCorrupt(WHAT, 'bad labels');
    }
    if (!Array.isArray(matrix) || matrix.length !== labels.length) throw stateCorrupt(WHAT, 'bad matrix');
    const result = new ClassificationAccumulator({ maxClasses, positiveLabel });
    result.scoreStats = ScoreStats.fromJSON(o['scores']);
    // States written before multiclass probabilities existed have no `ovr`.
    if (o['ovr'] !== undefined) result.oneVsRest = OneVsRestScores.fromJSON(o['ovr']);
    labels.forEach((l) => result.labelSet.add(l));
    matrix.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== labels.length || !row.every(isCount)) throw stateCorrupt(WHAT, 'bad matrix row');
      (row).forEach((n, j) => {
        if (n > 0) result.addCount(labels[i] as string, labels[j] as string, n);
      });
    });
    result.invalidRows = o['invalid'];
    result.invalidScoreRows = o['invalidScores'];
    result.overflowRows = o['overflow'];
    return result;
  }

  private addCount(actual: string, predicted: string, n: number): boolean {
    const fresh = [actual, predicted].filter((l) => !this.labelSet.has(l));
    if (new Set(fresh).size + this.labelSet.size > this.maxClasses) return false;
    for (const l of fresh) this.labelSet.add(l);
    let row = this.matrix.get(actual);
    if (row === undefined) {
      row = new Map();
      this.matrix.set(actual, row);
    }
    row.set(predicted, (row.get(predicted) ?? 0) + n);
    return true;
  }
}
