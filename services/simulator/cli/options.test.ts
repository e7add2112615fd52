import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../shared/errors.js';
import { parseSimulatorOptions } from './options.js';

const NOW = Date.UTC(2026, 5, 1, 12, 30);
const HOUR = 3_600_000;

describe('parseSimulatorOptions', () => {
  it('runs the demo preset until stopped by default, ending about now', () => {
    const o = parseSimulatorOptions([], {}, NOW);
    expect(o).toMatchObject({ preset: 'demo', models: 5, seed: 42, durationMs: Number.POSITIVE_INFINITY, endTime: Number.POSITIVE_INFINITY, dryRun: false });
    expect(o.startTime + o.scenarioHorizonMs).toBe(Date.UTC(2026, 5, 1, 12));
  });

  it('reads VIGIL_SIM_* variables and lets flags win over them', () => {
    const o = parseSimulatorOptions(['--models', '12', '--dry-run'], { VIGIL_SIM_PRESET: 'fleet', VIGIL_SIM_MODELS: '3', VIGIL_SIM_SEED: '9' }, NOW);
    expect(o).toMatchObject({ preset: 'fleet', models: 12, seed: 9, dryRun: true });
    expect(o.runId).toBe(`sim9-${o.startTime.toString(36)}`);
  });

  it('derives the simulated range from duration and speed-up', () => {
    const o = parseSimulatorOptions(['--duration', '60', '--speed-up', '3600', '--start', '2026-01-01T00:00:00Z'], {}, NOW);
    expect(o.startTime).toBe(Date.UTC(2026, 0, 1));
    expect(o.endTime - o.startTime).toBe(60 * HOUR);
    expect(o.scenarioHorizonMs).toBe(60 * HOUR);
  });

  it.each([
    [['--rate', '-5'], {}],
    [['--preset', 'huge'], {}],
    [['--frobnicate'], {}],
    [[], { VIGIL_SIM_RATEE: '10' }],
    [['--start', 'yesterday'], {}],
  ])('rejects bad settings %j %j with SIMULATOR_INVALID', (argv, env) => {
    let caught: unknown;
    try {
      parseSimulatorOptions(argv, env, NOW);
    } catch (error) {
      caught = error;
    }
    expect(isVigilError(caught, 'SIMULATOR_INVALID')).toBe(true);
  });
});
