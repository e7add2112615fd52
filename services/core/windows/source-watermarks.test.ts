import { describe, expect, it } from 'vitest';
import { SourceWatermarks } from './source-watermarks.js';

const MINUTE = 60_000;

describe('SourceWatermarks', () => {
  it('is -Infinity before any source delivered', () => {
    expect(new SourceWatermarks(MINUTE).current()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('takes the minimum over active sources, so the slowest partition holds windows open', () => {
    const marks = new SourceWatermarks(30 * MINUTE);
    marks.observe('p0', 10 * MINUTE);
    marks.observe('p1', 4 * MINUTE);
    expect(marks.current()).toBe(4 * MINUTE);
    marks.observe('p1', 8 * MINUTE);
    expect(marks.current()).toBe(8 * MINUTE);
  });

  it('keeps each source at the largest event time it delivered', () => {
    const marks = new SourceWatermarks(MINUTE);
    marks.observe('p0', 500);
    marks.observe('p0', 100);
    expect(marks.sourceWatermark('p0')).toBe(500);
  });

  it('stops waiting for a source that lags the leader by more than the idle timeout', () => {
    const marks = new SourceWatermarks(5 * MINUTE);
    marks.observe('p0', MINUTE);
    marks.observe('p1', MINUTE);
    marks.observe('p0', 6 * MINUTE);
    expect(marks.current()).toBe(MINUTE);
    marks.observe('p0', 6 * MINUTE + 1);
    expect(marks.idleSources()).toEqual(['p1']);
    expect(marks.current()).toBe(6 * MINUTE + 1);
  });

  it('counts a woken idle source again without moving the watermark backwards', () => {
    const marks = new SourceWatermarks(5 * MINUTE);
    marks.observe('p0', 20 * MINUTE);
    marks.observe('p1', MINUTE);
    expect(marks.current()).toBe(20 * MINUTE);
    marks.observe('p1', 18 * MINUTE);
    expect(marks.activeSources()).toEqual(['p0', 'p1']);
    expect(marks.current()).toBe(20 * MINUTE);
    marks.observe('p0', 30 * MINUTE);
    marks.observe('p1', 27 * MINUTE);
    expect(marks.current()).toBe(27 * MINUTE);
  });

  it('ignores non-finite event times', () => {
    const marks = new SourceWatermarks(MINUTE);
    marks.observe('p0', Number.NaN);
    expect(marks.current()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('keeps a lagging source with unread input holding the watermark, however far it lags', () => {
    const marks = new SourceWatermarks(MINUTE);
    marks.observe('predictions', 60 * MINUTE);
    marks.observe('outcomes', 10 * MINUTE);
    marks.setBacklog('outcomes', true);
    expect(marks.current()).toBe(10 * MINUTE);
    expect(marks.idleSources()).toEqual([]);
    // Once its backlog is read, the event-time rule applies again.
    marks.setBacklog('outcomes', false);
    expect(marks.current()).toBe(60 * MINUTE);
  });
});
