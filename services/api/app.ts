import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiApp } from './api-app.js';
import type { ApiDeps } from './api-deps.js';
import { resolvePrincipalHook, type AuthHook } from './auth-hook.js';
import { WindowCloseWatcher } from './cache/window-close-watcher.js';
import { errorBody, handleError } from './error-response.js';
import { registerOpenApi } from './openapi.js';
import { encodedBody, ReadContext } from './read-context.js';
import { requestIdFor } from './request-id.js';
import { registerReadRoutes } from './routes/read-routes.js';
import { registerWriteRoutes } from './routes/write-routes.js';

export type AppDeps = ApiDeps & { readonly auth: AuthHook };

/**
 * Builds the API without listening: tests drive it with `inject()`, main.ts listens.
 * Cached read answers are dropped whenever a window closes (polled while the app is ready).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = deps.logger.child({ component: 'api' });
  const app: ApiApp = Fastify({
    loggerInstance,
    genReqId: requestIdFor,
    bodyLimit: deps.config.bodyLimitBytes,
    // Ids and query strings stay as sent (no trailing-slash or case folding surprises).
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 512 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('cacheFill', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', resolvePrincipalHook(deps.auth));
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(async (request, reply) => {
    await reply
      .status(404)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(errorBody(request.id, { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` })));
  });

  await registerOpenApi(app, { docs: deps.config.docs });

  const context = new ReadContext(deps);
  app.addHook('onSend', async (request, reply, payload) => {
    const fill = request.cacheFill;
    if (fill === null || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const body = Buffer.from(payload);
    context.cache.attachBody(fill.key, fill.etag, body);
    return encodedBody(context.cache, request, reply, fill.key, fill.etag, body);
  });
  const watcher = new WindowCloseWatcher(deps.store, deps.logger.child({ component: 'api-cache' }), () => {
    context.cache.invalidate();
  });
  app.addHook('onReady', async () => {
    await watcher.poll();
    watcher.start(deps.config.cacheInvalidationPollMs);
  });
  app.addHook('onClose', async () => {
    await watcher.stop();
  });

  registerReadRoutes(app, deps, context);
  await registerWriteRoutes(app, deps);
  return app;
}
