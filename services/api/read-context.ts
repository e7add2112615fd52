import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { principalWith } from './auth-hook.js';
import { acceptsGzip } from './cache/accept-encoding.js';
import { canonicalJson, ResponseCache } from './cache/response-cache.js';
import { assertModelAccess, mayAccessModel, type Principal } from './principal.js';
import { loadFleetSnapshot, type ModelSummary } from './queries/fleet-snapshot.js';
import { VigilError } from '../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `cachedRead` on a miss: the onSend hook keeps the serialized answer under this key. */
    cacheFill: { readonly key: string; readonly etag: string } | null;
  }
}

/** What the read routes share: the store, the response cache and the fleet snapshot. */
export class ReadContext {
  readonly cache: ResponseCache;

  constructor(readonly deps: ApiDeps) {
    this.cache = new ResponseCache(deps.config.cacheMaxEntries);
  }

  /** Every model, computed once per closed window (cached under a key no request can produce). */
  async fleet(): Promise<readonly ModelSummary[]> {
    const { value } = await this.cache.getOrCompute('\u0000fleet', () => loadFleetSnapshot(this.deps.store, this.deps.clock()));
    return value;
  }

  /** The models `principal` may see. */
  async visibleFleet(principal: Principal): Promise<readonly ModelSummary[]> {
    const fleet = await this.fleet();
    return principal.models.length === 0 ? fleet : fleet.filter((model) => mayAccessModel(principal, model.modelId));
  }

  /** A model the caller may see, or NOT_FOUND (the same answer whether it exists or is restricted). */
  async model(principal: Principal, modelId: string): Promise<ModelSummary> {
    assertModelAccess(principal, modelId);
    const found = (await this.fleet()).find((model) => model.modelId === modelId);
    if (found === undefined) throw new VigilError('NOT_FOUND', `unknown model "${modelId}"`, { modelId });
    return found;
  }
}

/**
 * The body of every cached read route: checks the read scope, then answers from the cache
 * keyed by route, validated params and query, and the caller's model restriction (two keys
 * restricted differently never share an entry). Answers 304 to a matching If-None-Match.
 */
export async function cachedRead<T>(
  context: ReadContext,
  request: FastifyRequest,
  reply: FastifyReply,
  compute: (principal: Principal) => Promise<T>,
): Promise<T | undefined> {
  const principal = principalWith(request, 'read');
  const restriction = principal.models.length === 0 ? '*' : JSON.stringify([...principal.models].sort());
  const key = `${request.routeOptions.url ?? request.url}|${canonicalJson(request.params)}|${canonicalJson(request.query)}|${restriction}`;
  const answer = await context.cache.getOrCompute(key, () => compute(principal));
  void reply.header('etag', answer.etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding').header('x-cache', answer.hit ? 'hit' : 'miss');
  if (request.headers['if-none-match'] === answer.etag) {
    await reply.code(304).send();
    return undefined;
  }
  if (answer.body !== undefined) {
    await reply.type('application/json; charset=utf-8').send(encodedBody(context.cache, request, reply, key, answer.etag, answer.body));
    return undefined;
  }
  request.cacheFill = { key, etag: answer.etag };
  return answer.value;
}

/**
 * The cached body as this client accepts it: gzipped (compressed once per entry) when its
 * Accept-Encoding allows and the body is large enough, else as is.
 */
export function encodedBody(cache: ResponseCache, request: FastifyRequest, reply: FastifyReply, key: string, etag: string, body: Buffer): Buffer {
  const gzipped = acceptsGzip(request.headers['accept-encoding']) ? cache.gzipped(key, etag, body) : undefined;
  if (gzipped === undefined) return body;
  void reply.header('content-encoding', 'gzip');
  return gzipped;
}
