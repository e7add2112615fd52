import type { NumberSummary, ProfileParts } from '../profile/profile-parts.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { meanInterval } from './mean-intervals.js';
import { pairedProportionDifference, wilsonInterval, type DifferenceInterval, type Interval } from './proportion-intervals.js';
import type { PredictionPair } from './request-pairing.js';

const VERSION = 1;
const COUNTS = ['pairs', 'labelledPairs', 'agreements', 'championPositive', 'challengerPositive', 'onlyChampionPositive', 'onlyChallengerPositive'] as const;
type CountName = (typeof COUNTS)[number];

export interface PairedComparisonSummary {
  readonly pairs: number;
  /** Share of classification pairs where both versions predicted the same label (Wilson interval). */
  readonly agreement: Interval;
  /** Challenger − champion score on the same request (normal approximation). */
  readonly meanScoreDifference: DifferenceInterval;
  /** Challenger − champion selection rate on the same requests (paired normal approximation). */
  readonly selectionRateDifference: DifferenceInterval;
}

type NumberParts = Pick<ProfileParts, 'numberSummary' | 'readNumberSummary'>;

/**
 * Mergeable comparison of a champion and one other version over the requests both scored:
 * agreement, the distribution of score differences (a sketch, for quantiles) and the counts a
 * paired selection-rate difference needs. One instance per (model, versions, window).
 */
export class PairedComparison {
  private readonly counts: Record<CountName, number> = Object.fromEntries(COUNTS.map((c) => [c, 0])) as Record<CountName, number>;
  scoreDifference: NumberSummary | null = null;

  constructor(
    readonly positiveLabel: string | null,
    private readonly parts: NumberParts,
  ) {}

  get pairs(): number {
    return this.counts.pairs;
  }

  add(pair: PredictionPair): void {
    const { champion, challenger } = pair;
    this.counts.pairs += 1;
    if (champion.label !== null && challenger.label !== null) {
      this.counts.labelledPairs += 1;
      if (champion.label === challenger.label) this.counts.agreements += 1;
      if (this.positiveLabel !== null) {
        const a = champion.label === this.positiveLabel;
        const b = challenger.label === this.positiveLabel;
        if (a) this.counts.championPositive += 1;
        if (b) this.counts.challengerPositive += 1;
        if (a && !b) this.counts.onlyChampionPositive += 1;
        if (b && !a) this.counts.onlyChallengerPositive += 1;
      }
    }
    if (champion.score !== null && challenger.score !== null) {
      (this.scoreDifference ??= this.parts.numberSummary()).add(challenger.score - champion.score);
    }
  }

  summary(z: number): PairedComparisonSummary {
    const labelled = this.counts.labelledPairs;
    const differences = this.scoreDifference?.sampleMoments() ?? { n: 0, mean: Number.NaN, sampleVariance: Number.NaN };
    return {
      pairs: this.counts.pairs,
      agreement: wilsonInterval(this.counts.agreements, labelled, z),
      meanScoreDifference: meanInterval(differences, z),
      selectionRateDifference:
        this.positiveLabel === null
          ? { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, significant: false }
          : pairedProportionDifference(this.counts.onlyChallengerPositive, this.counts.onlyChampionPositive, labelled, z),
    };
  }

  merge(other: PairedComparison): this {
    for (const c of COUNTS) this.counts[c] += other.counts[c];
    if (other.scoreDifference !== null) {
      if (this.scoreDifference === null) this.scoreDifference = other.scoreDifference.clone();
      else this.scoreDifference.merge(other.scoreDifference);
    }
    return this;
  }

  clone(): PairedComparison {
    return new PairedComparison(this.positiveLabel, this.parts).merge(this);
  }

  serialize(): Uint8Array {
    const writer = new ByteWriter().u8(VERSION).u8(this.positiveLabel === null ? 0 : 1);
    if (this.positiveLabel !== null) writer.string(this.positiveLabel);
    for (const c of COUNTS) writer.f64(this.counts[c]);
    writer.u8(this.scoreDifference === null ? 0 : 1);
    if (this.scoreDifference !== null) writer.bytes(this.scoreDifference.serialize());
    return writer.finish();
  }

  static deserialize(bytes: Uint8Array, parts: NumberParts): PairedComparison {
    const reader = new ByteReader(bytes, 'paired comparison', 'WINDOW_STATE_CORRUPT');
    reader.version(VERSION);
    const result = new PairedComparison(reader.u8() === 1 ? reader.string() : null, parts);
    for (const c of COUNTS) result.counts[c] = reader.f64();
    if (reader.u8() === 1) result.scoreDifference = parts.readNumberSummary(reader.bytes());
    reader.end();
    return result;
  }
}
