import { createClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { requireStackEnv, uniqueName } from './stack-env.js';

// The local server is Debian's ClickHouse 18.16: plain types and settings only (see
// deploy/local/README.md for what the client offers that this version rejects).
const client = createClient({ url: requireStackEnv('VIGIL_TEST_CLICKHOUSE_URL') });
const table = uniqueName('stack_smoke');

describe('the local ClickHouse server', () => {
  afterAll(async () => {
    await client.command({ query: `DROP TABLE IF EXISTS ${table}` });
    await client.close();
  });

  it('round-trips rows inserted and selected as JSONEachRow', async () => {
    expect(await client.ping()).toMatchObject({ success: true });
    await client.command({
      query: `CREATE TABLE ${table} (model String, window_start DateTime, score Float64, rows UInt64)
              ENGINE = MergeTree ORDER BY (model, window_start)`,
    });
    const rows = [
      { model: 'churn-v3', window_start: '2024-05-01 10:00:00', score: 0.25, rows: 10 },
      { model: 'fraud-v1', window_start: '2024-05-01 10:05:00', score: 0.5, rows: 20 },
    ];
    await client.insert({ table, values: rows, format: 'JSONEachRow' });

    const result = await client.query({
      query: `SELECT model, window_start, score, rows FROM ${table} ORDER BY model`,
      format: 'JSONEachRow',
      // 64-bit integers come back quoted unless told otherwise.
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    expect(await result.json()).toEqual(rows);
  });
});
