import { decodeVersionedJson, encodeVersionedJson, isCount, isFiniteNumber, stateCorrupt } from './versioned-json.js';

const VERSION = 1;
const WHAT = 'regression-accumulator';

/**
 * Mergeable regression state: error sums for MAE, MSE and mean error, relative-error sums for MAPE
 * (rows with a true value of 0 excluded and counted), and Welford moments of the true values for
 * R² (merged with Chan's formula, so no catastrophic cancellation on large means).
 */
export class RegressionAccumulator {
  n = 0;
  absoluteErrorSum = 0;
  squaredErrorSum = 0;
  /** Σ (predicted − actual): positive means over-prediction. */
  errorSum = 0;
  percentageRows = 0;
  absolutePercentageSum = 0;
  zeroActualRows = 0;
  actualMean = 0;
  /** Σ (actual − mean)². */
  actualM2 = 0;
  invalidRows = 0;

  add(actual: unknown, predicted: unknown): this {
    if (typeof actual !== 'number' || typeof predicted !== 'number' || !Number.isFinite(actual) || !Number.isFinite(predicted)) {
      this.invalidRows += 1;
      return this;
    }
    const error = predicted - actual;
    this.n += 1;
    this.absoluteErrorSum += Math.abs(error);
    this.squaredErrorSum += error * error;
    this.errorSum += error;
    if (actual === 0) this.zeroActualRows += 1;
    else {
      this.percentageRows += 1;
      this.absolutePercentageSum += Math.abs(error / actual);
    }
    const delta = actual - this.actualMean;
    this.actualMean += delta / this.n;
    this.actualM2 += delta * (actual - this.actualMean);
    return this;
  }

  merge(other: RegressionAccumulator): this {
    const n = this.n + other.n;
    if (n > 0) {
      const delta = other.actualMean - this.actualMean;
      this.actualM2 += other.actualM2 + (delta * delta * this.n * other.n) / n;
      this.actualMean += (delta * other.n) / n;
    }
    this.n = n;
    this.absoluteErrorSum += other.absoluteErrorSum;
    this.squaredErrorSum += other.squaredErrorSum;
    this.errorSum += other.errorSum;
    this.percentageRows += other.percentageRows;
    this.absolutePercentageSum += other.absolutePercentageSum;
    this.zeroActualRows += other.zeroActualRows;
    this.invalidRows += other.invalidRows;
    return this;
  }

  clone(): RegressionAccumulator {
    return new RegressionAccumulator().merge(this);
  }

  serialize(): Uint8Array {
    return encodeVersionedJson(VERSION, {
      n: this.n, abs: this.absoluteErrorSum, sq: this.squaredErrorSum, err: this.errorSum,
      pctRows: this.percentageRows, pct: this.absolutePercentageSum, zero: this.zeroActualRows,
      mean: this.actualMean, m2: this.actualM2, invalid: this.invalidRows,
    });
  }

  static deserialize(bytes: Uint8Array): RegressionAccumulator {
    const o = decodeVersionedJson(bytes, VERSION, WHAT);
    const counts = [o['n'], o['pctRows'], o['zero'], o['invalid']];
    const sums = [o['abs'], o['sq'], o['err'], o['pct'], o['mean'], o['m2']];
    if (!counts.every(isCount) || !sums.every(isFiniteNumber)) throw stateCorrupt(WHAT, 'fields missing or not numbers');
    const [n, pctRows, zero, invalid] = counts;
    const [abs, sq, err, pct, mean, m2] = sums;
    if ((pctRows ?? 0) + (zero ?? 0) !== n) throw stateCorrupt(WHAT, 'row counts are inconsistent');
    const acc = new RegressionAccumulator();
    Object.assign(acc, {
      n, percentageRows: pctRows, zeroActualRows: zero, invalidRows: invalid,
      absoluteErrorSum: abs, squaredErrorSum: sq, errorSum: err, absolutePercentageSum: pct, actualMean: mean, actualM2: m2,
    });
    return acc;
  }
}
