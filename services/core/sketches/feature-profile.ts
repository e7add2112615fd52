import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { CategoricalCounts, DEFAULT_CATEGORY_CAPACITY } from './categorical-counts.js';
import { Moments } from './moments.js';
import { DEFAULT_COMPRESSION, MAX_COMPRESSION, MIN_COMPRESSION, TDigest } from './t-digest.js';

export type FeatureKind = 'numeric' | 'categorical';

export interface FeatureProfileOptions {
  /** Declared kind (from the reference profile or model configuration); inferred when absent. */
  kind?: FeatureKind;
  compression?: number;
  categoryCapacity?: number;
}

const VERSION = 1;
const KIND_CODES = { undecided: 0, numeric: 1, categorical: 2 } as const;

/**
 * Everything the core keeps about one feature in one window. add() never throws:
 * - null / undefined → `missing`;
 * - numeric kind: finite numbers → t-digest + moments; NaN, ±Infinity, booleans, strings and
 *   anything else → `typeErrors`;
 * - categorical kind: strings → counts; booleans → the categories "true"/"false" (a flag is a
 *   category); numbers and anything else → `typeErrors`.
 * Kind inference (only without a declared kind): the first value that is not missing decides —
 * a number (even NaN) makes the feature numeric, a string or boolean categorical; other types are
 * type errors and decide nothing. Merging profiles of different kinds keeps the kind with more
 * valid values (numeric on a tie), so merge commutes, and counts the other side's valid values
 * as type errors. The embedded CategoricalCounts holds values only: missing and type errors are
 * the profile's.
 */
export class FeatureProfile {
  private kindValue: FeatureKind | undefined;
  private missingValue = 0;
  private typeErrorValue = 0;
  private readonly compression: number;
  private readonly categoryCapacity: number;
  private digestValue: TDigest | undefined;
  private momentsValue: Moments | undefined;
  private categoriesValue: CategoricalCounts | undefined;

  constructor(options: FeatureProfileOptions = {}) {
    this.compression = options.compression ?? DEFAULT_COMPRESSION;
    this.categoryCapacity = options.categoryCapacity ?? DEFAULT_CATEGORY_CAPACITY;
    // Validate the options now (throwing SKETCH_OPTIONS_INVALID) so add() can never throw later.
    new TDigest({ compression: this.compression });
    new CategoricalCounts({ capacity: this.categoryCapacity });
    if (options.kind !== undefined) this.becomeKind(options.kind);
  }

  /** undefined until declared or inferred. */
  get kind(): FeatureKind | undefined {
    return this.kindValue;
  }

  get missing(): number {
    return this.missingValue;
  }

  get typeErrors(): number {
    return this.typeErrorValue;
  }

  /** Values summarised by the kind's sketches. */
  get valid(): number {
    return this.digestValue?.count ?? this.categoriesValue?.total ?? 0;
  }

  /** Every value offered: valid + missing + type errors. */
  get observations(): number {
    return this.valid + this.missingValue + this.typeErrorValue;
  }

  /** Present for numeric features. */
  get digest(): TDigest | undefined {
    return this.digestValue;
  }

  /** Present for numeric features. */
  get moments(): Moments | undefined {
    return this.momentsValue;
  }

  /** Present for categorical features. */
  get categories(): CategoricalCounts | undefined {
    return this.categoriesValue;
  }

  add(value: unknown): this {
    if (value === null || value === undefined) {
      this.missingValue++;
      return this;
    }
    if (this.kindValue === undefined) {
      if (typeof value === 'number') this.becomeKind('numeric');
      else if (typeof value === 'string' || typeof value === 'boolean') this.becomeKind('categorical');
    }
    if (this.kindValue === 'numeric' && typeof value === 'number' && Number.isFinite(value)) {
      this.digestValue?.add(value);
      this.momentsValue?.add(value);
    } else if (this.kindValue === 'categorical' && (typeof value === 'string' || typeof value === 'boolean')) {
      this.categoriesValue?.add(typeof value === 'string' ? value : String(value));
    } else {
      this.typeErrorValue++;
    }
    return this;
  }

