import { z } from 'zod';

export const MODEL_STATES = ['healthy', 'warning', 'critical', 'no_data'] as const;
export const STATUSES = ['ok', 'warning', 'critical', 'no_data'] as const;
export const SPANS = ['window', 'rolling_3d', 'rolling_7d'] as const;
export const FAMILIES = ['drift', 'prediction_drift', 'fairness', 'accuracy', 'quality', 'volume'] as const;

export const modelStateSchema = z.enum(MODEL_STATES);
export const statusSchema = z.enum(STATUSES);
export const spanSchema = z.enum(SPANS);
export const familySchema = z.enum(FAMILIES);
export type ModelState = z.infer<typeof modelStateSchema>;
export type Span = z.infer<typeof spanSchema>;
export type Family = z.infer<typeof familySchema>;

export const isoTimeSchema = z.string().describe('UTC time, ISO 8601 (YYYY-MM-DDThh:mm:ssZ)');

export const modelParamsSchema = z.object({
  modelId: z.string().min(1).max(256).describe('The model id'),
});

export const versionQueryField = z.string().min(1).max(256).optional().describe('Model version; default: the champion (else the most recently seen version)');

/** Which statistic is worst in a window state; null when every statistic is fine. */
export const worstMetricSchema = z
  .object({
    modelVersion: z.string(),
    family: z.string(),
    subject: z.string(),
    metric: z.string(),
    value: z.number().nullable(),
  })
  .nullable();

/** One statistic of one window: value judged against the thresholds in force. */
export const statisticSchema = z.object({
  value: z.number().nullable(),
  status: statusSchema,
  warnThreshold: z.number().nullable(),
  criticalThreshold: z.number().nullable(),
  sampleSize: z.number().int(),
  referenceSize: z.number().int(),
});
export type Statistic = z.infer<typeof statisticSchema>;
