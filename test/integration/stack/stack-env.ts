// Reads the service addresses that deploy/local/stack.sh writes to .vigil/stack/env.
export type StackVariable = 'VIGIL_KAFKA_BROKERS' | 'VIGIL_SCHEMA_REGISTRY_URL' | 'VIGIL_TEST_CLICKHOUSE_URL';

export function requireStackEnv(name: StackVariable): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `${name} is not set: start the local stack with \`bash deploy/local/stack.sh up\` ` +
        'and run the tests after `source .vigil/stack/env` (or via `npm test`).',
    );
  }
  return value.trim();
}

/** A name no other test (or earlier run) uses, so test files can run in parallel. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
