import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutcomeEvent, PredictionEvent } from '../../contracts/index.js';
import { serializeClosedWindow } from '../windows/window-output-codec.js';
import { binarySettings, outcome, prediction } from './event-builders.test-support.js';
import { ExactClassificationScorer, ExactNumberSummary, exactProfileParts } from './exact-profile-parts.js';
import { serializeProfile } from './model-window-profile-codec.js';
import { MonitoringTopology, type TopologyOutput } from './monitoring-topology.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function topology(overrides: { maxPendingPredictions?: number; idleSourceTimeoutMs?: number; expectedSources?: readonly string[] } = {}): MonitoringTopology {
  return new MonitoringTopology({
    window: { sizeMs: HOUR, graceMs: 10 * MINUTE },
    labelHorizonMs: 3 * HOUR,
    idleSourceTimeoutMs: overrides.idleSourceTimeoutMs ?? 30 * MINUTE,
    ...(overrides.expectedSources === undefined ? {} : { expectedSources: overrides.expectedSources }),
    maxTrackedEventIdsPerWindow: 10_000,
    maxPendingPredictions: overrides.maxPendingPredictions ?? 1_000,
    outcomeTtlMs: 2 * HOUR,
    maxPendingOutcomes: 1_000,
    pairingTtlMs: 10 * MINUTE,
    maxPendingRequests: 1_000,
    maxVersionsPerRequest: 4,
    parts: exactProfileParts,
    settingsFor: () => binarySettings,
  });
}

