/** Reads a binary decision or label: 1/true is favourable, 0/false unfavourable, anything else invalid. */
export function binaryValue(value: unknown): 0 | 1 | undefined {
  if (value === 1 || value === true || value === '1') return 1;
  if (value === 0 || value === false || value === '0') return 0;
  return undefined;
}
