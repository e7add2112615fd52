import type { FastifyRequest } from 'fastify';
import type { Principal } from '../principal.js';
import { actorOfPrincipal } from './audit-entry.js';

/** Who changes something and in which request: what every audited write needs. */
export interface ChangeContext {
  readonly actor: string;
  readonly requestId: string;
}

export function changeContextOf(request: FastifyRequest, principal: Principal): ChangeContext {
  return { actor: actorOfPrincipal(principal), requestId: request.id };
}