describe('MonitoringTopology', () => {
  it('emits an hourly prediction window once, when the watermark passes its end plus grace', () => {
    const t = topology();
    t.pipePrediction('p0', prediction({ id: '1', eventTime: 5 * MINUTE }));
    t.pipePrediction('p0', prediction({ id: '2', eventTime: HOUR + 9 * MINUTE }));
    expect(t.advance().predictionWindows).toHaveLength(0);
    t.pipePrediction('p0', prediction({ id: '3', eventTime: HOUR + 10 * MINUTE }));
    const output = t.advance();
    expect(output.predictionWindows.map((w) => [w.key, w.start, w.state.predictions])).toEqual([['credit|v1|champion', 0, 1]]);
    expect(t.advance().predictionWindows).toHaveLength(0);
  });

  it('joins an outcome that arrived before its prediction into the label window of the prediction time', () => {
    const t = topology();
    t.pipeOutcome('o0', outcome('1', 20 * MINUTE, 'yes'));
    t.pipePrediction('p0', prediction({ id: '1', eventTime: 15 * MINUTE, score: 0.8 }));
    t.heartbeat('p0', 4 * HOUR);
    t.heartbeat('o0', 4 * HOUR);
    const [labels] = t.advance().labelWindows;
    expect(labels?.start).toBe(0);
    expect(labels?.state.classification).toMatchObject({ total: 1, correct: 1 });
    expect((labels?.state.labelDelayMs as ExactNumberSummary).values).toEqual([5 * MINUTE]);
  });

  it('applies a label that arrives after the prediction window closed but within the label horizon', () => {
    const t = topology();
    t.pipePrediction('p0', prediction({ id: '1', eventTime: 30 * MINUTE, score: 0.9 }));
    t.heartbeat('p0', 2 * HOUR);
    expect(t.advance().predictionWindows).toHaveLength(1);
    t.pipeOutcome('p0', outcome('1', 2 * HOUR + 30 * MINUTE, 'no'));
    t.heartbeat('p0', 4 * HOUR);
    const output = t.advance();
    expect(output.labelWindows.map((w) => [w.start, w.state.joined])).toEqual([[0, 1]]);
    expect(output.lateLabels).toEqual([]);
  });

  it('counts a label joined after its prediction window’s label horizon as late, per model and window', () => {
    const t = topology();
    t.pipePrediction('p0', prediction({ id: '1', eventTime: 30 * MINUTE }));
    t.heartbeat('p0', 4 * HOUR);
    t.advance();
    t.pipeOutcome('p0', outcome('1', 4 * HOUR + MINUTE, 'no'));
    const output = t.advance();
    expect(output.labelWindows).toEqual([]);
    expect(output.lateLabels).toEqual([{ key: 'credit|v1|champion', start: 0, end: HOUR, count: 1 }]);
  });

  it('counts a late prediction per model and window and does not wait for its label', () => {
    const t = topology();
    t.heartbeat('p0', 2 * HOUR);
    t.advance();
    t.pipePrediction('p0', prediction({ id: '1', eventTime: 30 * MINUTE }));
    t.pipeOutcome('p0', outcome('1', 2 * HOUR, 'no'));
    const output = t.advance();
    expect(output.latePredictions).toEqual([{ key: 'credit|v1|champion', start: 0, end: HOUR, count: 1 }]);
    expect(output.join).toMatchObject({ pendingPredictions: 0, pendingOutcomes: 1, joined: 0 });
  });

  it('applies a redelivered prediction once and does not join it twice', () => {
    const t = topology();
    const event = prediction({ id: '1', eventTime: MINUTE });
    t.pipePrediction('p0', event);
    t.pipeOutcome('p0', outcome('1', 2 * MINUTE, 'yes'));
    t.pipePrediction('p0', event);
    t.pipeOutcome('p0', outcome('1', 2 * MINUTE, 'yes'));
    t.heartbeat('p0', 5 * HOUR);
    const output = t.advance();
    expect(output.predictionWindows[0]).toMatchObject({ applied: 1, duplicates: 1 });
    expect(output.labelWindows[0]?.state.joined).toBe(1);
    expect(output.join.duplicatePredictions).toBe(0);
  });

  it('closes windows without waiting for a partition that went idle', () => {
    const t = topology();
    t.pipePrediction('p0', prediction({ id: '1', eventTime: MINUTE }));
    t.pipePrediction('p1', prediction({ id: '2', eventTime: 50 * MINUTE }));
    t.heartbeat('p0', HOUR + 15 * MINUTE);
    expect(t.advance()).toMatchObject({ watermark: 50 * MINUTE, predictionWindows: [] });
    t.heartbeat('p0', HOUR + 21 * MINUTE);
    expect(t.advance().predictionWindows.map((w) => w.state.predictions)).toEqual([2]);
  });

  it('closes the same label windows when predictions run hours ahead of an outcomes source that has delivered nothing yet', () => {
    // The processor trusts a lagging outcomes topic for a day; its first records were dead letters.
    const predictions = Array.from({ length: 30 }, (_, i) => prediction({ id: `${i}`, eventTime: i * 10 * MINUTE }));
    const outcomes = predictions.map((p, i) => outcome(`${i}`, p.eventTime + 20 * MINUTE, i % 2 === 0 ? 'yes' : 'no'));
    const inStep = (expectedSources?: readonly string[]): string[] => {
      const t = topology({ idleSourceTimeoutMs: 24 * HOUR, ...(expectedSources === undefined ? {} : { expectedSources }) });
      const closed: string[] = [];
      predictions.forEach((p, i) => {
        t.pipePrediction('predictions', p);
        t.pipeOutcome('outcomes', outcomes[i] as OutcomeEvent);
        closed.push(...labelFacts(t.advance()));
      });
      return closed;
    };
    const aheadOfOutcomes = (expectedSources?: readonly string[]): string[] => {
      const t = topology({ idleSourceTimeoutMs: 24 * HOUR, ...(expectedSources === undefined ? {} : { expectedSources }) });
      const closed: string[] = [];
      for (const p of predictions) t.pipePrediction('predictions', p);
      closed.push(...labelFacts(t.advance()));
      for (const o of outcomes) t.pipeOutcome('outcomes', o);
      closed.push(...labelFacts(t.advance()));
      return closed;
    };
    const expected = inStep(['predictions', 'outcomes']);
    expect(expected.filter((fact) => fact.startsWith('window')).length).toBeGreaterThan(0);
    expect(aheadOfOutcomes(['predictions', 'outcomes'])).toEqual(expected);
    // Without naming its sources, the outcomes topic counts only from its first event: the
    // predictions alone closed the first label windows, and their outcomes came too late.
    expect(aheadOfOutcomes()).not.toEqual(inStep());
  });

  it('evicts predictions that never got a label and counts them by reason', () => {
    const t = topology({ maxPendingPredictions: 2 });
    for (let i = 0; i < 3; i++) t.pipePrediction('p0', prediction({ id: `${i}`, eventTime: i * MINUTE }));
    t.heartbeat('p0', 10 * HOUR);
    expect(t.advance().join.predictionEvictions).toEqual({ ttl: 2, capacity: 1 });
  });

  it('emits byte-identical windows for every arrival order of the same events within grace', () => {
    // Events span two hours; arrival order is shuffled but no event is ever later than grace.
    const events: ({ kind: 'p'; e: PredictionEvent } | { kind: 'o'; e: OutcomeEvent })[] = [];
    for (let i = 0; i < 24; i++) {
      const time = i * 5 * MINUTE;
      events.push({ kind: 'p', e: prediction({ id: `${i}`, eventTime: time, score: (i % 10) / 10 + 0.05 }) });
      if (i % 3 !== 0) events.push({ kind: 'o', e: outcome(`${i}`, time + 3 * MINUTE, i % 2 === 0 ? 'yes' : 'no') });
    }
    const run = (order: typeof events): string[] => {
      const t = topology();
      const outputs: TopologyOutput[] = [];
      for (const item of order) {
        if (item.kind === 'p') t.pipePrediction('p0', item.e);
        else t.pipeOutcome('p0', item.e);
      }
      t.heartbeat('p0', 10 * HOUR);
      outputs.push(t.advance());
      return outputs.flatMap((o) =>
        [...o.predictionWindows, ...o.labelWindows].map((w) => Buffer.from(serializeClosedWindow(w, serializeProfile)).toString('hex')),
      );
    };
    const expected = run(events);
    expect(expected).toHaveLength(4);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (order) => {
        expect(run(order)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps accuracy of the label window in line with the joined outcomes', () => {
    const t = topology();
    t.pipePrediction('p0', prediction({ id: 'a', eventTime: MINUTE, score: 0.9 }));
    t.pipePrediction('p0', prediction({ id: 'b', eventTime: 2 * MINUTE, score: 0.1 }));
    t.pipeOutcome('p0', outcome('a', 3 * MINUTE, 'yes'));
    t.pipeOutcome('p0', outcome('b', 3 * MINUTE, 'yes'));
    t.heartbeat('p0', 5 * HOUR);
    const scorer = t.advance().labelWindows[0]?.state.classification as ExactClassificationScorer;
    expect([scorer.total, scorer.correct]).toEqual([2, 1]);
  });
});

describe('MonitoringTopology comparisons', () => {
  it('pairs champion and shadow predictions of the same request into a comparison window', () => {
    const t = topology();
    const champion = prediction({ id: 'c1', eventTime: MINUTE, score: 0.8, requestId: 'req-1' });
    const shadow = prediction({ id: 's1', eventTime: MINUTE + 50, score: 0.4, requestId: 'req-1', modelVersion: 'v2', deploymentRole: 'shadow' });
    t.pipePrediction('p0', shadow);
    t.pipePrediction('p0', champion);
    t.pipePrediction('p0', shadow);
    t.heartbeat('p0', 2 * HOUR);
    const output = t.advance();
    expect(output.comparisonWindows.map((w) => [w.key, w.start, w.state.pairs])).toEqual([['credit|v1|v2|shadow', 0, 1]]);
    const summary = output.comparisonWindows[0]!.state.summary(1.96);
    expect(summary.agreement.estimate).toBe(0);
    expect(summary.meanScoreDifference.estimate).toBeCloseTo(-0.4, 12);
    expect(output.pairing).toMatchObject({ paired: 1, pendingRequests: 0 });
  });
});

/** Closed label windows (start and joined pairs) and late labels, in emission order. */
function labelFacts(output: TopologyOutput): string[] {
  return [
    ...output.labelWindows.map((w) => `window ${w.start} joined ${w.state.joined}`),
    ...output.lateLabels.map((l) => `late ${l.start} ${l.count}`),
  ];
}
