// Test support: the committed example events under schemas/examples/. Tests only; services never read these.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorCode } from '../../shared/errors.js';
import { EVENT_KINDS, type EventKind } from '../event-kinds.js';

export const EXAMPLES_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas', 'examples');

export interface ValidExample {
  readonly file: string;
  readonly kind: EventKind;
  readonly bytes: Uint8Array;
}

export interface InvalidExample extends ValidExample {
  readonly expected: { readonly code: ErrorCode; readonly path: string | null; readonly message: string };
}

/** A valid example's kind is the first word of its file name (prediction-…, outcome-…, anomaly-…). */
function kindOf(file: string): EventKind {
  const kind = EVENT_KINDS.find((k) => file.startsWith(`${k}-`));
  if (kind === undefined) throw new Error(`example ${file} must start with one of ${EVENT_KINDS.join(', ')}`);
  return kind;
}

export function validExamples(): ValidExample[] {
  const directory = join(EXAMPLES_DIRECTORY, 'valid');
  return readdirSync(directory)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, kind: kindOf(file), bytes: readFileSync(join(directory, file)) }));
}

export const INVALID_MANIFEST = 'expected.json';

export function invalidExampleFiles(): string[] {
  return readdirSync(join(EXAMPLES_DIRECTORY, 'invalid'))
    .filter((f) => f !== INVALID_MANIFEST)
    .sort();
}

export function invalidManifest(): Record<string, { kind: EventKind; code: ErrorCode; path: string | null; message: string }> {
  const raw = JSON.parse(readFileSync(join(EXAMPLES_DIRECTORY, 'invalid', INVALID_MANIFEST), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('$'))) as ReturnType<typeof invalidManifest>;
}

export function invalidExamples(): InvalidExample[] {
  const manifest = invalidManifest();
  return Object.entries(manifest).map(([file, entry]) => ({
    file,
    kind: entry.kind,
    bytes: readFileSync(join(EXAMPLES_DIRECTORY, 'invalid', file)),
    expected: { code: entry.code, path: entry.path, message: entry.message },
  }));
}
