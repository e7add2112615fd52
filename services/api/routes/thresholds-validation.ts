import type { ThresholdRule } from '../../core/drift/metric-value.js';
import { VigilError } from '../../shared/errors.js';

function invalid(field: string, reason: string): VigilError {
  return new VigilError('VALIDATION_FAILED', `${field}: ${reason}`, { field });
}

/**
 * warn and critical must agree with the rule, or a value could be critical without being a
 * warning: for rules where larger is worse critical ≥ warn, for `less_than` critical ≤ warn;
 * `abs_greater_than` compares |value|, so its limits are not negative.
 */
export function validateThresholdPair(warn: number, critical: number, rule: ThresholdRule): void {
  if (!Number.isFinite(warn)) throw invalid('body/warn', 'must be a finite number');
  if (!Number.isFinite(critical)) throw invalid('body/critical', 'must be a finite number');
  switch (rule) {
    case 'at_least':
    case 'greater_than':
      if (critical < warn) throw invalid('body/critical', `must be at least warn (${warn}) for rule ${rule}`);
      return;
    case 'abs_greater_than':
      if (warn < 0) throw invalid('body/warn', 'must not be negative for rule abs_greater_than');
      if (critical < warn) throw invalid('body/critical', `must be at least warn (${warn}) for rule abs_greater_than`);
      return;
    case 'less_than':
      if (critical > warn) throw invalid('body/critical', `must be at most warn (${warn}) for rule less_than`);
      return;
  }
}
