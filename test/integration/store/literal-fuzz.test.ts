import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DATETIME_MAX_MS, DATETIME_MIN_MS, formatDateTimeUtc, sqlLiteral, type SqlValue } from '../../../services/adapters/store/sql-literal.js';
import { ENGINES, StoreFixture, uniqueDatabase } from './store-engines.js';

// Sends `SELECT <literal>` for random values to each engine and checks the value comes back
// unchanged: the escaping is only right if both real parsers agree with it.

const fixture = new StoreFixture();
afterAll(() => fixture.cleanUp());

const trickyUnit = fc.constantFrom("'", "''", '\\', '\\x', '\n', '\r', '\0', '\t', '\x1b', '\x7f', '"', '`', ';', '--', '/*', '*/', '{x:String}', '?', 'é', '😀', '\u2028', '\uFEFF', '𝔘');
const strings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: trickyUnit, maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);
const normalDoubles = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) >= 2.2250738585072014e-308);

/** One query for a batch: each value in its own column, so a bad literal shows which value broke. */
function selectAll(values: readonly SqlValue[]): string {
  return `SELECT ${values.map((value, i) => `${sqlLiteral(value)} AS c${i}`).join(', ')}`;
}

describe.each(ENGINES)('SQL literals on the %s engine', (engine) => {
  it('read back every random string exactly, byte for byte', async () => {
    const store = await fixture.open(engine, uniqueDatabase('fuzz_str'));
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(strings, { minLength: 10, maxLength: 40 }), async (batch) => {
        const [row] = await store.queryRows(selectAll(batch));
        batch.forEach((text, i) => { expect(row?.[`c${i}`]).toBe(text); });
        const lengths = await store.queryRows(`SELECT ${batch.map((text, i) => `length(${sqlLiteral(text)}) AS c${i}`).join(', ')}`);
        batch.forEach((text, i) => { expect(Number(lengths[0]?.[`c${i}`])).toBe(Buffer.byteLength(text, 'utf8')); });
        checked += batch.length;
      }),
      { numRuns: 25 },
    );
    console.log(JSON.stringify({ metric: 'fuzzed_string_literals', engine, value: checked, unit: 'strings' }));
    expect(checked).toBeGreaterThanOrEqual(250);
  });

  it('read back random doubles, 64-bit integers, booleans and nulls', async () => {
    const store = await fixture.open(engine, uniqueDatabase('fuzz_num'));
    const bigints = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n });
    await fc.assert(
      fc.asyncProperty(fc.array(normalDoubles, { minLength: 1, maxLength: 40 }), fc.array(bigints, { maxLength: 20 }), async (doubles, ints) => {
        const [row] = await store.queryRows(selectAll([...doubles, ...ints, true, false, null]));
        doubles.forEach((x, i) => { expect(Number(row?.[`c${i}`])).toBe(x === 0 ? 0 : x); });
        ints.forEach((n, i) => { expect(String(row?.[`c${doubles.length + i}`])).toBe(n.toString()); });
        const tail = doubles.length + ints.length;
        expect([row?.[`c${tail}`], row?.[`c${tail + 1}`], row?.[`c${tail + 2}`]]).toEqual([1, 0, null]);
      }),
      { numRuns: 15 },
    );
  });

  it('read back random instants as the same UTC DateTime', async () => {
    const store = await fixture.open(engine, uniqueDatabase('fuzz_time'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.integer({ min: DATETIME_MIN_MS, max: DATETIME_MAX_MS }), fc.constantFrom(DATETIME_MIN_MS, DATETIME_MAX_MS)), { minLength: 1, maxLength: 40 }), async (instants) => {
        const [row] = await store.queryRows(
          `SELECT ${instants.map((ms, i) => `${sqlLiteral(new Date(ms))} AS c${i}, toUnixTimestamp(c${i}) AS u${i}`).join(', ')}`,
        );
        instants.forEach((ms, i) => {
          expect(row?.[`c${i}`]).toBe(formatDateTimeUtc(ms));
          expect(Number(row?.[`u${i}`])).toBe(Math.floor(ms / 1000));
        });
      }),
      { numRuns: 10 },
    );
  });

  it('read back nested arrays of strings', async () => {
    const store = await fixture.open(engine, uniqueDatabase('fuzz_arr'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(strings, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), async (nested) => {
        expect(await store.queryRows(`SELECT ${sqlLiteral(nested)} AS a`)).toEqual([{ a: nested }]);
      }),
      { numRuns: 20 },
    );
  });
});
