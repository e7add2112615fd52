// Shared by the contract integration tests: the real registry started by deploy/local/stack.sh.
import { randomUUID } from 'node:crypto';

export function registryUrlFromEnv(): string {
  const url = process.env.VIGIL_SCHEMA_REGISTRY_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'VIGIL_SCHEMA_REGISTRY_URL is not set. Start the registry with `deploy/local/stack.sh up registry`, ' +
        'then `source .vigil/stack/env` (it exports http://127.0.0.1:PORT/apis/ccompat/v7) and run the tests again.',
    );
  }
  return url;
}

/** A topic name no other test (or earlier run) uses, so subjects never collide. */
export function uniqueTopic(purpose: string): string {
  return `contracts-${purpose}-${randomUUID()}`;
}

/** Reads a subject's compatibility level straight from the registry's REST API. */
export async function subjectCompatibility(url: string, subject: string): Promise<string> {
  const response = await fetch(`${url}/config/${encodeURIComponent(subject)}`);
  const body = (await response.json()) as { compatibilityLevel?: string };
  return body.compatibilityLevel ?? `HTTP ${response.status}`;
}
