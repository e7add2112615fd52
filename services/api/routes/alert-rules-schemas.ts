import { z } from 'zod';
import { pageQueryFields, pageSchema } from '../pagination.js';
import { familySchema } from '../schemas/common.js';

export const ALERT_CONDITIONS = ['above', 'below', 'status_at_least'] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

export const alertRuleParamsSchema = z.object({ ruleId: z.string().min(1).max(64) });

export const alertRuleBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  modelSelector: z.string().min(1).max(256).describe("'*' (every model; admin only) or a model id"),
  family: familySchema,
  metric: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _'),
  subject: z.string().min(1).max(256).default('*').describe("'*' or a feature / group / class"),
  condition: z.enum(ALERT_CONDITIONS),
  threshold: z.number().describe('Limit for above/below; for status_at_least 1 = warning, 2 = critical'),
  forWindows: z.number().int().min(1).max(1000).default(1).describe('Consecutive windows the condition must hold before firing'),
  severity: z.enum(ALERT_SEVERITIES),
  enabled: z.boolean().default(true),
  expectedSeq: z.number().int().min(0).optional().describe('PUT only: optimistic concurrency (or send If-Match)'),
});
export type AlertRuleBody = z.infer<typeof alertRuleBodySchema>;

export const alertRuleSchema = z
  .object({
    ruleId: z.string(),
    name: z.string(),
    modelSelector: z.string(),
    family: z.string(),
    metric: z.string(),
    subject: z.string(),
    condition: z.enum(ALERT_CONDITIONS),
    threshold: z.number(),
    forWindows: z.number().int(),
    severity: z.enum(ALERT_SEVERITIES),
    enabled: z.boolean(),
    updatedBy: z.string(),
    updatedAt: z.string(),
    seq: z.number().int(),
  })
  .meta({ id: 'AlertRule' });
export type AlertRuleView = z.infer<typeof alertRuleSchema>;

export function alertRuleListQuerySchema(maxPageSize: number) {
  return z.object({
    model: z.string().min(1).max(256).optional().describe("Rules that apply to this model (its own and the '*' ones)"),
    ...pageQueryFields(maxPageSize),
  });
}

export const alertRulePageSchema = pageSchema(alertRuleSchema);
export const alertRuleDeleteQuerySchema = z.object({ expectedSeq: z.coerce.number().int().min(0).optional() });