  /** Folds `other` in (other is not changed). */
  merge(other: FeatureProfile): this {
    this.missingValue += other.missingValue;
    this.typeErrorValue += other.typeErrorValue;
    if (other.kindValue === undefined) return this;
    if (this.kindValue === undefined) this.becomeKind(other.kindValue);
    if (this.kindValue !== other.kindValue) {
      if (other.valid > this.valid || (other.valid === this.valid && other.kindValue === 'numeric')) {
        this.typeErrorValue += this.valid;
        this.becomeKind(other.kindValue);
      } else {
        this.typeErrorValue += other.valid;
        return this;
      }
    }
    if (other.digestValue !== undefined) this.digestValue?.merge(other.digestValue);
    if (other.momentsValue !== undefined) this.momentsValue?.merge(other.momentsValue);
    if (other.categoriesValue !== undefined) this.categoriesValue?.merge(other.categoriesValue);
    return this;
  }

  clone(): FeatureProfile {
    return new FeatureProfile({ compression: this.compression, categoryCapacity: this.categoryCapacity }).merge(this);
  }

  /**
   * version u8 = 1 | u8 kind (0 undecided, 1 numeric, 2 categorical) | varint missing |
   * varint typeErrors | f64 compression | varint categoryCapacity | numeric: bytes digest,
   * bytes moments; categorical: bytes counts (each length-prefixed).
   */
  serialize(): Uint8Array {
    const writer = new ByteWriter(1024);
    writer.u8(VERSION).u8(KIND_CODES[this.kindValue ?? 'undecided']).varint(this.missingValue).varint(this.typeErrorValue);
    writer.f64(this.compression).varint(this.categoryCapacity);
    if (this.digestValue !== undefined && this.momentsValue !== undefined) {
      writer.bytes(this.digestValue.serialize()).bytes(this.momentsValue.serialize());
    }
    if (this.categoriesValue !== undefined) writer.bytes(this.categoriesValue.serialize());
    return writer.finish();
  }

  static deserialize(bytes: Uint8Array): FeatureProfile {
    const reader = new ByteReader(bytes, 'feature-profile');
    reader.version(VERSION);
    const kindCode = reader.u8();
    const missing = reader.varint();
    const typeErrors = reader.varint();
    const compression = reader.f64();
    const categoryCapacity = reader.varint();
    if (!(compression >= MIN_COMPRESSION && compression <= MAX_COMPRESSION) || categoryCapacity < 1) throw reader.fail('invalid options');
    const profile = new FeatureProfile({ compression, categoryCapacity });
    profile.missingValue = missing;
    profile.typeErrorValue = typeErrors;
    if (kindCode === KIND_CODES.numeric) {
      profile.kindValue = 'numeric';
      profile.digestValue = TDigest.deserialize(reader.bytes());
      profile.momentsValue = Moments.deserialize(reader.bytes());
    } else if (kindCode === KIND_CODES.categorical) {
      profile.kindValue = 'categorical';
      profile.categoriesValue = CategoricalCounts.deserialize(reader.bytes());
    } else if (kindCode !== KIND_CODES.undecided) {
      throw reader.fail(`unknown kind ${kindCode}`);
    }
    reader.end();
    return profile;
  }

  /** Switches to `kind` with empty sketches (callers move counts first). */
  private becomeKind(kind: FeatureKind): void {
    this.kindValue = kind;
    this.digestValue = kind === 'numeric' ? new TDigest({ compression: this.compression }) : undefined;
    this.momentsValue = kind === 'numeric' ? new Moments() : undefined;
    this.categoriesValue = kind === 'categorical' ? new CategoricalCounts({ capacity: this.categoryCapacity }) : undefined;
  }
}
