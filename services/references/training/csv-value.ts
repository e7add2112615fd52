// Decimal numbers as CSV writers print them (pandas, R, spreadsheets): sign, digits, point, exponent.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV field's value, inferred per value (CSV has no types): the empty field is missing (null);
 * text that reads as a decimal number once surrounding spaces are trimmed is that number
 * (quoted or not: QUOTE_ALL writers quote numbers too); anything else, 'NaN', 'inf' and
 * 'true' included, is text. A column mixing both kinds is profiled by its first kind, the other
 * values counting as type errors, exactly as mixed events are.
 */
export function inferCsvValue(text: string): number | string | null {
  if (text === '') return null;
  const trimmed = text.trim();
  // Most text cannot start a number: skip the regular expression for it.
  const first = trimmed.charCodeAt(0);
  const mayBeNumber = (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e;
  return mayBeNumber && NUMBER.test(trimmed) ? Number(trimmed) : text;
}
