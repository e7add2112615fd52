import { z } from 'zod';
import { isoTimeSchema, spanSchema, statisticSchema, statusSchema } from './common.js';

export const subjectStatisticsSchema = z
  .object({
    subject: z.string(),
    status: statusSchema.describe('The worst status among its metrics'),
    metrics: z.record(z.string(), statisticSchema).describe('Metric name → statistic'),
  })
  .meta({ id: 'SubjectStatistics' });

/** Which window a snapshot answer describes. */
export const windowHeaderFields = {
  modelId: z.string(),
  modelVersion: z.string(),
  span: spanSchema,
  windowStart: isoTimeSchema.nullable().describe('null when the model has no such statistics yet'),
  windowEnd: isoTimeSchema.nullable(),
  referenceId: z.string().nullable().describe('The reference profile drift was measured against'),
};

export const windowQueryFields = {
  windowEnd: z.iso.datetime({ offset: true }).optional().describe('The window ending at this time; default: the latest'),
  span: spanSchema.default('window'),
};
