import { describe, expect, it } from 'vitest';
import { VigilError } from '../shared/errors.js';
import { mapError } from './error-response.js';

describe('mapError', () => {
  it('keeps a client error its catalogue status, message and details', () => {
    expect(mapError(new VigilError('NOT_FOUND', 'unknown model "m"', { modelId: 'm' }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'The resource does not exist: unknown model "m"',
      details: { modelId: 'm' },
    });
  });

  it('says the store is unavailable without repeating its internal message', () => {
    const mapped = mapError(new VigilError('STORE_UNAVAILABLE', 'connect ECONNREFUSED 10.0.0.7:8123'));
    expect([mapped.status, mapped.code, mapped.message]).toEqual([503, 'STORE_UNAVAILABLE', 'The ClickHouse store is unavailable']);
  });

  it('turns a failed query and any unexpected error into a bare 500 INTERNAL', () => {
    for (const error of [new VigilError('STORE_QUERY_FAILED', 'Unknown column secret'), new TypeError('x is undefined'), 'a string']) {
      const mapped = mapError(error);
      expect([mapped.status, mapped.code, mapped.message, mapped.details]).toEqual([500, 'INTERNAL', 'Internal error', undefined]);
    }
  });

  it('maps fastify client errors: a body too large is 413, bad JSON is 400', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    const badJson = Object.assign(new Error('Unexpected token } in JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(mapError(tooLarge)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(mapError(badJson)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
