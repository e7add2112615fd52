import type { Store } from '../adapters/store/index.js';
import { DATETIME_MAX_MS, DATETIME_MIN_MS } from '../adapters/store/sql-literal.js';
import { VigilError } from '../shared/errors.js';
import { referenceKey, ReferenceMerger } from './reference-merge.js';
import { ReferenceRepository, type AssignmentChange } from './reference-repository.js';
import type { ReferenceMetadata, ReferenceTrafficFilter } from './reference-types.js';
import { listPredictionWindows, readPredictionWindowProfiles } from './window-profile-reader.js';

export interface PinOptions {
  readonly filter?: ReferenceTrafficFilter;
  /** Make it the model's current reference at once (default true). */
  readonly assign?: boolean;
  readonly description?: string;
  /** Creation time (epoch ms); the caller's clock. */
  readonly atMs: number;
}

export interface PinResult {
  readonly reference: ReferenceMetadata;
  /** Null when `assign` was false. */
  readonly assignment: AssignmentChange | null;
  /** Window partials merged. */
  readonly windows: number;
}

function validateRange(startMs: number, endMs: number): void {
  for (const [name, ms] of [['start', startMs], ['end', endMs]] as const) {
    if (!Number.isInteger(ms) || ms < DATETIME_MIN_MS || ms > DATETIME_MAX_MS) {
      throw new VigilError('REFERENCE_INVALID', `the range ${name} must be whole milliseconds between 1970-01-01T00:00:01Z and 2105-12-31T23:59:59Z`, { [name]: ms });
    }
  }
  if (startMs >= endMs) throw new VigilError('REFERENCE_INVALID', 'the range start must be before its end', { startMs, endMs });
}

/**
 * Pins the model's own traffic between startMs and endMs as a reference: every stored closed
 * prediction window lying entirely inside the range (champion traffic of every version unless
 * `filter` says otherwise), merged in (window_start, model_version, deployment_role,
 * source_partition) order, so pinning the same range twice gives identical profile bytes.
 */
export async function pinFromRange(store: Store, modelId: string, startMs: number, endMs: number, actor: string, options: PinOptions): Promise<PinResult> {
  validateRange(startMs, endMs);
  const filter = options.filter ?? {};
  const windows = await listPredictionWindows(store, modelId, { filter, fromMs: startMs, toMs: endMs });
  if (windows.length === 0) {
    throw new VigilError('REFERENCE_INVALID', `model "${modelId}" has no closed prediction windows lying entirely between the range start and end`, {
      modelId,
      startMs,
      endMs,
      ...filter,
    });
  }
  const merger = new ReferenceMerger(referenceKey(modelId, filter));
  for await (const { profile } of readPredictionWindowProfiles(store, modelId, windows, filter)) merger.add(profile);
  const profile = merger.result();
  if (profile === null || profile.predictions === 0) {
    throw new VigilError('REFERENCE_INVALID', `the windows of model "${modelId}" in the range hold no predictions`, { modelId, startMs, endMs });
  }
  const repository = new ReferenceRepository(store);
  const reference = await repository.write({
    modelId,
    source: 'pinned_range',
    rangeStart: startMs,
    rangeEnd: endMs,
    description: options.description ?? `traffic from ${new Date(startMs).toISOString()} to ${new Date(endMs).toISOString()}`,
    profile,
    createdAt: options.atMs,
    createdBy: actor,
  });
  const assignment = options.assign === false ? null : await repository.assign(modelId, reference.referenceId, actor, options.atMs);
  return { reference, assignment, windows: merger.windows };
}
