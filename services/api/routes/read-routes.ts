import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import type { ReadContext } from '../read-context.js';
import { registerAccuracyRoutes } from './accuracy.js';
import { registerComparisonRoutes } from './comparisons.js';
import { registerFairnessRoutes } from './fairness.js';
import { registerFleetRoutes } from './fleet.js';
import { registerHealthRoutes } from './health.js';
import { registerRankedSubjectRoutes } from './ranked-subjects.js';
import { registerSeriesRoutes } from './series.js';
import { registerStateHistoryRoutes } from './state-history.js';

/** The query side: health and every cached /v1 read of precomputed rows. */
export function registerReadRoutes(app: ApiApp, deps: ApiDeps, context: ReadContext): void {
  registerHealthRoutes(app, deps);
  registerFleetRoutes(app, context);
  registerStateHistoryRoutes(app, context);
  registerSeriesRoutes(app, context);
  registerRankedSubjectRoutes(app, context);
  registerFairnessRoutes(app, context);
  registerAccuracyRoutes(app, context);
  registerComparisonRoutes(app, context);
}
