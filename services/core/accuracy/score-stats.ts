import { countArray, isCount, isFiniteNumber, numberArray, stateCorrupt } from './versioned-json.js';

export const CALIBRATION_BINS = 10;
export const DEFAULT_SCORE_BINS = 1000;
/** Probabilities are clipped to [ε, 1 − ε] for log loss (METRICS.md). */
export const LOG_LOSS_EPSILON = 1e-15;

/**
 * Sums over rows with a probability for the positive class: log loss, Brier score, 10 equal-width
 * calibration bins, and one score histogram per class for ROC AUC.
 */
export class ScoreStats {
  n = 0;
  logLossSum = 0;
  brierSum = 0;
  readonly calibrationCount: number[] = new Array<number>(CALIBRATION_BINS).fill(0);
  readonly calibrationScoreSum: number[] = new Array<number>(CALIBRATION_BINS).fill(0);
  readonly calibrationPositives: number[] = new Array<number>(CALIBRATION_BINS).fill(0);
  readonly positiveHistogram: number[];
  readonly negativeHistogram: number[];

  constructor(readonly scoreBins = DEFAULT_SCORE_BINS) {
    this.positiveHistogram = new Array<number>(scoreBins).fill(0);
    this.negativeHistogram = new Array<number>(scoreBins).fill(0);
  }

  add(score: number, positive: boolean): void {
    const y = positive ? 1 : 0;
    const clipped = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, score));
    this.n += 1;
    this.logLossSum -= positive ? Math.log(clipped) : Math.log(1 - clipped);
    this.brierSum += (score - y) ** 2;
    const c = Math.min(Math.floor(score * CALIBRATION_BINS), CALIBRATION_BINS - 1);
    this.calibrationCount[c] = (this.calibrationCount[c] ?? 0) + 1;
    this.calibrationScoreSum[c] = (this.calibrationScoreSum[c] ?? 0) + score;
    this.calibrationPositives[c] = (this.calibrationPositives[c] ?? 0) + y;
    const h = Math.min(Math.floor(score * this.scoreBins), this.scoreBins - 1);
    const histogram = positive ? this.positiveHistogram : this.negativeHistogram;
    histogram[h] = (histogram[h] ?? 0) + 1;
  }

  merge(other: ScoreStats): void {
    if (other.scoreBins !== this.scoreBins) throw stateCorrupt('score-stats', 'cannot merge histograms of different bin counts');
    this.n += other.n;
    this.logLossSum += other.logLossSum;
    this.brierSum += other.brierSum;
    addInto(this.calibrationCount, other.calibrationCount);
    addInto(this.calibrationScoreSum, other.calibrationScoreSum);
    addInto(this.calibrationPositives, other.calibrationPositives);
    addInto(this.positiveHistogram, other.positiveHistogram);
    addInto(this.negativeHistogram, other.negativeHistogram);
  }

  toJSON(): Record<string, unknown> {
    return {
      bins: this.scoreBins, n: this.n, logLoss: this.logLossSum, brier: this.brierSum,
      calCount: this.calibrationCount, calScore: this.calibrationScoreSum, calPos: this.calibrationPositives,
      pos: this.positiveHistogram, neg: this.negativeHistogram,
    };
  }

  static fromJSON(raw: unknown): ScoreStats {
    const what = 'score-stats';
    if (typeof raw !== 'object' || raw === null) throw stateCorrupt(what, 'not an object');
    const o = raw as Record<string, unknown>;
    if (!isCount(o['bins']) || o['bins'] < 1 || o['bins'] > 1_000_000 || !isCount(o['n'])) throw stateCorrupt(what, 'bad sizes');
    if (!isFiniteNumber(o['logLoss']) || !isFiniteNumber(o['brier'])) throw stateCorrupt(what, 'bad sums');
    const stats = new ScoreStats(o['bins']);
    stats.n = o['n'];
    stats.logLossSum = o['logLoss'];
    stats.brierSum = o['brier'];
    addInto(stats.calibrationCount, countArray(o['calCount'], CALIBRATION_BINS, what, 'calCount'));
    addInto(stats.calibrationScoreSum, numberArray(o['calScore'], CALIBRATION_BINS, what, 'calScore'));
    addInto(stats.calibrationPositives, countArray(o['calPos'], CALIBRATION_BINS, what, 'calPos'));
    addInto(stats.positiveHistogram, countArray(o['pos'], stats.scoreBins, what, 'pos'));
    addInto(stats.negativeHistogram, countArray(o['neg'], stats.scoreBins, what, 'neg'));
    return stats;
  }
}

function addInto(target: number[], source: readonly number[]): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) + (source[i] ?? 0);
}
