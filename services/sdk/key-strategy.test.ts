import { describe, expect, it } from 'vitest';
import { messageKey } from './key-strategy.js';

const event = { modelId: 'fraud-v', predictionId: 'p-17' };

describe('messageKey', () => {
  it('keys by model id by default strategy so predictions and outcomes of a model share a partition', () => {
    expect(messageKey(event, 'modelId')).toBe('fraud-v');
  });

  it('keys by prediction id when a hot model must spread over partitions', () => {
    expect(messageKey(event, 'predictionId')).toBe('p-17');
  });
});
