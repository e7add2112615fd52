import { z } from 'zod';
import { isoTimeSchema, modelStateSchema } from './common.js';

const worstOfVersion = z.object({ family: z.string(), subject: z.string(), metric: z.string(), value: z.number().nullable() }).nullable();

export const versionSummarySchema = z.object({
  modelVersion: z.string(),
  role: z.string().describe('champion, challenger, shadow or canary'),
  state: modelStateSchema,
  windowStart: isoTimeSchema.nullable().describe('The latest closed window of this version'),
  windowEnd: isoTimeSchema.nullable(),
  predictions: z.number().int().describe('Predictions in the latest window'),
  labelled: z.number().int(),
  lastEventTime: isoTimeSchema.nullable(),
  firstSeen: isoTimeSchema.nullable(),
  lastSeen: isoTimeSchema.nullable(),
  worst: worstOfVersion,
});

export const modelSummarySchema = z
  .object({
    modelId: z.string(),
    state: modelStateSchema.describe('Worst over the versions: critical > warning > no_data > healthy; the champion wins ties'),
    worst: z
      .object({ modelVersion: z.string(), family: z.string(), subject: z.string(), metric: z.string(), value: z.number().nullable() })
      .nullable()
      .describe('The worst statistic of the worst version'),
    lastEventTime: isoTimeSchema.nullable(),
    latestWindowEnd: isoTimeSchema.nullable(),
    volume: z.object({
      latestWindow: z.number().int().describe('Predictions of every version in the latest closed window'),
      last24h: z.number().int().describe('Predictions of every version in windows that closed in the last 24 h'),
    }),
    versions: z.array(versionSummarySchema).describe('Champion first, then challenger, canary, shadow'),
  })
  .meta({ id: 'ModelSummary' });
