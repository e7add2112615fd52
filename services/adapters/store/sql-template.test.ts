import { describe, expect, it } from 'vitest';
import { sqlLiteral } from './sql-literal.js';
import { ident, inList, inTuples, sql } from './sql-template.js';

describe('sql', () => {
  it('turns values into literals and identifiers into quoted names', () => {
    const name = "it's";
    expect(sql`SELECT ${ident('events')} FROM t WHERE model_id = ${name}`).toBe(`SELECT \`events\` FROM t WHERE model_id = ${sqlLiteral(name)}`);
  });
});

describe('inList', () => {
  it('writes a parenthesised list of literals, not an array literal', () => {
    const ids = ['credit', "o'brien", 'fraud'];
    expect(sql`model_id IN ${inList(ids)}`).toBe(`model_id IN (${ids.map((id) => sqlLiteral(id)).join(', ')})`);
  });

  it('refuses an empty list, which IN cannot express', () => {
    expect(() => inList([])).toThrow(/at least one value/);
  });
});

describe('inTuples', () => {
  it('writes a parenthesised list of tuples of literals', () => {
    const rows = [['credit', 3600], ["o'brien", 7200]];
    const expected = `((${sqlLiteral('credit')}, 3600), (${sqlLiteral("o'brien")}, 7200))`;
    expect(sql`(model_id, start) IN ${inTuples(rows)}`).toBe(`(model_id, start) IN ${expected}`);
  });

  it('refuses an empty list', () => {
    expect(() => inTuples([])).toThrow(/at least one row/);
  });
});
