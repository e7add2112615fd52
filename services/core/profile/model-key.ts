import type { DeploymentRole } from '../../contracts/index.js';
import { VigilError } from '../../shared/errors.js';

export interface ModelKey {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly deploymentRole: DeploymentRole;
}

const ROLES: readonly DeploymentRole[] = ['champion', 'challenger', 'shadow', 'canary'];

// Model ids and versions may not contain '|' (contracts/common.ts), so it is a safe separator.
export function modelKeyString(key: ModelKey): string {
  return `${key.modelId}|${key.modelVersion}|${key.deploymentRole}`;
}

export function parseModelKey(text: string): ModelKey {
  const [modelId, modelVersion, role, ...rest] = text.split('|');
  const deploymentRole = ROLES.find((r) => r === role);
  if (modelId === undefined || modelVersion === undefined || deploymentRole === undefined || rest.length > 0) {
    throw new VigilError('WINDOW_STATE_CORRUPT', 'not a model key', { text });
  }
  return { modelId, modelVersion, deploymentRole };
}
