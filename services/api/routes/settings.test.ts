import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_MODEL_SETTINGS } from '../../core/profile/index.js';
import { removeEmbeddedData, WriteApiHarness } from '../auth/testing/write-api-harness.js';

let harness: WriteApiHarness;
let admin: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  harness = await WriteApiHarness.start();
  admin = await harness.key(['admin']);
  writer = await harness.key(['write'], ['loans', 'cards']);
  reader = await harness.key(['read']);
}, 60_000);

afterAll(async () => {
  await harness.close();
  removeEmbeddedData();
});

const fleetSettings = { positiveLabel: '1', protectedAttributes: ['gender', 'age_band'], privilegedGroups: { gender: 'male', age_band: '26-40' } };

describe('model settings', () => {
  it('reports the built-in settings the processor applies before anyone set them', async () => {
    const response = await harness.inject(reader, { method: 'GET', url: '/v1/settings/loans' });
    expect(JSON.parse(response.body)).toMatchObject({ scope: 'loans', source: 'none', positiveLabel: BUILT_IN_MODEL_SETTINGS.positiveLabel, protectedAttributes: [], seq: 0 });
  });

  it("lets only admin set the fleet default, which a model without settings inherits", async () => {
    expect((await harness.inject(writer, { method: 'PUT', url: '/v1/settings/*', payload: fleetSettings })).statusCode).toBe(403);
    const saved = await harness.inject(admin, { method: 'PUT', url: '/v1/settings/*', payload: fleetSettings });
    expect(saved.statusCode).toBe(200);
    const inherited = JSON.parse((await harness.inject(reader, { method: 'GET', url: '/v1/settings/loans' })).body);
    expect(inherited).toMatchObject({ source: 'fleet', positiveLabel: '1', protectedAttributes: ['age_band', 'gender'], privilegedGroups: fleetSettings.privilegedGroups });
  });

  it("replaces the fleet default as a whole with a model's own settings, audited with before and after", async () => {
    harness.advance(1000);
    const own = { positiveLabel: 'approved', protectedAttributes: ['region'], privilegedGroups: { region: 'north' } };
    const saved = await harness.inject(writer, { method: 'PUT', url: '/v1/settings/loans', payload: own, headers: { 'x-request-id': 'settings-1' } });
    expect(saved.statusCode).toBe(200);
    const shown = JSON.parse((await harness.inject(reader, { method: 'GET', url: '/v1/settings/loans' })).body);
    expect(shown).toMatchObject({ source: 'model', ...own });
    const [entry] = await harness.audit.query({ entityType: 'model_settings', entityId: 'loans', limit: 1 });
    expect(entry).toMatchObject({ action: 'settings.put', modelId: 'loans', requestId: 'settings-1', before: null, after: { positiveLabel: 'approved' } });
  });

  it('refuses a privileged group for an attribute that is not protected, naming the field', async () => {
    const response = await harness.inject(writer, {
      method: 'PUT',
      url: '/v1/settings/cards',
      payload: { positiveLabel: '1', protectedAttributes: ['gender'], privilegedGroups: { region: 'north' } },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.details.field).toBe('body/privilegedGroups/region');
  });

  it('refuses settings for a model outside the key restriction as not found', async () => {
    const response = await harness.inject(writer, { method: 'PUT', url: '/v1/settings/fraud', payload: fleetSettings });
    expect(response.statusCode).toBe(404);
  });

  it('answers 409 to a change based on an outdated version, and falls back to the fleet after a delete', async () => {
    const first = JSON.parse((await harness.inject(writer, { method: 'PUT', url: '/v1/settings/cards', payload: { ...fleetSettings, expectedSeq: 0 } })).body);
    harness.advance(1000);
    const stale = await harness.inject(writer, { method: 'PUT', url: '/v1/settings/cards', payload: { ...fleetSettings, expectedSeq: first.seq - 1 } });
    expect(stale.statusCode).toBe(409);
    const removed = await harness.inject(writer, { method: 'DELETE', url: '/v1/settings/cards', headers: { 'if-match': `"${first.seq}"` } });
    expect(removed.statusCode).toBe(204);
    const shown = JSON.parse((await harness.inject(reader, { method: 'GET', url: '/v1/settings/cards' })).body);
    expect(shown.source).toBe('fleet');
  });
});
