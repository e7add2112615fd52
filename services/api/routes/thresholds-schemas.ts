import { z } from 'zod';
import { familySchema } from '../schemas/common.js';

export const thresholdRuleSchema = z.enum(['at_least', 'abs_greater_than', 'greater_than', 'less_than']);
export const scopeSchema = z.string().min(1).max(256).describe("'*' (fleet default) or a model id");
export const metricNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _').describe('Metric name, e.g. psi');

export const thresholdParamsSchema = z.object({ scope: scopeSchema, family: familySchema, metric: metricNameSchema });

export const thresholdPutBodySchema = z.strictObject({
  warn: z.number(),
  critical: z.number(),
  rule: thresholdRuleSchema.optional().describe('Required for metrics without a built-in threshold; must match the built-in rule otherwise'),
  expectedSeq: z.number().int().min(0).optional().describe('Optimistic concurrency: the seq last read (0: must not exist); or send If-Match'),
});

export const thresholdDeleteQuerySchema = z.object({
  expectedSeq: z.coerce.number().int().min(0).optional(),
});

export const thresholdOverrideSchema = z
  .object({
    scope: z.string(),
    family: z.string(),
    metric: z.string(),
    warn: z.number(),
    critical: z.number(),
    rule: thresholdRuleSchema,
    updatedBy: z.string(),
    updatedAt: z.string(),
    seq: z.number().int(),
  })
  .meta({ id: 'ThresholdOverride' });

const limitsSchema = z.object({ warn: z.number(), critical: z.number(), rule: thresholdRuleSchema });

export const effectiveThresholdSchema = z
  .object({
    family: z.string(),
    metric: z.string(),
    warn: z.number(),
    critical: z.number(),
    rule: thresholdRuleSchema,
    source: z.enum(['built_in', 'fleet', 'model']).describe("Where the values in force come from: built-in default < fleet '*' < model override"),
    builtIn: limitsSchema.nullable(),
    fleet: thresholdOverrideSchema.nullable(),
    model: thresholdOverrideSchema.nullable(),
  })
  .meta({ id: 'EffectiveThreshold' });

export const effectiveThresholdsQuerySchema = z.object({
  model: scopeSchema.optional().describe("Model id; omitted or '*': the fleet defaults"),
  family: familySchema.optional(),
});

export const effectiveThresholdsSchema = z.object({ model: z.string(), thresholds: z.array(effectiveThresholdSchema) });
