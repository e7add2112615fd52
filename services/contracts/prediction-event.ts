import { z } from 'zod';
import { LIMITS, anyNumberSchema, deploymentRoleSchema, eventTimeSchema, featureNameSchema, idSchema, modelIdSchema } from './common.js';

/**
 * A feature value as the model saw it. Wrong types and NaN are *not* rejected here: the
 * statistics core counts them as data-quality findings, so one bad feature never costs
 * the rest of the event. `null` means the value was missing.
 */
export const featureValueSchema = z.union([anyNumberSchema, z.string().max(LIMITS.stringValueMaxLength), z.boolean(), z.null()]);
export type FeatureValue = z.infer<typeof featureValueSchema>;

const probability = z.number().min(0).max(1);

/** Classification carries a label (and optionally class probabilities); regression a value. */
export const predictionSchema = z
  .strictObject({
    label: z.string().min(1).max(LIMITS.nameMaxLength).nullable().default(null),
    probabilities: z
      .record(z.string().min(1).max(LIMITS.nameMaxLength), probability)
      .nullable()
      .default(null)
      .refine((p) => p === null || Object.keys(p).length <= LIMITS.maxClasses, `at most ${LIMITS.maxClasses} classes`),
    value: z.number().refine(Number.isFinite, 'must be a finite number').nullable().default(null),
  })
  .superRefine((p, ctx) => {
    const isClassification = p.label !== null;
    const isRegression = p.value !== null;
    if (isClassification === isRegression) {
      ctx.addIssue({ code: 'custom', message: 'exactly one of label (classification) or value (regression) is required', path: [] });
    }
    if (p.probabilities !== null) {
      if (isRegression) ctx.addIssue({ code: 'custom', message: 'a regression prediction has no probabilities', path: ['probabilities'] });
      const sum = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > LIMITS.probabilitySumTolerance) {
        ctx.addIssue({ code: 'custom', message: `probabilities must sum to 1 (got ${sum})`, path: ['probabilities'] });
      }
      if (p.label !== null && !(p.label in p.probabilities)) {
        ctx.addIssue({ code: 'custom', message: 'the predicted label must be one of the probability classes', path: ['label'] });
      }
    }
  });
export type Prediction = z.infer<typeof predictionSchema>;

export const predictionEventSchema = z
  .strictObject({
    eventId: idSchema,
    modelId: modelIdSchema,
    modelVersion: modelIdSchema,
    deploymentRole: deploymentRoleSchema,
    /** Shared by every version that scored the same request, so shadow and challenger scores pair up. */
    requestId: idSchema,
    /** Outcomes refer to this id. */
    predictionId: idSchema,
    eventTime: eventTimeSchema,
    features: z
      .record(featureNameSchema, featureValueSchema)
      .refine((f) => Object.keys(f).length <= LIMITS.maxFeatures, `at most ${LIMITS.maxFeatures} features`),
    prediction: predictionSchema,
    /** Protected and segment attributes (gender, age band, region…); which are protected is per-model configuration. */
    attributes: z
      .record(featureNameSchema, z.string().max(LIMITS.stringValueMaxLength))
      .refine((a) => Object.keys(a).length <= LIMITS.maxAttributes, `at most ${LIMITS.maxAttributes} attributes`)
      .default({}),
    latencyMs: z.number().min(0).refine(Number.isFinite, 'must be a finite number').nullable().default(null),
  });

/** The decoded, normalised prediction event (defaults filled in). */
export type PredictionEvent = z.output<typeof predictionEventSchema>;
/** What a producer may send (optional fields may be omitted). */
export type PredictionEventInput = z.input<typeof predictionEventSchema>;
