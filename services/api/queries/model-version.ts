import { VigilError } from '../../shared/errors.js';
import type { ModelSummary, VersionSummary } from './fleet-snapshot.js';

/** The version a request means: the one named, else the champion, else the first listed. */
export function resolveVersion(model: ModelSummary, requested: string | undefined): VersionSummary {
  const version = requested === undefined ? model.versions[0] : model.versions.find((v) => v.modelVersion === requested);
  if (version === undefined) {
    throw new VigilError('NOT_FOUND', `model "${model.modelId}" has no version "${requested ?? ''}"`, { modelId: model.modelId, modelVersion: requested ?? null });
  }
  return version;
}
