import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;

beforeAll(async () => {
  harness = await WriteApiHarness.start();
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

describe('the write routes in the OpenAPI document', () => {
  it('describes every write route with its request schema and security', async () => {
    const response = await harness.inject(null, { method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = JSON.parse(response.body) as { paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>> };
    const expected: [string, string][] = [
      ['/v1/thresholds', 'get'],
      ['/v1/thresholds/{scope}/{family}/{metric}', 'put'],
      ['/v1/thresholds/{scope}/{family}/{metric}', 'delete'],
      ['/v1/settings/{scope}', 'put'],
      ['/v1/alert-rules', 'post'],
      ['/v1/alert-rules/{ruleId}', 'put'],
      ['/v1/anomalies', 'get'],
      ['/v1/audit', 'get'],
      ['/v1/models/{modelId}/references', 'post'],
      ['/v1/models/{modelId}/references/pin', 'post'],
      ['/v1/models/{modelId}/references/current', 'put'],
      ['/v1/keys', 'post'],
    ];
    for (const [path, method] of expected) {
      const operation = document.paths[path]?.[method];
      expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(operation?.security?.length).toBeGreaterThan(0);
      if (method === 'put' || method === 'post') expect(operation?.requestBody, `${method.toUpperCase()} ${path} body`).toBeDefined();
    }
  });
});
