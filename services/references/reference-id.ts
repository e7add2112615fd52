import { createHash, randomBytes } from 'node:crypto';
import { VigilError } from '../shared/errors.js';

/** Reference ids appear in URLs and rows: the same plain alphabet as model ids. */
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isReferenceId(text: string): boolean {
  return REFERENCE_ID.test(text);
}

export function assertReferenceId(text: string): string {
  if (!isReferenceId(text)) {
    throw new VigilError('REFERENCE_INVALID', 'a reference id starts with a letter or digit and uses only letters, digits and . _ : - (at most 128)', { referenceId: text });
  }
  return text;
}

/**
 * `ref_<yyyymmddhhmmss>_<random>`: sortable by creation for people, unique without coordination.
 * User actions (pin, upload) each get their own row, even for the same data, because their
 * description and author differ.
 */
export function newReferenceId(atMs: number, random: () => string = () => randomBytes(5).toString('hex')): string {
  const stamp = new Date(atMs).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `ref_${stamp}_${random()}`;
}

/** One stored window a reference was merged from; identifies the row in window_profiles. */
export interface WindowIdentity {
  readonly modelVersion: string;
  readonly deploymentRole: string;
  readonly windowStart: number;
  readonly sourcePartition: number;
  readonly events: number;
}

/**
 * `auto_<hash>` of the model and the exact windows merged: two processors that pick the same
 * windows write the same id (and the same bytes), so racing writers converge on one row.
 */
export function automaticReferenceId(modelId: string, windows: readonly WindowIdentity[]): string {
  const hash = createHash('sha256').update(modelId);
  for (const w of windows) hash.update(`\n${w.modelVersion}|${w.deploymentRole}|${w.windowStart}|${w.sourcePartition}|${w.events}`);
  return `auto_${hash.digest('hex').slice(0, 32)}`;
}
