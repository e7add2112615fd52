import type { Logger } from 'pino';
import type { Store } from '../adapters/store/store.js';
import type { ApiConfig } from '../shared/config-schema.js';

/** Milliseconds since the epoch; injected so tests control time (rate limits, audit stamps). */
export type Clock = () => number;

/** What every route module receives from the app factory (services/api/app.ts). */
export interface ApiDeps {
  readonly store: Store;
  readonly config: Readonly<ApiConfig>;
  readonly logger: Logger;
  readonly clock: Clock;
}
