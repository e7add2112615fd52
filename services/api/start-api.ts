import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { buildApp } from './app.js';
import type { AuthHook } from './auth-hook.js';
import { createApiKeyAuth } from './auth/index.js';

export interface RunningApi {
  readonly app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 (the real port when config.port is 0). */
  readonly url: string;
  /** Stops accepting connections, finishes in-flight requests and stops the cache watcher. */
  close(): Promise<void>;
}

/**
 * Builds the API and listens on config.host:config.port. Used by main.ts and by services/all,
 * which runs it in-process beside the processor. The store stays the caller's to close.
 * Authentication is the API-key module unless a test passes another AuthHook.
 */
export async function startApi(deps: ApiDeps & { readonly auth?: AuthHook }): Promise<RunningApi> {
  const app = await buildApp({ ...deps, auth: deps.auth ?? createApiKeyAuth(deps) });
  const url = await app.listen({ host: deps.config.host, port: deps.config.port });
  deps.logger.info({ url, docs: deps.config.docs ? `${url}/docs` : null }, 'query API listening');
  return { app, url, close: () => app.close() };
}
