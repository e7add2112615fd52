import { z } from 'zod';
import { sql } from '../../adapters/store/sql-template.js';
import type { ApiApp } from '../api-app.js';
import { errorResponses } from '../error-responses.js';
import { API_KEY_SECURITY } from '../openapi.js';
import { decodeCursor, encodeCursor, pageQueryFields, pageSchema } from '../pagination.js';
import { count, isoTime, isoTimeOrNull, nullableNumber } from '../queries/row-values.js';
import { cachedRead, type ReadContext } from '../read-context.js';
import { isoTimeSchema, modelParamsSchema, modelStateSchema, type ModelState } from '../schemas/common.js';
import { resolveTimeRange, timeRangeFields } from '../time-range.js';

const stateSchema = z.object({
  modelVersion: z.string(),
  role: z.string(),
  windowStart: isoTimeSchema,
  windowEnd: isoTimeSchema,
  state: modelStateSchema,
  worst: z.object({ family: z.string(), subject: z.string(), metric: z.string(), value: z.number().nullable() }).nullable(),
  predictions: z.number().int(),
  labelled: z.number().int(),
  lastEventTime: isoTimeSchema.nullable(),
  referenceId: z.string(),
});

export const statePageSchema = pageSchema(stateSchema);

interface StateRow {
  model_version: string; deployment_role: string; window_start: string; window_end: string; state: ModelState; worst_family: string;
  worst_subject: string; worst_metric: string; worst_value: unknown; predictions: string; labelled: string; last_event_time: string; reference_id: string;
}

/** Newest first; the keyset is (window_end desc, version, role). */
const cursorShape = z.object({ e: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), v: z.string(), r: z.string() });

/** GET /v1/models/:modelId/states: the state of every closed window, newest first. */
export function registerStateHistoryRoutes(app: ApiApp, context: ReadContext): void {
  app.get(
    '/v1/models/:modelId/states',
    {
      schema: {
        tags: ['fleet'],
        summary: 'State history: the state of each version in every closed window, newest first',
        security: API_KEY_SECURITY,
        params: modelParamsSchema,
        querystring: z.object({
          version: z.string().min(1).max(256).optional().describe('Default: every version'),
          ...timeRangeFields,
          ...pageQueryFields(context.deps.config.maxPageSize),
        }),
        response: { 200: statePageSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) =>
      cachedRead(context, request, reply, async (principal) => {
        const model = await context.model(principal, request.params.modelId);
        const range = resolveTimeRange(request.query, context.deps.clock());
        const { version, limit } = request.query;
        const conditions = [sql`model_id = ${model.modelId} AND window_end >= ${range.from} AND window_end <= ${range.to}`];
        if (version !== undefined) conditions.push(sql`model_version = ${version}`);
        if (request.query.cursor !== undefined) {
          const after = decodeCursor(request.query.cursor, cursorShape);
          conditions.push(
            sql`(window_end < toDateTime(${after.e}, 'UTC') OR (window_end = toDateTime(${after.e}, 'UTC') AND (model_version > ${after.v} OR (model_version = ${after.v} AND deployment_role > ${after.r}))))`,
          );
        }
        const rows = await context.deps.store.queryRows<StateRow>(
          `SELECT model_version, deployment_role, window_start, window_end, state, worst_family, worst_subject, worst_metric, worst_value, predictions, labelled, last_event_time, reference_id FROM model_window_states FINAL WHERE ${conditions.join(' AND ')} ORDER BY window_end DESC, model_version, deployment_role LIMIT ${String(limit + 1)}`,
        );
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          items: page.map((row) => ({
            modelVersion: row.model_version,
            role: row.deployment_role,
            windowStart: isoTime(row.window_start),
            windowEnd: isoTime(row.window_end),
            state: row.state,
            worst: row.worst_metric === '' ? null : { family: row.worst_family, subject: row.worst_subject, metric: row.worst_metric, value: nullableNumber(row.worst_value) },
            predictions: count(row.predictions),
            labelled: count(row.labelled),
            lastEventTime: isoTimeOrNull(row.last_event_time),
            referenceId: row.reference_id,
          })),
          nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ e: last.window_end, v: last.model_version, r: last.deployment_role }) : null,
        };
      }),
  );
}
