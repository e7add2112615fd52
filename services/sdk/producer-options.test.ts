import { describe, expect, it } from 'vitest';
import { isVigilError } from '../shared/errors.js';
import { resolveProducerSettings } from './producer-options.js';

describe('resolveProducerSettings', () => {
  it('fills documented defaults: model id keys, JSON, gzip, idempotent, bounded buffer', () => {
    const s = resolveProducerSettings({});
    expect(s.keyBy).toBe('modelId');
    expect(s.encoding).toBe('json');
    expect(s.compression).toBe('gzip');
    expect(s.idempotent).toBe(true);
    expect(s.topics).toEqual({ predictions: 'vigil.predictions', outcomes: 'vigil.outcomes' });
    expect(s.batch.maxBytes).toBeLessThanOrEqual(s.buffer.maxBytes);
  });

  it('rejects a batch larger than the buffer with CONFIG_INVALID naming the setting', () => {
    let caught: unknown;
    try {
      resolveProducerSettings({ buffer: { maxEvents: 10 }, batch: { maxEvents: 20 } });
    } catch (error) {
      caught = error;
    }
    expect(isVigilError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('batch.maxEvents');
  });

  it('rejects an unknown option instead of ignoring a typo', () => {
    expect(() => resolveProducerSettings({ lingerMs: 5 } as never)).toThrow(/lingerMs/);
  });
});
