import { z } from 'zod';
import { LIMITS, eventTimeSchema, idSchema, modelIdSchema } from './common.js';

export const severitySchema = z.enum(['warning', 'critical']);
export const metricFamilySchema = z.enum(['drift', 'fairness', 'accuracy', 'data_quality', 'volume', 'comparison']);

/** Published by alert rules for paging and retraining systems. */
export const anomalyEventSchema = z.strictObject({
  anomalyId: idSchema,
  modelId: modelIdSchema,
  modelVersion: modelIdSchema,
  ruleId: idSchema,
  family: metricFamilySchema,
  metric: z.string().min(1).max(LIMITS.nameMaxLength),
  /** The feature, protected group or class the value is about, when there is one. */
  subject: z.string().max(LIMITS.stringValueMaxLength).nullable().default(null),
  severity: severitySchema,
  value: z.number().refine(Number.isFinite, 'must be a finite number'),
  threshold: z.number().refine(Number.isFinite, 'must be a finite number'),
  windowStart: eventTimeSchema,
  windowEnd: eventTimeSchema,
  detectedAt: eventTimeSchema,
  message: z.string().max(4_096),
});

export type AnomalyEvent = z.output<typeof anomalyEventSchema>;
export type AnomalyEventInput = z.input<typeof anomalyEventSchema>;
