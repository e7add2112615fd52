import { describe, expect, it } from 'vitest';
import { summarize, Z } from '../testing/test-fleet.js';
import { Rng } from './rng.js';

const N = 50_000;
const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

describe('Rng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    expect(draw(100, () => a.nextUint32())).toEqual(draw(100, () => b.nextUint32()));
  });

  it('gives a different sequence for a different seed', () => {
    const a = new Rng(123);
    const b = new Rng(124);
    expect(draw(100, () => a.nextUint32())).not.toEqual(draw(100, () => b.nextUint32()));
  });

  it('forks independent named streams without consuming the parent', () => {
    const parent = new Rng(9);
    const left = parent.fork('left').uniform();
    const right = parent.fork('right').uniform();
    expect(left).not.toBe(right);
    expect(parent.fork('left').uniform()).toBe(left);
  });

  it('draws uniforms on [0, 1) with mean 1/2 and sd 1/sqrt(12)', () => {
    const rng = new Rng(1);
    const values = draw(N, () => rng.uniform());
    const sd = Math.sqrt(1 / 12);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(Math.abs(summarize(values).mean - 0.5)).toBeLessThan((Z * sd) / Math.sqrt(N));
  });

  it('draws normals with the requested mean and sd', () => {
    const rng = new Rng(2);
    const stats = summarize(draw(N, () => rng.normal(10, 3)));
    expect(Math.abs(stats.mean - 10)).toBeLessThan((Z * 3) / Math.sqrt(N));
    // The sd of a sample sd is about sigma / sqrt(2n).
    expect(Math.abs(stats.sd - 3)).toBeLessThan((Z * 3) / Math.sqrt(2 * N));
  });

  it('draws lognormals whose logarithm has the requested mu and sigma', () => {
    const rng = new Rng(3);
    const stats = summarize(draw(N, () => Math.log(rng.lognormal(1.5, 0.7))));
    expect(Math.abs(stats.mean - 1.5)).toBeLessThan((Z * 0.7) / Math.sqrt(N));
    expect(Math.abs(stats.sd - 0.7)).toBeLessThan((Z * 0.7) / Math.sqrt(2 * N));
  });

  it('draws exponentials with the requested mean (and sd equal to it)', () => {
    const rng = new Rng(4);
    const stats = summarize(draw(N, () => rng.exponential(250)));
    expect(Math.abs(stats.mean - 250)).toBeLessThan((Z * 250) / Math.sqrt(N));
  });

  it('draws categories in proportion to their weights', () => {
    const rng = new Rng(5);
    const weights = [1, 2, 7];
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[rng.categorical(weights)]!++;
    weights.forEach((w, i) => {
      const p = w / 10;
      expect(Math.abs(counts[i]! / N - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / N));
    });
  });
});
