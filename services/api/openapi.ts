import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { ApiApp } from './api-app.js';

/** Both ways of sending a key; every /v1 route lists them as alternatives. */
export const API_KEY_SECURITY = [{ bearerApiKey: [] }, { headerApiKey: [] }];

/**
 * OpenAPI 3 generated from the zod schemas the routes validate with, so the document cannot
 * drift from what the server accepts and answers.
 */
export async function registerOpenApi(app: ApiApp, options: { docs: boolean }): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Vigil query API',
        version: '1.0.0',
        description: 'Drift, fairness and accuracy of a fleet of ML models, precomputed per closed window.',
      },
      components: {
        securitySchemes: {
          bearerApiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer vgl_<keyId>_<secret>' },
          headerApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'x-api-key: vgl_<keyId>_<secret>' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => Promise.resolve(app.swagger()));
  if (options.docs) await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
}
