import { VigilError } from '../../shared/errors.js';
import { GroupConfusionCounts } from '../fairness/group-confusion-counts.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import { modelKeyString, parseModelKey } from './model-key.js';
import { ModelWindowProfile } from './model-window-profile.js';
import type { ProfileParts } from './profile-parts.js';
import { QUALITY_FIELDS } from './profile-quality.js';
import { readProfileSettings, writeProfileSettings } from './profile-settings.js';

const VERSION = 1;

/** Canonical bytes: maps are written in sorted key order so equal profiles give equal bytes. */
export function serializeProfile(profile: ModelWindowProfile): Uint8Array {
  const writer = new ByteWriter().u8(VERSION).string(profile.parts.id).string(modelKeyString(profile.key));
  writer.f64(profile.start).f64(profile.end);
  writeProfileSettings(writer, profile.settings);
  writer.f64(profile.predictions).f64(profile.joined).f64(profile.minEventTime).f64(profile.maxEventTime);
  const featureNames = [...profile.features.keys()].sort();
  writer.u32(featureNames.length);
  for (const name of featureNames) writer.string(name).bytes(profile.features.get(name)?.serialize() ?? new Uint8Array());
  const classes = [...profile.predictedClasses.keys()].sort();
  writer.u32(classes.length);
  for (const label of classes) writer.string(label).f64(profile.predictedClasses.get(label) ?? 0);
  writer.f64(profile.classOverflow);
  for (const part of [profile.positiveScore, profile.predictedValue, profile.latencyMs, profile.labelDelayMs, profile.classification, profile.regression]) {
    writer.u8(part === null ? 0 : 1);
    if (part !== null) writer.bytes(part.serialize());
  }
  writer.bytes(profile.decisionGroups.serialize()).bytes(profile.outcomeGroups.serialize());
  for (const field of QUALITY_FIELDS) writer.f64(profile.quality[field]);
  return writer.finish();
}

export function deserializeProfile(bytes: Uint8Array, parts: ProfileParts): ModelWindowProfile {
  const reader = new ByteReader(bytes, 'model window profile', 'WINDOW_STATE_CORRUPT');
  reader.version(VERSION);
  const partsId = reader.string();
  if (partsId !== parts.id) {
    throw new VigilError('WINDOW_STATE_CORRUPT', 'profile was written with a different sketch kit', { expected: parts.id, found: partsId });
  }
  const key = parseModelKey(reader.string());
  const start = reader.f64();
  const end = reader.f64();
  const profile = new ModelWindowProfile(key, start, end, readProfileSettings(reader), parts);
  profile.predictions = reader.f64();
  profile.joined = reader.f64();
  profile.minEventTime = reader.f64();
  profile.maxEventTime = reader.f64();
  const featureCount = reader.u32();
  for (let i = 0; i < featureCount; i++) {
    const name = reader.string();
    profile.features.set(name, parts.readFeatureSummary(reader.bytes()));
  }
  const classCount = reader.u32();
  for (let i = 0; i < classCount; i++) profile.predictedClasses.set(reader.string(), reader.f64());
  profile.classOverflow = reader.f64();
  const optional = () => (reader.u8() === 1 ? reader.bytes() : null);
  const read = <T>(b: Uint8Array | null, decode: (x: Uint8Array) => T): T | null => (b === null ? null : decode(b));
  profile.positiveScore = read(optional(), (b) => parts.readNumberSummary(b));
  profile.predictedValue = read(optional(), (b) => parts.readNumberSummary(b));
  profile.latencyMs = read(optional(), (b) => parts.readNumberSummary(b));
  profile.labelDelayMs = read(optional(), (b) => parts.readNumberSummary(b));
  profile.classification = read(optional(), (b) => parts.readClassificationScorer(b));
  profile.regression = read(optional(), (b) => parts.readRegressionScorer(b));
  profile.decisionGroups = GroupConfusionCounts.deserialize(reader.bytes());
  profile.outcomeGroups = GroupConfusionCounts.deserialize(reader.bytes());
  for (const field of QUALITY_FIELDS) profile.quality[field] = reader.f64();
  reader.end();
  return profile;
}
