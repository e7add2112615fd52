import { z } from 'zod';
import { sqlLiteral } from '../../adapters/store/index.js';
import type { ApiApp } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { principalWith } from '../auth-hook.js';
import { errorBodySchema } from '../error-response.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { decodeCursor, encodeCursor, pageQueryFields, pageSchema } from '../pagination.js';
import { assertModelAccess } from '../principal.js';
import { isoTime, nullableNumber } from '../queries/row-values.js';
import { resolveTimeRange, timeRangeFields } from '../time-range.js';
import { ALERT_SEVERITIES } from './alert-rules-schemas.js';

const anomalySchema = z
  .object({
    anomalyId: z.string(),
    ruleId: z.string(),
    modelId: z.string(),
    modelVersion: z.string(),
    family: z.string(),
    subject: z.string(),
    metric: z.string(),
    value: z.number().nullable(),
    threshold: z.number().nullable(),
    severity: z.string(),
    windowStart: z.string(),
    windowEnd: z.string(),
    detectedAt: z.string(),
  })
  .meta({ id: 'Anomaly' });

interface AnomalyRow {
  anomaly_id: string;
  rule_id: string;
  model_id: string;
  model_version: string;
  family: string;
  subject: string;
  metric: string;
  value: number | null;
  threshold: number | null;
  severity: string;
  window_start: string;
  window_end: string;
  detected_at: string;
}

/** Position after the last item of a page (newest first: window_end, model_id, anomaly_id descending). */
const cursorShape = z.object({ e: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), m: z.string(), a: z.string() });
const COLUMNS = 'anomaly_id, rule_id, model_id, model_version, family, subject, metric, value, threshold, severity, window_start, window_end, detected_at';
const ERRORS = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 429: errorBodySchema };

/** Anomalies raised by alert rules, newest window first. */
export function registerAnomaliesRoutes(app: ApiApp, deps: ApiDeps): Promise<void> {
  const querySchema = z.object({
    model: z.string().min(1).max(256).optional(),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    ...timeRangeFields,
    ...pageQueryFields(deps.config.maxPageSize),
  });

  app.get(
    '/v1/anomalies',
    {
      schema: {
        tags: ['anomalies'],
        summary: 'Anomalies by window end (newest first), filtered by model, severity and time range',
        security: API_KEY_SECURITY,
        querystring: querySchema,
        response: { 200: pageSchema(anomalySchema), ...ERRORS },
      },
    },
    async (request) => {
      const principal = principalWith(request, 'read');
      const { model, severity, limit, cursor } = request.query;
      const range = resolveTimeRange(request.query, deps.clock());
      const where = [`window_end >= ${sqlLiteral(range.from)}`, `window_end <= ${sqlLiteral(range.to)}`];
      if (model !== undefined) {
        assertModelAccess(principal, model);
        where.push(`model_id = ${sqlLiteral(model)}`);
      } else if (principal.models.length > 0) {
        where.push(`has(${sqlLiteral(principal.models)}, model_id)`);
      }
      if (severity !== undefined) where.push(`severity = ${sqlLiteral(severity)}`);
      if (cursor !== undefined) {
        const after = decodeCursor(cursor, cursorShape);
        const end = `toDateTime(${sqlLiteral(after.e)}, 'UTC')`;
        where.push(
          `(window_end < ${end} OR (window_end = ${end} AND (model_id < ${sqlLiteral(after.m)} OR (model_id = ${sqlLiteral(after.m)} AND anomaly_id < ${sqlLiteral(after.a)}))))`,
        );
      }
      // Filters run on the FINAL rows (outer query) so a replaced version never shows.
      const rows = await deps.store.queryRows<AnomalyRow>(
        `SELECT ${COLUMNS} FROM (SELECT ${COLUMNS} FROM anomalies FINAL WHERE window_end >= ${sqlLiteral(range.from)} AND window_end <= ${sqlLiteral(range.to)}) ` +
          `WHERE ${where.join(' AND ')} ORDER BY window_end DESC, model_id DESC, anomaly_id DESC LIMIT ${sqlLiteral(limit + 1)}`,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          anomalyId: row.anomaly_id,
          ruleId: row.rule_id,
          modelId: row.model_id,
          modelVersion: row.model_version,
          family: row.family,
          subject: row.subject,
          metric: row.metric,
          value: nullableNumber(row.value),
          threshold: nullableNumber(row.threshold),
          severity: row.severity,
          windowStart: isoTime(row.window_start),
          windowEnd: isoTime(row.window_end),
          detectedAt: isoTime(row.detected_at),
        })),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ e: last.window_end, m: last.model_id, a: last.anomaly_id }) : null,
      };
    },
  );
  return Promise.resolve();
}
