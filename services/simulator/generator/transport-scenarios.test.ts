import { describe, expect, it } from 'vitest';
import { outcomeEventSchema, predictionEventSchema } from '../../contracts/index.js';
import { HOUR, T0, Z, summarize, generateAll, oneScenario, testFleet, testModel } from '../testing/test-fleet.js';
import { MALFORMED_REASONS } from './malformed.js';

const binomialTolerance = (p: number, n: number): number => Z * Math.sqrt((p * (1 - p)) / n);

describe('malformed records', () => {
  const share = 0.05;
  const emissions = oneScenario({ id: 'm', type: 'malformed', share, start: T0, end: T0 }, {}, 10);
  const malformed = emissions.flatMap((e) => (e.kind === 'malformed' ? [e] : []));
  const valid = emissions.filter((e) => e.kind !== 'malformed');

  it('replaces the configured share of records', () => {
    const attempts = malformed.length + valid.length;
    expect(Math.abs(malformed.length / attempts - share)).toBeLessThan(binomialTolerance(share, attempts));
  });

  it('uses every documented reason, each failing JSON parsing or the contract', () => {
    expect(new Set(malformed.map((m) => m.reason))).toEqual(new Set(Object.keys(MALFORMED_REASONS)));
    const accepted = malformed.filter((m) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(m.bytes));
      } catch {
        return false;
      }
      const schema = m.topic === 'predictions' ? predictionEventSchema : outcomeEventSchema;
      return schema.safeParse(parsed).success;
    });
    expect(accepted).toEqual([]);
  });
});

describe('duplicates', () => {
  const share = 0.05;
  const meanDelayMs = 30_000;
  const emissions = oneScenario({ id: 'd', type: 'duplicates', share, meanDelayMs, start: T0, end: T0 }, {}, 10);
  const valid = emissions.flatMap((e) => (e.kind === 'malformed' ? [] : [e]));
  const firsts = new Map(valid.filter((e) => !e.duplicate).map((e) => [e.event.eventId, e]));
  const duplicates = valid.filter((e) => e.duplicate);

  it('resends the configured share of records', () => {
    expect(Math.abs(duplicates.length / firsts.size - share)).toBeLessThan(binomialTolerance(share, firsts.size));
  });

  it('resends the identical event with the same eventId, later', () => {
    const mismatched = duplicates.filter((d) => {
      const first = firsts.get(d.event.eventId);
      return first === undefined || JSON.stringify(first.event) !== JSON.stringify(d.event) || d.publishTime < first.publishTime;
    });
    expect(mismatched).toEqual([]);
    const gaps = duplicates.map((d) => d.publishTime - firsts.get(d.event.eventId)!.publishTime);
    expect(Math.abs(summarize(gaps).mean - meanDelayMs)).toBeLessThan((Z * meanDelayMs) / Math.sqrt(gaps.length));
  });
});

describe('out-of-order and late events', () => {
  const outOfOrder = { share: 0.2, meanDelayMs: 120_000 };
  const late = { share: 0.03, latenessMs: HOUR, extraMeanMs: 600_000 };
  const { emissions } = generateAll(
    testFleet([
      testModel({
        scenarios: [
          { id: 'o', type: 'out_of_order', ...outOfOrder, start: T0, end: T0 },
          { id: 'l', type: 'late_events', ...late, start: T0, end: T0 },
        ],
      }),
    ], 10),
  );
  const predictions = emissions.flatMap((e) => (e.kind === 'prediction' ? [e] : []));
  const delays = predictions.map((p) => p.publishTime - p.eventTime);
  const n = predictions.length;

  it('publishes the late share beyond the allowed lateness', () => {
    const lateCount = delays.filter((d) => d > late.latenessMs).length;
    expect(Math.abs(lateCount / n - late.share)).toBeLessThan(binomialTolerance(late.share, n));
  });

  it('delays the out-of-order share by the configured mean, so event times run backwards in publish order', () => {
    // Out-of-order applies to the records that were not already late.
    const expectedShare = (1 - late.share) * outOfOrder.share;
    const reordered = delays.filter((d) => d > 0 && d <= late.latenessMs);
    expect(Math.abs(reordered.length / n - expectedShare)).toBeLessThan(binomialTolerance(expectedShare, n));
    // Censoring at the lateness bound is negligible: exp(-60) for these parameters.
    expect(Math.abs(summarize(reordered).mean - outOfOrder.meanDelayMs)).toBeLessThan((Z * outOfOrder.meanDelayMs) / Math.sqrt(reordered.length));
    const inversions = predictions.filter((p, i) => i > 0 && p.eventTime < predictions[i - 1]!.eventTime).length;
    expect(inversions).toBeGreaterThan(0);
  });
});

describe('label delays', () => {
  function delaysOf(emissions: ReturnType<typeof oneScenario>): { delays: number[]; requests: number; labelled: number } {
    const predictions = new Map(emissions.flatMap((e) => (e.kind === 'prediction' ? [[e.event.predictionId, e.event] as const] : [])));
    const delays = emissions.flatMap((e) => (e.kind === 'outcome' ? [e.event.eventTime - predictions.get(e.event.predictionId)!.eventTime] : []));
    return { delays, requests: predictions.size, labelled: delays.length };
  }
  const quiet = { id: 'none', type: 'duplicates' as const, share: 0, meanDelayMs: 1, start: T0, end: T0 };

  it('follows the configured exponential distribution and never labels the configured share', () => {
    const meanMs = 2 * HOUR;
    const neverLabelledShare = 0.15;
    const { delays, requests, labelled } = delaysOf(oneScenario(quiet, { labelDelay: { delay: { kind: 'exponential', meanMs }, neverLabelledShare } }, 10));
    const stats = summarize(delays);
    expect(Math.abs(stats.mean - meanMs)).toBeLessThan((Z * meanMs) / Math.sqrt(stats.n));
    // An exponential's sd equals its mean; the sample sd of an exponential has variance about 2·mean²/n.
    expect(Math.abs(stats.sd - meanMs)).toBeLessThan((Z * meanMs * Math.sqrt(2)) / Math.sqrt(stats.n));
    expect(Math.abs(1 - labelled / requests - neverLabelledShare)).toBeLessThan(binomialTolerance(neverLabelledShare, requests));
  });

  it('follows the configured lognormal distribution on the log scale', () => {
    const mu = Math.log(HOUR);
    const sigma = 0.8;
    const { delays } = delaysOf(oneScenario(quiet, { labelDelay: { delay: { kind: 'lognormal', mu, sigma }, neverLabelledShare: 0 } }, 10));
    const logs = summarize(delays.map((d) => Math.log(d)));
    // Event times are whole milliseconds: flooring moves log(delay) by under 1e-6 here.
    expect(Math.abs(logs.mean - mu)).toBeLessThan((Z * sigma) / Math.sqrt(logs.n));
    expect(Math.abs(logs.sd - sigma)).toBeLessThan((Z * sigma) / Math.sqrt(2 * logs.n));
  });
});
