import type { ConfusionCells } from './group-confusion-counts.js';

/** A rate, or null with the reason it is undefined (zero denominator). */
export interface Rate {
  readonly value: number | null;
  readonly reason?: string;
}

export interface GroupRates {
  /** Predictions seen for the group. */
  readonly n: number;
  /** Predictions whose label is known. */
  readonly labelled: number;
  /** P(ŷ = 1). */
  readonly selectionRate: Rate;
  /** TP / (TP + FN). */
  readonly truePositiveRate: Rate;
  /** FP / (FP + TN). */
  readonly falsePositiveRate: Rate;
  /** TP / (TP + FP), precision. */
  readonly positivePredictiveValue: Rate;
  /** (TP + TN) / labelled. */
  readonly accuracy: Rate;
}

function rate(numerator: number, denominator: number, whenZero: string): Rate {
  return denominator > 0 ? { value: numerator / denominator } : { value: null, reason: whenZero };
}

export function groupRates(cells: ConfusionCells): GroupRates {
  const labelled = cells.tp + cells.fp + cells.tn + cells.fn;
  return {
    n: cells.n,
    labelled,
    selectionRate: rate(cells.predictedPositive, cells.n, 'the group has no predictions'),
    truePositiveRate: rate(cells.tp, cells.tp + cells.fn, 'the group has no positive labels'),
    falsePositiveRate: rate(cells.fp, cells.fp + cells.tn, 'the group has no negative labels'),
    positivePredictiveValue: rate(cells.tp, cells.tp + cells.fp, 'the group has no labelled positive predictions'),
    accuracy: rate(cells.tp + cells.tn, labelled, 'the group has no labelled predictions'),
  };
}
