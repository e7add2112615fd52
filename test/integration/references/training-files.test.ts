import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureValue, PredictionEvent } from '../../../services/contracts/index.js';
import { ModelWindowProfile, serializeProfile, sketchProfileParts, validateProfileSettings } from '../../../services/core/profile/index.js';
import { isVigilError } from '../../../services/shared/errors.js';
import { buildReferenceProfile, readTrainingFile, type BuildReferenceOptions } from '../../../services/references/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const python = execFileSync('bash', [join(root, 'deploy/local/python-env.sh')], { encoding: 'utf8' }).trim();
const dir = mkdtempSync(join(tmpdir(), 'vigil-training-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  id: number;
  income: number | null;
  region: string | null;
  gender: string;
  is_member: boolean;
  signup: number;
  pred: number;
  p: number;
  y: number | null;
}

// Deterministic rows with missing values in several columns.
const ROWS: Row[] = Array.from({ length: 53 }, (_, i) => ({
  id: i + 1,
  income: i % 9 === 4 ? null : 800 + ((i * 7919) % 3000) + (i % 4) * 0.25,
  region: i % 11 === 0 ? null : (['north', 'south', 'east', 'west'][i % 4] ?? 'north'),
  gender: i % 3 === 0 ? 'female' : 'male',
  is_member: i % 2 === 0,
  signup: Date.UTC(2023, 0, 1) + i * 86_400_000,
  pred: i % 5 < 2 ? 1 : 0,
  p: ((i * 37) % 100) / 100,
  y: i % 7 === 3 ? null : i % 4 < 2 ? 1 : 0,
}));

const OPTIONS: BuildReferenceOptions = {
  modelId: 'credit',
  positiveLabel: '1',
  protectedAttributes: ['gender'],
  columns: { prediction: 'pred', label: 'y', score: 'p', ignore: ['id'] },
};

/** The rows fed straight into a profile, as live events: the reference every file format must reproduce. */
function directProfile(): ModelWindowProfile {
  const settings = validateProfileSettings({ positiveLabel: '1', protectedAttributes: ['gender'], maxGroupsPerAttribute: 100, maxClasses: 1_000 });
  const profile = new ModelWindowProfile({ modelId: 'credit', modelVersion: '*', deploymentRole: 'champion' }, 0, 0, settings, sketchProfileParts);
  for (const row of ROWS) {
    const features: Record<string, FeatureValue> = { income: row.income, region: row.region, is_member: row.is_member, signup: row.signup };
    const label = String(row.pred);
    const event: PredictionEvent = {
      eventId: '',
      modelId: 'credit',
      modelVersion: '*',
      deploymentRole: 'champion',
      requestId: '',
      predictionId: '',
      eventTime: 0,
      features,
      prediction: { label, value: null, probabilities: { '1': row.p } },
      attributes: { gender: row.gender },
      latencyMs: null,
    };
    profile.addPrediction(event);
    if (row.y !== null) profile.addJoined({ label, value: null, probabilities: { '1': row.p }, groups: { gender: row.gender } }, { label: String(row.y), value: null }, 0);
  }
  return profile;
}

const COLUMNS = ['id', 'income', 'region', 'gender', 'is_member', 'signup', 'pred', 'p', 'y'] as const;

function writeCsv(path: string): void {
  const cell = (v: string | number | boolean | null) => (v === null ? '' : typeof v === 'string' ? `"${v}"` : String(v));
  writeFileSync(path, [COLUMNS.join(','), ...ROWS.map((row) => COLUMNS.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n');
}

function writeParquet(path: string, rowGroupSize: number): { rows: number; row_groups: number } {
  const request = JSON.stringify({ path, row_group_size: rowGroupSize, rows: ROWS });
  return JSON.parse(execFileSync(python, [join(root, 'test/integration/references/write_training_parquet.py')], { input: request, encoding: 'utf8' })) as { rows: number; row_groups: number };
}

async function built(path: string): Promise<Buffer> {
  const { profile, report } = await buildReferenceProfile(readTrainingFile(path), OPTIONS);
  expect(report).toMatchObject({ records: ROWS.length, used: ROWS.length, bad: 0 });
  return Buffer.from(serializeProfile(profile));
}

describe('reference profiles built from training files', () => {
  const expected = Buffer.from(serializeProfile(directProfile()));

  it('builds from a CSV file exactly the profile the same rows give when fed directly', async () => {
    const path = join(dir, 'train.csv');
    writeCsv(path);
    expect((await built(path)).equals(expected)).toBe(true);
  });

  it('builds from a JSON Lines file exactly the profile the same rows give when fed directly', async () => {
    const path = join(dir, 'train.jsonl');
    writeFileSync(path, ROWS.map((row) => JSON.stringify(row)).join('\n') + '\n');
    expect((await built(path)).equals(expected)).toBe(true);
  });

  it('builds from a pyarrow Parquet file with several row groups exactly the profile the same rows give when fed directly', async () => {
    const path = join(dir, 'train.parquet');
    expect(writeParquet(path, 10)).toEqual({ rows: ROWS.length, row_groups: 6 });
    expect((await built(path)).equals(expected)).toBe(true);
  });

  it('reports a file that is not Parquet, and a missing file, as INPUT_FILE_INVALID', async () => {
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'id,x\n1,2\n');
    for (const path of [fake, join(dir, 'missing.csv')]) {
      let failure: unknown;
      try {
        await buildReferenceProfile(readTrainingFile(path), OPTIONS);
      } catch (error) {
        failure = error;
      }
      expect(isVigilError(failure, 'INPUT_FILE_INVALID')).toBe(true);
    }
  });
});
