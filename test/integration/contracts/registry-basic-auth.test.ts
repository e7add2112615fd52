import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AvroEventCodec } from '../../../services/adapters/registry/avro-event-codec.js';
import { createSchemaRegistryClient } from '../../../services/adapters/registry/schema-registry-client.js';
import { uniqueTopic } from './registry-env.js';

// The local Apicurio runs without authentication, so this listens on a real socket as a
// registry that knows no subjects and records what the client sent.
const seen: IncomingHttpHeaders[] = [];
const server = createServer((request, response) => {
  seen.push(request.headers);
  response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 40401, message: 'Subject not found' }));
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`;
});
afterAll(async () => {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
});

describe('a registry client configured with a username and password', () => {
  it('sends them as HTTP basic auth on every request', async () => {
    const registry = createSchemaRegistryClient({ url, username: 'vigil-reader', password: 's3cret:with-colon' });
    const start = AvroEventCodec.start({ registry, topics: { outcome: uniqueTopic('auth') }, mode: 'lookup' });
    await expect(start).rejects.toMatchObject({ code: 'REGISTRY_SCHEMA_NOT_REGISTERED' });
    expect(seen.length).toBeGreaterThan(0);
    const expected = `Basic ${Buffer.from('vigil-reader:s3cret:with-colon').toString('base64')}`;
    expect(seen.every((headers) => headers.authorization === expected)).toBe(true);
  });
});
