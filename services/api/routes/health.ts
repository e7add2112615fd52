import { z } from 'zod';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { errorResponses } from '../error-responses.js';

const statusSchema = z.object({ status: z.string() });

/** Liveness (the process answers) and readiness (the store answers a query). No key needed. */
export function registerHealthRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: statusSchema } } }, () => Promise.resolve({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'The store answers: ready to serve', response: { 200: statusSchema, ...errorResponses() } } },
    async () => {
      await deps.store.ping();
      return { status: 'ready' };
    },
  );
}
