import { errorBodySchema } from './error-response.js';

/** Error statuses a route documents in OpenAPI, all with the one error body. 500/503 are always listed. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorBodySchema> {
  const out: Record<number, typeof errorBodySchema> = {};
  for (const status of [...statuses, 500, 503]) out[status] = errorBodySchema;
  return out;
}
