import { describe, expect, it } from 'vitest';
import { acceptsGzip } from './accept-encoding.js';

describe('acceptsGzip', () => {
  it('accepts what browsers send', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
  });

  it('answers identity when the header is missing or names other codings only', () => {
    expect([acceptsGzip(undefined), acceptsGzip(''), acceptsGzip('br'), acceptsGzip('identity')]).toEqual([false, false, false, false]);
  });

  it('respects a q-value of zero, written any way the grammar allows', () => {
    expect([acceptsGzip('gzip;q=0'), acceptsGzip('gzip; q=0.000'), acceptsGzip('GZIP;Q=0.0')]).toEqual([false, false, false]);
  });

  it('accepts the x-gzip alias and any positive q-value', () => {
    expect([acceptsGzip('x-gzip'), acceptsGzip('gzip;q=0.001'), acceptsGzip('br;q=1, gzip;q=0.5')]).toEqual([true, true, true]);
  });

  it('lets a wildcard stand for gzip unless gzip itself is refused', () => {
    expect([acceptsGzip('*'), acceptsGzip('*;q=0'), acceptsGzip('gzip;q=0, *'), acceptsGzip('br, *;q=0.1')]).toEqual([true, false, false, true]);
  });

  it('treats a malformed q-value as a refusal', () => {
    expect([acceptsGzip('gzip;q=abc'), acceptsGzip('gzip;q=2'), acceptsGzip('gzip;q=-1')]).toEqual([false, false, false]);
  });
});
