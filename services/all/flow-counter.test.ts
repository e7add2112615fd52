import { describe, expect, it } from 'vitest';
import { FlowCounter } from './flow-counter.js';

describe('FlowCounter', () => {
  it('counts valid events and distinct models per topic', () => {
    const counter = new FlowCounter();
    counter.recordValid('p', 'm1');
    counter.recordValid('p', 'm1');
    counter.recordValid('p', 'm2');
    counter.recordValid('o', 'm1');
    const report = counter.drain();
    expect(report['p']).toEqual({ valid: 3, invalid: 0, invalidByCode: {}, models: 2 });
    expect(report['o']?.valid).toBe(1);
  });

  it('counts invalid events by error code', () => {
    const counter = new FlowCounter();
    counter.recordInvalid('p', 'EVENT_NOT_JSON');
    counter.recordInvalid('p', 'EVENT_NOT_JSON');
    counter.recordInvalid('p', 'EVENT_SCHEMA_INVALID');
    expect(counter.drain()['p']).toEqual({ valid: 0, invalid: 3, invalidByCode: { EVENT_NOT_JSON: 2, EVENT_SCHEMA_INVALID: 1 }, models: 0 });
  });

  it('starts afresh after each report', () => {
    const counter = new FlowCounter();
    counter.recordValid('p', 'm1');
    counter.drain();
    expect(counter.drain()).toEqual({});
  });
});
