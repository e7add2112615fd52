import { z } from 'zod';
import { referenceProfileFileSchema } from '../../references/index.js';

export const referenceParamsSchema = z.object({ modelId: z.string().min(1).max(256).describe('The model id') });

const instant = z.iso.datetime({ offset: true });

export const pinBodySchema = z.strictObject({
  start: instant.describe('Range start: windows lying entirely inside [start, end] are merged'),
  end: instant,
  activate: z.boolean().default(true).describe("Make it the model's current reference at once"),
  description: z.string().max(1_000).optional(),
  modelVersion: z.string().min(1).max(256).optional().describe('Only this version (default: champion traffic of every version)'),
});

export const uploadQuerySchema = z.object({
  activate: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe("Make it the model's current reference at once"),
});

/** The file `npm run reference:build -- --output f.json` writes, sent as is. */
export const uploadBodySchema = referenceProfileFileSchema;

export const assignBodySchema = z.strictObject({ referenceId: z.string().min(1).max(128) });

export const referenceSchema = z
  .object({
    referenceId: z.string(),
    modelId: z.string(),
    source: z.enum(['pinned_range', 'uploaded', 'automatic']),
    rangeStart: z.string().nullable(),
    rangeEnd: z.string().nullable(),
    description: z.string(),
    predictions: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Reference' });

export const assignmentSchema = z
  .object({ modelId: z.string(), referenceId: z.string(), assignedBy: z.string(), assignedAt: z.string(), seq: z.number().int() })
  .meta({ id: 'ReferenceAssignment' });

export const referenceListSchema = z.object({
  modelId: z.string(),
  current: assignmentSchema.nullable().describe('The reference drift is measured against now; null before one exists'),
  items: z.array(referenceSchema).describe('Newest first'),
});

export const referenceChangeSchema = z.object({ reference: referenceSchema, current: assignmentSchema.nullable(), windows: z.number().int().optional() });
