import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { csvTrainingRecords } from './csv-training-records.js';
import { chunksOf, collect, plain } from './training-test-support.js';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('CSV training records', () => {
  it('names values by the header and infers their types per value', async () => {
    const records = await collect(csvTrainingRecords(chunksOf('age,city,score\n31,"Oslo",0.5\n,12,x\n')));
    expect(plain(records)).toEqual([
      { kind: 'row', values: { age: 31, city: 'Oslo', score: 0.5 }, where: 'line 2' },
      { kind: 'row', values: { age: null, city: 12, score: 'x' }, where: 'line 3' },
    ]);
  });

  it('reports a row with the wrong number of fields as bad and keeps the rest', async () => {
    const records = await collect(csvTrainingRecords(chunksOf('a,b\n1,2\n3\n4,5,6\n7,8\n')));
    expect(records.map((r) => (r.kind === 'bad' ? `${r.where}: ${r.reason}` : r.where))).toEqual([
      'line 2',
      'line 3: expected 2 fields, found 1',
      'line 4: expected 2 fields, found 3',
      'line 5',
    ]);
  });

  it('skips columns with an empty header name, such as a pandas index', async () => {
    const records = await collect(csvTrainingRecords(chunksOf(',x\n0,1\n1,2\n')));
    expect(plain(records).map((r) => (r as { values: unknown }).values)).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('treats a column named __proto__ as an ordinary column', async () => {
    const [record] = await collect(csvTrainingRecords(chunksOf('__proto__,a\n5,6\n')));
    expect(record?.kind === 'row' && Object.keys(record.values)).toEqual(['__proto__', 'a']);
    expect(record?.kind === 'row' && Object.getPrototypeOf(record.values)).toBe(Object.prototype);
  });

  it('refuses a header that names a column twice, and an empty input', async () => {
    expect(isVigilError(await failure(collect(csvTrainingRecords(chunksOf('a,a\n1,2\n')))), 'INPUT_FILE_INVALID')).toBe(true);
    expect(isVigilError(await failure(collect(csvTrainingRecords(chunksOf('')))), 'INPUT_FILE_INVALID')).toBe(true);
  });
});
