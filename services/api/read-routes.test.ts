import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { accuracyResponseSchema } from './routes/accuracy.js';
import { comparisonsResponseSchema } from './routes/comparisons.js';
import { fairnessResponseSchema } from './routes/fairness.js';
import { fleetPageSchema } from './routes/fleet.js';
import { rankedResponseSchema } from './routes/ranked-subjects.js';
import { seriesResponseSchema } from './routes/series.js';
import { statePageSchema } from './routes/state-history.js';
import { modelSummarySchema } from './schemas/model-summary.js';
import { readFixtureRows } from './testing/read-fixture.js';
import { useReadTestApp } from './testing/read-app-suite.js';
import { as } from './testing/static-auth.js';

const suite = useReadTestApp({ maxPageSize: 50 });

/** GETs `url`, expects 200 and checks the body against the route's response schema. */
async function get<T>(url: string, schema: z.ZodType<T>, key: Parameters<typeof as>[0] = 'reader'): Promise<T> {
  const response = await suite.app().inject({ url, headers: as(key) });
  expect(response.statusCode, response.body).toBe(200);
  return schema.parse(response.json());
}

const fleet = (url: string, key: Parameters<typeof as>[0] = 'reader') => get(url, fleetPageSchema, key);
const ids = (page: { items: { modelId: string }[] }) => page.items.map((m) => m.modelId);

