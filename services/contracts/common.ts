import { z } from 'zod';

// Shared field rules of every event. Limits keep one hostile event from costing
// unbounded memory downstream; they are part of the contract and documented in schemas/README.md.
export const LIMITS = Object.freeze({
  idMaxLength: 256,
  nameMaxLength: 128,
  maxFeatures: 2_000,
  maxAttributes: 64,
  maxClasses: 1_000,
  stringValueMaxLength: 1_024,
  /** Probabilities of one prediction must sum to 1 within this tolerance. */
  probabilitySumTolerance: 1e-3,
  /** Largest encoded event (JSON or Avro) a decoder accepts; Kafka's default message limit. */
  maxEventBytes: 1_048_576,
});

/** Model ids and versions appear in topic keys, table rows and URLs: keep them plain. */
export const modelIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must start with a letter or digit and use only letters, digits and . _ : -')
  .max(LIMITS.nameMaxLength);

export const idSchema = z.string().min(1).max(LIMITS.idMaxLength);

/** Event time in milliseconds since the Unix epoch (Avro timestamp-millis). */
export const eventTimeSchema = z
  .number()
  .int('must be whole milliseconds since the epoch')
  .min(0, 'must not be before 1970')
  .max(8_640_000_000_000_000, 'is beyond the largest representable date');

export const deploymentRoleSchema = z.enum(['champion', 'challenger', 'shadow', 'canary']);
export type DeploymentRole = z.infer<typeof deploymentRoleSchema>;

export const featureNameSchema = z.string().min(1).max(LIMITS.nameMaxLength);

/**
 * Any JavaScript number, NaN and ±Infinity included. Avro doubles can carry them and the
 * statistics core counts them as data-quality findings, so the contract lets them through.
 * `meta` keeps the JSON Schema export (and the Avro parity test) seeing a plain number.
 */
export const anyNumberSchema = z.custom<number>((v) => typeof v === 'number', 'must be a number').meta({ type: 'number' });
