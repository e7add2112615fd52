import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReadTestApp } from '../../../services/api/testing/read-test-app.js';
import { as } from '../../../services/api/testing/static-auth.js';
import { StoreFixture, uniqueDatabase, type Engine } from '../store/store-engines.js';

// The query API must answer the same on embedded chDB (26.x) and on the ClickHouse 18.16
// server: every request below runs against the same fixture on both and the answers are compared.

const REQUESTS = [
  '/v1/models',
  '/v1/models?limit=2',
  '/v1/models?sort=predictions_24h',
  '/v1/models?sort=last_event_time&order=asc',
  '/v1/models?state=no_data&search=r',
  '/v1/models?role=challenger',
  '/v1/models/fraud-detector',
  '/v1/models/credit-risk',
  '/v1/models/fraud-detector/states',
  '/v1/models/fraud-detector/states?limit=1&version=v2',
  '/v1/models/fraud-detector/series?family=drift',
  '/v1/models/fraud-detector/series?family=drift&metric=psi&subject=amount&span=rolling_7d',
  '/v1/models/fraud-detector/series?family=accuracy&from=2026-03-10T09:00:00Z&to=2026-03-10T10:00:00Z',
  '/v1/models/fraud-detector/drift',
  '/v1/models/fraud-detector/drift?metric=ks_statistic&limit=1',
  '/v1/models/fraud-detector/drift?windowEnd=2026-03-10T09:00:00Z',
  '/v1/models/fraud-detector/drift?version=v2',
  '/v1/models/credit-risk/drift',
  '/v1/models/fraud-detector/prediction-drift',
  '/v1/models/fraud-detector/quality',
  '/v1/models/fraud-detector/fairness',
  '/v1/models/fraud-detector/accuracy',
  '/v1/models/fraud-detector/accuracy?subject=1&span=rolling_3d',
  '/v1/models/fraud-detector/comparisons',
  '/v1/models/fraud-detector/comparisons?windowEnd=2026-03-10T10:00:00Z',
  '/v1/models/no-such-model',
  '/v1/models/fraud-detector/drift?windowEnd=2020-01-01T00:00:00Z',
  '/v1/models?limit=0',
  '/readyz',
] as const;

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** The request id differs per request by design; everything else must match. */
function withoutRequestId(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { requestId: _id, ...error } = (body as { error: Record<string, unknown> }).error;
    return { error };
  }
  return body;
}

const fixture = new StoreFixture();
const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
  await fixture.cleanUp();
});

async function answersOn(engine: Engine): Promise<Answer[]> {
  const store = await fixture.open(engine, uniqueDatabase(`api_${engine}`));
  const app = await buildReadTestApp(store);
  apps.push(app);
  const answers: Answer[] = [];
  for (const url of REQUESTS) {
    const response = await app.inject({ url, headers: as('reader') });
    answers.push({ status: response.statusCode, body: withoutRequestId(response.json()) });
  }
  return answers;
}

describe('the query API on both engines', () => {
  it('answers every request the same on chDB and on the 18.16 server', async () => {
    const embedded = await answersOn('embedded');
    const server = await answersOn('http');
    for (const [i, url] of REQUESTS.entries()) expect(server[i], url).toEqual(embedded[i]);
    // Guard against both engines failing alike: the data routes really answered.
    expect(embedded.filter((answer) => answer.status === 200)).toHaveLength(REQUESTS.length - 3);
  });
});
