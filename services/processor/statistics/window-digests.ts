import type { ModelWindowProfile } from '../../core/profile/index.js';
import type { TDigest } from '../../core/sketches/index.js';
import { featureProfileOf, tdigestOf } from './sketch-access.js';

export type DigestSubjectKind = 'feature' | 'score' | 'prediction_value' | 'latency_ms' | 'label_delay_ms';

/** One t-digest of a profile as arrays (a window_digests row without its identity). */
export interface WindowDigest {
  readonly subjectKind: DigestSubjectKind;
  readonly subject: string;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly means: number[];
  readonly weights: number[];
}

function digestRow(subjectKind: DigestSubjectKind, subject: string, digest: TDigest | undefined): WindowDigest[] {
  if (digest === undefined || digest.count === 0) return [];
  // centroids() flushes the buffer; work on a copy so the profile is never touched.
  const { means, weights } = digest.clone().centroids();
  return [{ subjectKind, subject, count: digest.count, min: digest.min, max: digest.max, means: [...means], weights: [...weights] }];
}

/**
 * The centroids of every numeric sketch in a profile: numeric features, the positive-class score
 * (subject = the positive label), regression values, latencies and label delays. Empty sketches
 * are left out. Ordered by (subject kind, subject).
 */
export function windowDigests(profile: ModelWindowProfile): WindowDigest[] {
  const rows: WindowDigest[] = [];
  for (const name of [...profile.features.keys()].sort()) rows.push(...digestRow('feature', name, featureProfileOf(profile.features.get(name))?.digest));
  rows.push(...digestRow('score', profile.settings.positiveLabel ?? '', tdigestOf(profile.positiveScore)));
  rows.push(...digestRow('prediction_value', '', tdigestOf(profile.predictedValue)));
  rows.push(...digestRow('latency_ms', '', tdigestOf(profile.latencyMs)));
  rows.push(...digestRow('label_delay_ms', '', tdigestOf(profile.labelDelayMs)));
  return rows;
}
