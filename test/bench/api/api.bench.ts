// Latency and throughput of the query API's hot reads on a generated fleet (services/api/fixtures):
// fleet overview, model detail, feature drift of the latest window and version comparison, at
// 50 and 200 concurrent clients, on the ClickHouse server store (18.16 over HTTP) and on the
// embedded store (chDB). The API runs in a child process; autocannon generates the load here,
// over loopback. Baseline (same run): the same requests with the response cache off
// (cacheMaxEntries=1 and 64 distinct URLs per endpoint, so every request recomputes).
// Run: npm run bench:api [-- --days 30 --seconds 10 --engines http,embedded] (the fleet: 1,000 models x 20 features x 30 days)
// Uses VIGIL_TEST_CLICKHOUSE_URL, or starts a private ClickHouse with deploy/local/stack.sh.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type AutocannonResult } from 'autocannon';
import { emit } from '../bench-output.js';
import { startFixtureApi, type FixtureApi } from '../../../services/api/fixtures/fixture-api-process.js';
import { dropServerDatabase, serverClickHouse } from './private-clickhouse.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '1000' },
    features: { type: 'string', default: '20' },
    days: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '4' },
    engines: { type: 'string', default: 'http,embedded' },
  },
});
const MODELS = Number(values.models);
const FEATURES = Number(values.features);
const DAYS = Number(values.days);
const SECONDS = Number(values.seconds);
const CONCURRENCY = [50, 200] as const;
const VARIANTS = 64;

const modelId = (index: number): string => `model-${String(index % MODELS).padStart(5, '0')}`;
const spread = (i: number): number => Math.floor((i * MODELS) / VARIANTS);
// Challengers exist for every 4th model (services/api/fixtures/fixture-options.ts COHORTS).
// Clients send Accept-Encoding: gzip as browsers, Grafana and curl --compressed do; the overview
// is also measured without it (`overview_plain`), since its pages are the largest answers.
const GZIP = { 'accept-encoding': 'gzip' };
const ENDPOINTS = [
  { name: 'overview', path: (i: number) => `/v1/models?limit=${50 + i}`, headers: GZIP },
  { name: 'overview_plain', path: (i: number) => `/v1/models?limit=${50 + i}`, headers: {} },
  { name: 'detail', path: (i: number) => `/v1/models/${modelId(spread(i))}`, headers: GZIP },
  { name: 'drift', path: (i: number) => `/v1/models/${modelId(spread(i))}/drift`, headers: GZIP },
  { name: 'comparison', path: (i: number) => `/v1/models/${modelId(Math.floor(spread(i) / 4) * 4)}/comparisons`, headers: GZIP },
] as const;
type EndpointName = (typeof ENDPOINTS)[number]['name'];

const load = (): string => `load1m=${(loadavg()[0] ?? 0).toFixed(1)}`;

/** The result, or null (reported on stderr) when more than 1 % of the requests failed. */
async function hammer(api: FixtureApi, endpoint: (typeof ENDPOINTS)[number], connections: number, seconds: number): Promise<AutocannonResult | null> {
  const requests = Array.from({ length: VARIANTS }, (_, i) => ({ method: 'GET', path: endpoint.path(i) }));
  const result = await autocannon({ url: api.url, connections, duration: seconds, timeout: 30, headers: { authorization: `Bearer ${api.key}`, ...endpoint.headers }, requests });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (result['2xx'] === 0) {
    process.stderr.write(`${endpoint.name} c${connections}: no request completed in ${seconds} s\n`);
    return null;
  }
  if (failed > 0) {
    const total = result['2xx'] + failed;
    process.stderr.write(`${endpoint.name} c${connections}: ${failed} of ${total} requests failed (non2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})\n`);
    if (failed > total * 0.01) return null;
  }
  return result;
}

async function requestEachOnce(api: FixtureApi, endpoint: (typeof ENDPOINTS)[number]): Promise<void> {
  for (let i = 0; i < VARIANTS; i++) {
    const response = await fetch(`${api.url}${endpoint.path(i)}`, { headers: { authorization: `Bearer ${api.key}`, ...endpoint.headers } });
    await response.arrayBuffer();
    if (!response.ok) process.stderr.write(`warm-up ${endpoint.name} ${endpoint.path(i)}: HTTP ${String(response.status)}\n`);
  }
}

type Results = Map<string, AutocannonResult>;

