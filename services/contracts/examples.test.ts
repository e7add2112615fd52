import { describe, expect, it } from 'vitest';
import type { EventIssue } from './decode-result.js';
import { decodeEvent, encodeEvent } from './json-codec.js';
import { invalidExampleFiles, invalidExamples, invalidManifest, validExamples } from './testing/example-files.js';

describe('the committed valid examples', () => {
  it('cover every event kind and at least six predictions', () => {
    const kinds = validExamples().map((e) => e.kind);
    expect(new Set(kinds)).toEqual(new Set(['prediction', 'outcome', 'anomaly']));
    expect(kinds.filter((k) => k === 'prediction').length).toBeGreaterThanOrEqual(6);
  });

  it.each(validExamples())('$file decodes, and re-encoding it decodes to the same event', ({ kind, bytes }) => {
    const decoded = decodeEvent(kind, bytes);
    if (!decoded.ok) throw decoded.error;
    const encoded = encodeEvent(kind, decoded.event);
    if (!encoded.ok) throw encoded.error;
    expect(decodeEvent(kind, encoded.bytes)).toEqual({ ok: true, event: decoded.event });
  });
});

describe('the committed invalid examples', () => {
  it('each have a documented reason in expected.json, and every documented file exists', () => {
    expect(invalidExampleFiles()).toEqual(Object.keys(invalidManifest()).sort());
    expect(invalidExampleFiles().length).toBeGreaterThanOrEqual(12);
  });

  it.each(invalidExamples())('$file is rejected with $expected.code at "$expected.path"', ({ kind, bytes, expected }) => {
    const decoded = decodeEvent(kind, bytes);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error.code).toBe(expected.code);
    expect(decoded.error.message).toContain(expected.message);
    if (expected.path !== null) {
      const issues = decoded.error.detail?.issues as EventIssue[];
      expect(issues.some((i) => i.path === expected.path && i.message.includes(expected.message))).toBe(true);
      expect(decoded.error.message).toContain(`${expected.path === '' ? '(event)' : expected.path}: `);
    }
  });
});
