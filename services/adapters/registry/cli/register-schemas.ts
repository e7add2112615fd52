// Usage: npx tsx services/adapters/registry/cli/register-schemas.ts
// Registers the three event schemas under "<topic>-value" for the configured topics (VIGIL_* variables
// or VIGIL_CONFIG_FILE), creating the subjects with BACKWARD compatibility. Run it once per
// environment before any other producer, so subjects never start at the registry's default level.
import { loadConfig } from '../../../shared/config.js';
import { AvroEventCodec } from '../avro-event-codec.js';
import { createSchemaRegistryClient } from '../schema-registry-client.js';
import { valueSubject } from '../wire-format.js';

const config = loadConfig();
if (config.schemaRegistry === undefined) {
  console.error('no schema registry configured: set VIGIL_SCHEMA_REGISTRY_URL');
  process.exit(2);
}
const { predictions, outcomes, anomalies } = config.kafka.topics;
const topics = { prediction: predictions, outcome: outcomes, anomaly: anomalies };
const codec = await AvroEventCodec.start({ registry: createSchemaRegistryClient(config.schemaRegistry), topics, mode: 'register' });
for (const [kind, topic] of Object.entries(topics) as [keyof typeof topics, string][]) {
  console.log(JSON.stringify({ kind, subject: valueSubject(topic), schemaId: codec.schemaId(kind) }));
}
