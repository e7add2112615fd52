/** Data-quality counters of a profile that are not per feature (those live in FeatureSummary). */
export interface ProfileQuality {
  /** Classification predictions without a probability for the positive label. */
  missingScore: number;
  missingLatency: number;
  /** Protected attributes configured for the model but absent from an event (one per attribute). */
  missingProtectedAttribute: number;
  /** Joined pairs whose prediction and outcome disagree on classification vs regression; excluded. */
  outcomeKindMismatch: number;
}

export const QUALITY_FIELDS = ['missingScore', 'missingLatency', 'missingProtectedAttribute', 'outcomeKindMismatch'] as const;

export function emptyQuality(): ProfileQuality {
  return { missingScore: 0, missingLatency: 0, missingProtectedAttribute: 0, outcomeKindMismatch: 0 };
}

export function mergeQuality(a: ProfileQuality, b: ProfileQuality): ProfileQuality {
  const merged = emptyQuality();
  for (const field of QUALITY_FIELDS) merged[field] = a[field] + b[field];
  return merged;
}
