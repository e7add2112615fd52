import { z } from 'zod';
import { LIMITS, eventTimeSchema, idSchema, modelIdSchema } from './common.js';

/** Ground truth for one prediction, arriving minutes to days after it (or before it). */
export const outcomeEventSchema = z
  .strictObject({
    eventId: idSchema,
    predictionId: idSchema,
    modelId: modelIdSchema,
    eventTime: eventTimeSchema,
    label: z.string().min(1).max(LIMITS.nameMaxLength).nullable().default(null),
    value: z.number().refine(Number.isFinite, 'must be a finite number').nullable().default(null),
  })
  .superRefine((o, ctx) => {
    if ((o.label === null) === (o.value === null)) {
      ctx.addIssue({ code: 'custom', message: 'exactly one of label (classification) or value (regression) is required', path: [] });
    }
  });

export type OutcomeEvent = z.output<typeof outcomeEventSchema>;
export type OutcomeEventInput = z.input<typeof outcomeEventSchema>;
