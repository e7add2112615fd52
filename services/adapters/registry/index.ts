export * from './avro-schema-files.js';
export * from './avro-event-codec.js';
export * from './decode-any.js';
export * from './schema-evolution.js';
export * from './schema-registration.js';
export * from './schema-registry-client.js';
export * from './wire-format.js';
