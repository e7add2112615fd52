import { z } from 'zod';

const attributeSchema = z.string().min(1).max(128).regex(/^[^=]+$/, "must not contain '='");

export const settingsParamsSchema = z.object({ scope: z.string().min(1).max(256).describe("'*' (fleet default) or a model id") });

export const settingsBodySchema = z.strictObject({
  positiveLabel: z.string().min(1).max(256).nullable().describe('The favourable label; null for regression models'),
  protectedAttributes: z.array(attributeSchema).max(64),
  privilegedGroups: z.record(attributeSchema, z.string().min(1).max(256)).describe('Privileged (reference) group of each protected attribute'),
  expectedSeq: z.number().int().min(0).optional().describe('Optimistic concurrency: the seq last read (0: must not exist); or send If-Match'),
});

export const settingsDeleteQuerySchema = z.object({ expectedSeq: z.coerce.number().int().min(0).optional() });

export const settingsViewSchema = z
  .object({
    scope: z.string(),
    source: z.enum(['model', 'fleet', 'none']).describe("Whose settings are in force: the model's own row, the fleet '*' row, or none stored (the values shown are then the processor's built-in default: positive label '1', no protected attributes)"),
    positiveLabel: z.string().nullable(),
    protectedAttributes: z.array(z.string()),
    privilegedGroups: z.record(z.string(), z.string()),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
    seq: z.number().int().describe('Version of the row in force for this scope (0: none); send it back as If-Match'),
  })
  .meta({ id: 'ModelSettings' });

export type SettingsView = z.infer<typeof settingsViewSchema>;
