/** A class label as a string: strings, finite numbers and booleans are labels; anything else is invalid. */
export function classLabel(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}