describe('the fleet overview', () => {
  it('lists every catalogued model, worst state first, and a model with no window as no_data', async () => {
    const page = await fleet('/v1/models');
    expect(ids(page)).toEqual(['churn-model', 'fraud-detector', 'credit-risk', 'ranker-b', 'ranker-a']);
    expect(page.items.map((m) => m.state)).toEqual(['critical', 'warning', 'no_data', 'no_data', 'healthy']);
    expect(page.nextCursor).toBeNull();
  });

  it('gives a model its worst version, its worst metric, its volume and its versions champion first', async () => {
    const [fraud] = (await fleet('/v1/models?search=FRAUD')).items;
    const statesRows = readFixtureRows()['model_window_states'] ?? [];
    const last24h = statesRows
      .filter((row) => row['model_id'] === 'fraud-detector' && Date.parse(`${String(row['window_end']).replace(' ', 'T')}Z`) > Date.parse('2026-03-09T12:00:00Z'))
      .reduce((sum, row) => sum + Number(row['predictions']), 0);
    expect(fraud).toMatchObject({
      modelId: 'fraud-detector',
      state: 'warning',
      worst: { modelVersion: 'v1', family: 'drift', subject: 'amount', metric: 'psi', value: 0.15 },
      latestWindowEnd: '2026-03-10T11:00:00Z',
      volume: { latestWindow: 1002 + 100, last24h },
    });
    expect(fraud?.versions.map((v) => `${v.modelVersion}:${v.role}`)).toEqual(['v1:champion', 'v2:challenger']);
  });

  it('filters by state, by role and by id substring', async () => {
    expect(ids(await fleet('/v1/models?state=healthy'))).toEqual(['ranker-a']);
    expect(ids(await fleet('/v1/models?role=shadow'))).toEqual(['ranker-b']);
    expect(ids(await fleet('/v1/models?search=ranker&sort=model_id'))).toEqual(['ranker-a', 'ranker-b']);
  });

  it('sorts by volume and by id in either direction', async () => {
    expect(ids(await fleet('/v1/models?sort=predictions_latest_window'))).toEqual(['ranker-a', 'ranker-b', 'fraud-detector', 'churn-model', 'credit-risk']);
    expect(ids(await fleet('/v1/models?sort=model_id&order=desc'))).toEqual(['ranker-b', 'ranker-a', 'fraud-detector', 'credit-risk', 'churn-model']);
  });

  it('pages with an opaque cursor through every model exactly once', async () => {
    const seen: string[] = [];
    let url = '/v1/models?limit=2';
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await fleet(url);
      seen.push(...ids(page));
      if (page.nextCursor === null) break;
      url = `/v1/models?limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(ids(await fleet('/v1/models')));
  });

  it('refuses a cursor from a different sort', async () => {
    const page = await fleet('/v1/models?limit=1');
    const response = await suite.app().inject({ url: `/v1/models?limit=1&sort=model_id&cursor=${page.nextCursor ?? ''}`, headers: as('reader') });
    expect(response.statusCode).toBe(400);
  });

  it('shows a restricted key only its own models', async () => {
    expect(ids(await fleet('/v1/models', 'fraud-only'))).toEqual(['fraud-detector']);
    expect(ids(await fleet('/v1/models', 'churn-only'))).toEqual(['churn-model']);
  });
});

describe('one model', () => {
  it('answers its summary and its state history newest first, paged', async () => {
    expect((await get('/v1/models/credit-risk', modelSummarySchema)).versions[0]).toMatchObject({ modelVersion: '3', role: 'champion', state: 'no_data', windowEnd: null });
    const first = await get('/v1/models/fraud-detector/states?version=v1&limit=2', statePageSchema);
    expect(first.items.map((s) => `${s.windowEnd} ${s.state}`)).toEqual([
      '2026-03-10T11:00:00Z warning',
      '2026-03-10T10:00:00Z healthy',
    ]);
    const rest = await get(`/v1/models/fraud-detector/states?version=v1&limit=2&cursor=${first.nextCursor ?? ''}`, statePageSchema);
    expect(rest.items.map((s) => `${s.windowEnd} ${s.state}`)).toEqual([
      '2026-03-10T09:00:00Z healthy',
      '2026-03-08T11:00:00Z critical',
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it('draws a series with its thresholds and the 3-day and 7-day values beside each point', async () => {
    const answer = await get('/v1/models/fraud-detector/series?family=drift&metric=psi&subject=amount', seriesResponseSchema);
    expect(answer.series).toHaveLength(1);
    const points = answer.series[0]?.points ?? [];
    expect(points.map((p) => p.value)).toEqual([0.02, 0.06, 0.15]);
    expect(points[2]).toMatchObject({ status: 'warning', warnThreshold: 0.1, criticalThreshold: 0.25, rolling3d: 0.08, rolling7d: 0.05 });
    expect(points[0]).toMatchObject({ rolling3d: null, rolling7d: null });
  });

  it('draws the rolling span itself when asked, and another version when named', async () => {
    const rolling = await get('/v1/models/fraud-detector/series?family=drift&metric=psi&subject=amount&span=rolling_3d', seriesResponseSchema);
    expect(rolling.series[0]?.points.map((p) => p.value)).toEqual([0.08]);
    const challenger = await get('/v1/models/fraud-detector/series?family=drift&version=v2', seriesResponseSchema);
    expect(challenger.series.map((s) => `${s.modelVersion} ${s.subject}`)).toEqual(['v2 amount']);
  });

  it('limits a series to the time range asked for', async () => {
    const answer = await get('/v1/models/fraud-detector/series?family=drift&metric=psi&subject=amount&from=2026-03-10T09:30:00Z&to=2026-03-10T10:30:00Z', seriesResponseSchema);
    expect(answer.series[0]?.points.map((p) => p.windowEnd)).toEqual(['2026-03-10T10:00:00Z']);
  });
});

describe('window snapshots', () => {
  it('ranks features by the chosen drift metric in the latest window, undefined values last', async () => {
    const drift = await get('/v1/models/fraud-detector/drift', rankedResponseSchema);
    expect(drift.windowEnd).toBe('2026-03-10T11:00:00Z');
    expect(drift.items.map((f) => f.subject)).toEqual(['amount', 'country', 'age']);
    expect(drift.summary['drift_share']?.status).toBe('warning');
    const byKs = await get('/v1/models/fraud-detector/drift?metric=ks_statistic', rankedResponseSchema);
    expect(byKs.items[0]?.subject).toBe('amount');
  });

  it('answers an earlier window when asked, and pages the ranking on that window', async () => {
    const earlier = await get('/v1/models/fraud-detector/drift?windowEnd=2026-03-10T10:00:00Z&limit=1', rankedResponseSchema);
    expect(earlier.items.map((f) => f.subject)).toEqual(['amount']);
    expect(earlier.items[0]?.metrics['psi']?.value).toBe(0.06);
    const next = await get(`/v1/models/fraud-detector/drift?limit=1&cursor=${earlier.nextCursor ?? ''}`, rankedResponseSchema);
    expect([next.windowEnd, next.items[0]?.subject, next.nextCursor]).toEqual(['2026-03-10T10:00:00Z', 'country', null]);
  });

  it('answers 404 for a window that has no statistics', async () => {
    const response = await suite.app().inject({ url: '/v1/models/fraud-detector/drift?windowEnd=2020-01-01T00:00:00Z', headers: as('reader') });
    expect(response.statusCode).toBe(404);
  });

  it('answers an empty snapshot for a model without statistics yet', async () => {
    const empty = await get('/v1/models/credit-risk/drift', rankedResponseSchema);
    expect([empty.windowEnd, empty.items, empty.nextCursor]).toEqual([null, [], null]);
  });

  it('serves prediction drift and data quality in the same shape', async () => {
    const prediction = await get('/v1/models/fraud-detector/prediction-drift', rankedResponseSchema);
    expect([prediction.summary['psi']?.value, prediction.items[0]?.subject]).toEqual([0.03, 'class']);
    const quality = await get('/v1/models/fraud-detector/quality', rankedResponseSchema);
    expect(quality.items.map((f) => `${f.subject} ${f.status}`)).toEqual(['country critical', 'amount ok']);
  });

  it('groups fairness by attribute and flags groups under four fifths', async () => {
    const fairness = await get('/v1/models/fraud-detector/fairness', fairnessResponseSchema);
    const gender = fairness.attributes.find((a) => a.attribute === 'gender');
    expect(gender?.metrics['equalized_odds_difference']?.value).toBe(0.12);
    expect(gender?.groups.map((g) => `${g.group} ${String(g.fourFifthsViolation)}`)).toEqual(['female true', 'male false']);
    const age = fairness.attributes.find((a) => a.attribute === 'age_band');
    expect(age?.groups.map((g) => g.fourFifthsViolation)).toEqual([false, null]);
  });

  it('serves accuracy over time and the label delay separately', async () => {
    const accuracy = await get('/v1/models/fraud-detector/accuracy', accuracyResponseSchema);
    expect(accuracy.accuracy.map((s) => s.metric)).toEqual(['accuracy']);
    expect(accuracy.accuracy[0]?.points.map((p) => p.value)).toEqual([0.91, 0.9, 0.88]);
    expect(accuracy.accuracy[0]?.points[2]?.rolling3d).toBe(0.897);
    expect(accuracy.labelDelay.map((s) => s.metric)).toEqual(['label_delay_p50_ms']);
    const perClass = await get('/v1/models/fraud-detector/accuracy?subject=1', accuracyResponseSchema);
    expect(perClass.accuracy.map((s) => s.metric)).toEqual(['recall']);
  });

  it('compares champion and challenger side by side in their latest window', async () => {
    const { comparisons } = await get('/v1/models/fraud-detector/comparisons', comparisonsResponseSchema);
    expect(comparisons).toHaveLength(1);
    expect(comparisons[0]).toMatchObject({ championVersion: 'v1', otherVersion: 'v2', otherRole: 'challenger', windowEnd: '2026-03-10T11:00:00Z' });
    const accuracy = comparisons[0]?.metrics.find((m) => m.metric === 'accuracy');
    expect(accuracy).toMatchObject({ championValue: 0.88, otherValue: 0.9, ciLow: 0.005, ciHigh: 0.035, significant: true });
    expect(accuracy?.delta).toBeCloseTo(0.02, 12);
    const earlier = await get('/v1/models/fraud-detector/comparisons?windowEnd=2026-03-10T10:00:00Z', comparisonsResponseSchema);
    expect(earlier.comparisons[0]?.metrics.find((m) => m.metric === 'agreement_rate')?.otherValue).toBe(0.95);
  });
});
