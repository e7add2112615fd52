/** A value as read from a training file: numbers, text, booleans, null (missing); anything else is profiled as a type error. */
export type TrainingValue = unknown;

/** One row of a training set, or a row that could not be read (counted and reported, never thrown). */
export type TrainingRecord =
  | { readonly kind: 'row'; readonly values: Readonly<Record<string, TrainingValue>>; readonly where: string }
  | { readonly kind: 'bad'; readonly reason: string; readonly where: string };

/** Records arrive in batches (one text chunk, or a slice of a row group): one await per batch, not per row. */
export type TrainingBatch = readonly TrainingRecord[];

export type TrainingFormat = 'csv' | 'jsonl' | 'parquet';
export const TRAINING_FORMATS: readonly TrainingFormat[] = ['csv', 'jsonl', 'parquet'];

/** A fresh record object (a plain object: rows with the same columns share one fast V8 shape). */
export function emptyValues(): Record<string, TrainingValue> {
  return {};
}

/** Sets a column's value; a column named `__proto__` is defined as an ordinary property, never the prototype. */
export function setValue<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}
