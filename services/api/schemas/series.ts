import { z } from 'zod';
import { isoTimeSchema, spanSchema, statusSchema } from './common.js';

export const seriesPointSchema = z.object({
  windowStart: isoTimeSchema,
  windowEnd: isoTimeSchema,
  value: z.number().nullable(),
  status: statusSchema,
  warnThreshold: z.number().nullable(),
  criticalThreshold: z.number().nullable(),
  sampleSize: z.number().int(),
  rolling3d: z.number().nullable().describe('The same statistic over the 3 days ending at windowEnd (null when not computed)'),
  rolling7d: z.number().nullable().describe('The same statistic over the 7 days ending at windowEnd'),
});

export const seriesSchema = z
  .object({
    family: z.string(),
    subject: z.string(),
    metric: z.string(),
    modelVersion: z.string(),
    span: spanSchema,
    points: z.array(seriesPointSchema).describe('Oldest first'),
  })
  .meta({ id: 'Series' });

export type Series = z.infer<typeof seriesSchema>;
export type SeriesPoint = z.infer<typeof seriesPointSchema>;
