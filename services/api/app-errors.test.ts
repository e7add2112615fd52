import { describe, expect, it } from 'vitest';
import { useReadTestApp } from './testing/read-app-suite.js';
import { as } from './testing/static-auth.js';

const suite = useReadTestApp();

describe('the API error contract', () => {
  it('answers an invalid query with 400 VALIDATION_FAILED naming the field', async () => {
    const response = await suite.app().inject({ url: '/v1/models?limit=9999', headers: as('reader') });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.field).toBe('querystring/limit');
    expect(body.error.requestId).toBe(response.headers['x-request-id']);
  });

  it('names a missing required query field', async () => {
    const response = await suite.app().inject({ url: '/v1/models/fraud-detector/series', headers: as('reader') });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.field).toBe('querystring/family');
  });

  it('refuses a reversed time range and a cursor it did not issue as 400 naming the field', async () => {
    const range = await suite.app().inject({ url: '/v1/models/fraud-detector/states?from=2026-03-09T00:00:00Z&to=2026-03-01T00:00:00Z', headers: as('reader') });
    const cursor = await suite.app().inject({ url: '/v1/models?cursor=not-a-cursor', headers: as('reader') });
    expect([range.statusCode, range.json().error.details.field]).toEqual([400, 'querystring/from']);
    expect([cursor.statusCode, cursor.json().error.details.field]).toEqual([400, 'cursor']);
  });

  it('answers an unknown model with 404 NOT_FOUND', async () => {
    const response = await suite.app().inject({ url: '/v1/models/no-such-model/drift', headers: as('reader') });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'NOT_FOUND', details: { modelId: 'no-such-model' } });
  });

  it('answers an unknown version of a known model with 404', async () => {
    const response = await suite.app().inject({ url: '/v1/models/fraud-detector/drift?version=v9', headers: as('reader') });
    expect(response.statusCode).toBe(404);
  });

  it('answers an unknown route with 404 NOT_FOUND in the same error shape', async () => {
    const response = await suite.app().inject({ url: '/v1/nothing-here', headers: as('reader') });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('asks for a key with 401 and refuses a key without the read scope with 403', async () => {
    const anonymous = await suite.app().inject({ url: '/v1/models' });
    const unknown = await suite.app().inject({ url: '/v1/models', headers: { authorization: 'Bearer stolen' } });
    const noScope = await suite.app().inject({ url: '/v1/models', headers: as('no-scope') });
    expect([anonymous.statusCode, unknown.statusCode, noScope.statusCode]).toEqual([401, 401, 403]);
    expect(anonymous.json().error.code).toBe('UNAUTHORIZED');
    expect(noScope.json().error.code).toBe('FORBIDDEN');
  });

  it('authenticates before validating, so a caller without a key learns nothing about the query', async () => {
    const response = await suite.app().inject({ url: '/v1/models?limit=-1' });
    expect(response.statusCode).toBe(401);
  });

  it('hides a model from a key restricted to other models with the same 404 as an unknown one', async () => {
    for (const url of ['/v1/models/churn-model', '/v1/models/churn-model/series?family=accuracy', '/v1/models/churn-model/comparisons']) {
      const response = await suite.app().inject({ url, headers: as('fraud-only') });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toBe('The resource does not exist: unknown model "churn-model"');
    }
  });

  it('answers a store failure with 500 INTERNAL and neither a stack trace nor the internal message', async () => {
    const store = suite.store();
    await store.command('RENAME TABLE version_comparisons TO version_comparisons_away');
    try {
      const response = await suite.app().inject({ url: '/v1/models/fraud-detector/comparisons', headers: as('reader') });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal error', requestId: response.headers['x-request-id'] } });
      expect(response.body).not.toMatch(/version_comparisons|at |\.ts/);
    } finally {
      await store.command('RENAME TABLE version_comparisons_away TO version_comparisons');
    }
  });

  it('keeps a caller-provided plain request id and replaces an unsafe one', async () => {
    const kept = await suite.app().inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    const replaced = await suite.app().inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(kept.headers['x-request-id']).toBe('trace-123');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('health and documentation', () => {
  it('answers /healthz and /readyz without a key', async () => {
    const health = await suite.app().inject({ url: '/healthz' });
    const ready = await suite.app().inject({ url: '/readyz' });
    expect([health.json(), ready.json()]).toEqual([{ status: 'ok' }, { status: 'ready' }]);
  });

  it('serves an OpenAPI 3 document with the API-key schemes and every read route', async () => {
    interface Operation { parameters?: { name: string }[]; responses: Record<string, unknown> }
    interface OpenApi { openapi: string; components: { securitySchemes: Record<string, unknown> }; paths: Record<string, { get?: Operation } | undefined> }
    const document = (await suite.app().inject({ url: '/openapi.json' })).json<OpenApi>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearerApiKey', 'headerApiKey']);
    for (const path of ['/v1/models', '/v1/models/{modelId}', '/v1/models/{modelId}/series', '/v1/models/{modelId}/drift', '/v1/models/{modelId}/fairness', '/v1/models/{modelId}/accuracy', '/v1/models/{modelId}/comparisons', '/v1/models/{modelId}/states']) {
      expect(document.paths[path]?.get, path).toBeDefined();
    }
    expect(document.paths['/v1/models']?.get?.parameters?.map((p) => p.name)).toContain('cursor');
    expect(document.paths['/v1/models/{modelId}/drift']?.get?.responses['404']).toBeDefined();
    // Every security requirement names a declared scheme (schemathesis and client generators rely on it).
    const schemes = new Set(Object.keys(document.components.securitySchemes));
    const undeclared = Object.values(document.paths)
      .flatMap((operations) => Object.values(operations ?? {}) as { security?: Record<string, unknown>[] }[])
      .flatMap((operation) => (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)))
      .filter((name) => !schemes.has(name));
    expect(undeclared).toEqual([]);
  });

  it('serves the interactive docs', async () => {
    const response = await suite.app().inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
