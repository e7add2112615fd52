import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { MIN_GZIP_BYTES } from './response-cache.js';
import { currentStateRow, windowStateRow } from '../testing/fixture-rows.js';
import { LATEST_END_MS } from '../testing/read-fixture.js';
import { useReadTestApp } from '../testing/read-app-suite.js';
import { as } from '../testing/static-auth.js';

const suite = useReadTestApp({ cacheInvalidationPollMs: 50 });

describe('cached read answers', () => {
  it('answers a repeated request from the cache with the same body and ETag', async () => {
    const first = await suite.app().inject({ url: '/v1/models/fraud-detector/drift', headers: as('reader') });
    const second = await suite.app().inject({ url: '/v1/models/fraud-detector/drift', headers: as('reader') });
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    // The third answer is the body serialized for the first one, sent as is.
    const third = await suite.app().inject({ url: '/v1/models/fraud-detector/drift', headers: as('reader') });
    expect([third.headers['x-cache'], third.body, third.headers['content-type']]).toEqual(['hit', first.body, first.headers['content-type']]);
  });

  it('sends gzip to a client that accepts it, on the first answer and on hits, and plain JSON to one that does not', async () => {
    const url = '/v1/models?sort=model_id&order=desc';
    const gzip = { ...as('reader'), 'accept-encoding': 'gzip, br' };
    const answers = [
      await suite.app().inject({ url, headers: gzip }),
      await suite.app().inject({ url, headers: gzip }),
      await suite.app().inject({ url, headers: as('reader') }),
    ];
    expect(answers.map((a) => [a.headers['x-cache'], a.headers['content-encoding'], a.headers.vary])).toEqual([
      ['miss', 'gzip', 'accept-encoding'],
      ['hit', 'gzip', 'accept-encoding'],
      ['hit', undefined, 'accept-encoding'],
    ]);
    const [first, second, plain] = answers.map((a) => a.rawPayload);
    expect(plain?.length).toBeGreaterThanOrEqual(MIN_GZIP_BYTES);
    expect(first === undefined ? undefined : gunzipSync(first).toString()).toBe(plain?.toString());
    expect(second?.equals(first ?? Buffer.alloc(0))).toBe(true);
  });

  it('treats the same query written differently as the same entry', async () => {
    await suite.app().inject({ url: '/v1/models?sort=model_id&limit=3', headers: as('reader') });
    const reordered = await suite.app().inject({ url: '/v1/models?limit=3&sort=model_id', headers: as('reader') });
    expect(reordered.headers['x-cache']).toBe('hit');
  });

  it('answers 304 Not Modified to a matching If-None-Match', async () => {
    const first = await suite.app().inject({ url: '/v1/models/fraud-detector', headers: as('reader') });
    const again = await suite.app().inject({ url: '/v1/models/fraud-detector', headers: { ...as('reader'), 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('never serves a restricted key the answer cached for an unrestricted one', async () => {
    const everyone = await suite.app().inject({ url: '/v1/models?limit=10', headers: as('reader') });
    const restricted = await suite.app().inject({ url: '/v1/models?limit=10', headers: as('churn-only') });
    expect(everyone.json<{ items: unknown[] }>().items.length).toBeGreaterThan(1);
    expect(restricted.headers['x-cache']).toBe('miss');
    expect(restricted.json<{ items: { modelId: string }[] }>().items.map((m) => m.modelId)).toEqual(['churn-model']);
  });

  it('drops cached answers when a window closes', async () => {
    const before = await suite.app().inject({ url: '/v1/models/ranker-a', headers: as('reader') });
    expect(before.json<{ state: string }>().state).toBe('healthy');
    const closed = { modelId: 'ranker-a', modelVersion: '1', role: 'champion', windowEndMs: LATEST_END_MS + 3_600_000, state: 'critical' as const };
    await suite.store().insertRows('model_window_states', [windowStateRow(closed)]);
    await suite.store().insertRows('model_current_state', [currentStateRow(closed)]);
    await vi.waitFor(
      async () => {
        const after = await suite.app().inject({ url: '/v1/models/ranker-a', headers: as('reader') });
        expect(after.json<{ state: string }>().state).toBe('critical');
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
