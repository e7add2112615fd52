import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { registerKeysRoutes } from '../auth/api-key-routes.js';
import { registerAlertRulesRoutes } from './alert-rules.js';
import { registerAnomaliesRoutes } from './anomalies.js';
import { registerAuditRoutes } from './audit.js';
import { registerReferencesRoutes } from './references.js';
import { registerSettingsRoutes } from './settings.js';
import { registerThresholdsRoutes } from './thresholds.js';

/** Every route module of the write side (thresholds, settings, alert rules, anomalies, references, audit, keys). */
export async function registerWriteRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  await registerThresholdsRoutes(app, deps);
  await registerSettingsRoutes(app, deps);
  await registerAlertRulesRoutes(app, deps);
  await registerAnomaliesRoutes(app, deps);
  await registerReferencesRoutes(app, deps);
  await registerAuditRoutes(app, deps);
  await registerKeysRoutes(app, deps);
}
