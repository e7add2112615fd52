import { z } from 'zod';
import { VigilError } from '../shared/errors.js';
import { KEY_STRATEGIES } from './key-strategy.js';

// The tunables of the producer, validated once and frozen. Defaults favour a model server:
// a few MiB of memory at most, 50 ms of added latency, two minutes of broker outage survived.
const positiveInt = z.number().int().positive();

export const producerSettingsSchema = z
  .strictObject({
    topics: z
      .strictObject({ predictions: z.string().min(1).default('vigil.predictions'), outcomes: z.string().min(1).default('vigil.outcomes') })
      .default({ predictions: 'vigil.predictions', outcomes: 'vigil.outcomes' }),
    encoding: z.enum(['json', 'avro']).default('json'),
    keyBy: z.enum(KEY_STRATEGIES).default('modelId'),
    buffer: z
      .strictObject({ maxEvents: positiveInt.default(10_000), maxBytes: positiveInt.default(16 * 1024 * 1024) })
      .default({ maxEvents: 10_000, maxBytes: 16 * 1024 * 1024 }),
    // 512 KiB keeps one partition's record batch under the broker's default 1 MiB limit.
    batch: z
      .strictObject({
        maxEvents: positiveInt.default(1_000),
        maxBytes: positiveInt.default(512 * 1024),
        lingerMs: z.number().int().min(0).default(50),
      })
      .default({ maxEvents: 1_000, maxBytes: 512 * 1024, lingerMs: 50 }),
    compression: z.enum(['none', 'gzip']).default('gzip'),
    idempotent: z.boolean().default(true),
    deliveryTimeoutMs: positiveInt.default(120_000),
    retryBackoff: z
      .strictObject({ initialDelayMs: positiveInt.default(100), maxDelayMs: positiveInt.default(5_000), multiplier: z.number().min(1).default(2) })
      .default({ initialDelayMs: 100, maxDelayMs: 5_000, multiplier: 2 }),
    requestTimeoutMs: positiveInt.default(30_000),
    connectionTimeoutMs: positiveInt.default(3_000),
    dropWarningIntervalMs: positiveInt.default(10_000),
    closeTimeoutMs: positiveInt.default(10_000),
  })
  .superRefine((s, ctx) => {
    if (s.batch.maxEvents > s.buffer.maxEvents) {
      ctx.addIssue({ code: 'custom', path: ['batch', 'maxEvents'], message: 'must not exceed buffer.maxEvents' });
    }
    if (s.batch.maxBytes > s.buffer.maxBytes) {
      ctx.addIssue({ code: 'custom', path: ['batch', 'maxBytes'], message: 'must not exceed buffer.maxBytes' });
    }
  });

export type ProducerSettings = z.output<typeof producerSettingsSchema>;
export type ProducerSettingsInput = z.input<typeof producerSettingsSchema>;

/** Throws CONFIG_INVALID naming every wrong setting. */
export function resolveProducerSettings(input: ProducerSettingsInput): Readonly<ProducerSettings> {
  const result = producerSettingsSchema.safeParse(input);
  if (!result.success) {
    const reason = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new VigilError('CONFIG_INVALID', `producer options: ${reason}`);
  }
  return Object.freeze(result.data);
}