async function measureAll(api: FixtureApi): Promise<Results> {
  const results: Results = new Map();
  // Warm-up: every URL requested once (autocannon starts each connection at the first of the
  // requests, so a short run may never reach the last ones), then JIT and keep-alive connections.
  for (const endpoint of ENDPOINTS) await requestEachOnce(api, endpoint);
  for (const endpoint of ENDPOINTS) await hammer(api, endpoint, 10, 1);
  for (const endpoint of ENDPOINTS) {
    for (const connections of CONCURRENCY) {
      const result = await hammer(api, endpoint, connections, SECONDS);
      if (result !== null) results.set(`${endpoint.name}|${connections}`, result);
    }
  }
  return results;
}

function report(prefix: string, cached: Results, uncached: Results): void {
  const baseline = `same endpoint, response cache off (${load()}, same run)`;
  for (const { name } of ENDPOINTS) {
    for (const connections of CONCURRENCY) {
      const hot = cached.get(`${name}|${connections}`);
      const cold = uncached.get(`${name}|${connections}`);
      if (hot === undefined || cold === undefined) {
        process.stderr.write(`${prefix} ${name} c${connections}: no metrics, the endpoint failed (see above)\n`);
        continue;
      }
      const metric = (stat: string): string => `${prefix}_${name satisfies EndpointName}_${stat}_c${connections}`;
      emit({ metric: metric('p50_ms'), value: hot.latency.p50, unit: 'ms', baseline, baseline_value: cold.latency.p50 });
      emit({ metric: metric('p99_ms'), value: hot.latency.p99, unit: 'ms', baseline, baseline_value: cold.latency.p99 });
      emit({ metric: metric('rps'), value: hot.requests.average, unit: 'requests/s', baseline, baseline_value: cold.requests.average });
    }
  }
}

async function benchEngine(engine: 'http' | 'embedded', serverUrl: string | null): Promise<void> {
  const database = `vigil_bench_${Date.now().toString(36)}`;
  const chdbPath = engine === 'embedded' ? mkdtempSync(join(tmpdir(), 'vigil-apibench-chdb-')) : '';
  const env: Record<string, string> =
    engine === 'http'
      ? { VIGIL_CLICKHOUSE_MODE: 'http', VIGIL_CLICKHOUSE_URL: serverUrl ?? '', VIGIL_CLICKHOUSE_DATABASE: database, VIGIL_API_RATE_LIMIT_PER_MINUTE: '1000000000' }
      : { VIGIL_CLICKHOUSE_MODE: 'embedded', VIGIL_CLICKHOUSE_PATH: chdbPath, VIGIL_CLICKHOUSE_DATABASE: database, VIGIL_API_RATE_LIMIT_PER_MINUTE: '1000000000' };
  const prefix = engine === 'http' ? 'api' : 'api_embedded';
  try {
    const cachedApi = await startFixtureApi({ env, models: MODELS, features: FEATURES, days: DAYS });
    let cached: Results;
    try {
      if (cachedApi.load !== null) {
        const size = `${MODELS} models x ${FEATURES} features x ${DAYS} days of 1 h windows`;
        emit({ metric: `${prefix}_fixture_load_s`, value: cachedApi.load.ms / 1000, unit: `s (${size}, ${load()})`, baseline: null, baseline_value: null });
        emit({ metric: `${prefix}_fixture_rows`, value: cachedApi.load.rows, unit: 'rows', baseline: null, baseline_value: null });
      }
      cached = await measureAll(cachedApi);
    } finally {
      await cachedApi.stop();
    }
    const uncachedApi = await startFixtureApi({ env: { ...env, VIGIL_API_CACHE_MAX_ENTRIES: '1' }, models: MODELS, features: FEATURES, days: DAYS, noLoad: true });
    try {
      report(prefix, cached, await measureAll(uncachedApi));
    } finally {
      await uncachedApi.stop();
    }
  } finally {
    if (engine === 'http' && serverUrl !== null) await dropServerDatabase(serverUrl, database);
    if (chdbPath !== '') rmSync(chdbPath, { recursive: true, force: true });
  }
}

const engines = values.engines.split(',').map((name) => name.trim());
const server = engines.includes('http') ? serverClickHouse() : null;
try {
  if (server !== null) await benchEngine('http', server.url);
  if (engines.includes('embedded')) await benchEngine('embedded', null);
} finally {
  server?.stop();
}
