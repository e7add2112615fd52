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

  it('holds the watermark for an expected source that has delivered nothing, until the leader is the idle timeout past the first event', () => {
    const marks = new SourceWatermarks(5 * MINUTE, ['predictions', 'outcomes']);
    marks.observe('predictions', 10 * MINUTE);
    marks.observe('predictions', 15 * MINUTE);
    expect(marks.current()).toBe(Number.NEGATIVE_INFINITY);
    expect(marks.activeSources()).toEqual(['outcomes', 'predictions']);
    marks.observe('predictions', 15 * MINUTE + 1);
    expect(marks.idleSources()).toEqual(['outcomes']);
    expect(marks.current()).toBe(15 * MINUTE + 1);
  });

  it('keeps an expected source without events holding while it has unread input', () => {
    const marks = new SourceWatermarks(5 * MINUTE, ['predictions', 'outcomes']);
    marks.observe('predictions', 10 * MINUTE);
    marks.setBacklog('outcomes', true);
    marks.observe('predictions', 60 * MINUTE);
    expect(marks.current()).toBe(Number.NEGATIVE_INFINITY);
    marks.setBacklog('outcomes', false);
    expect(marks.current()).toBe(60 * MINUTE);
  });

  it('treats an expected source as any other once it delivered', () => {
    const marks = new SourceWatermarks(5 * MINUTE, ['predictions', 'outcomes']);
    marks.observe('predictions', 10 * MINUTE);
    marks.observe('outcomes', 9 * MINUTE);
    marks.observe('predictions', 12 * MINUTE);
    expect(marks.current()).toBe(9 * MINUTE);
    marks.observe('predictions', 14 * MINUTE + 1);
    expect(marks.current()).toBe(14 * MINUTE + 1);
  });

  it('restores the first event time from its state, so an expected source without events goes idle at the same moment', () => {
    const marks = new SourceWatermarks(5 * MINUTE, ['predictions', 'outcomes']);
    marks.observe('predictions', 10 * MINUTE);
    const restored = new SourceWatermarks(5 * MINUTE, ['predictions', 'outcomes']);
    restored.importState(marks.exportState());
    for (const m of [marks, restored]) m.observe('predictions', 15 * MINUTE);
    expect(restored.current()).toBe(marks.current());
    for (const m of [marks, restored]) m.observe('predictions', 15 * MINUTE + 1);
    expect(restored.current()).toBe(15 * MINUTE + 1);
    expect(marks.current()).toBe(15 * MINUTE + 1);
  });

  it('holds nothing for sources that are neither expected nor seen', () => {
    const marks = new SourceWatermarks(5 * MINUTE, ['predictions']);
    marks.observe('predictions', 10 * MINUTE);
    expect(marks.current()).toBe(10 * MINUTE);
  });
});
