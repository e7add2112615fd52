import { VigilError } from '../../shared/errors.js';
import { ByteReader, ByteWriter } from '../binary/byte-codec.js';

/** Per-model settings a profile needs; they travel inside the serialized profile. */
export interface ProfileSettings {
  /** The favourable label: selection rate, positive-class score and group confusion counts use it. */
  readonly positiveLabel: string | null;
  readonly protectedAttributes: readonly string[];
  readonly maxGroupsPerAttribute: number;
  /** Distinct predicted classes kept; more are counted as overflow. */
  readonly maxClasses: number;
}

export function validateProfileSettings(settings: ProfileSettings): ProfileSettings {
  for (const [name, value] of [['maxGroupsPerAttribute', settings.maxGroupsPerAttribute], ['maxClasses', settings.maxClasses]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new VigilError('CONFIG_INVALID', `${name} must be a positive integer`, { [name]: value });
  }
  return Object.freeze({ ...settings, protectedAttributes: Object.freeze([...new Set(settings.protectedAttributes)].sort()) });
}

export function writeProfileSettings(writer: ByteWriter, settings: ProfileSettings): void {
  writer.u8(settings.positiveLabel === null ? 0 : 1);
  if (settings.positiveLabel !== null) writer.string(settings.positiveLabel);
  writer.f64(settings.maxGroupsPerAttribute).f64(settings.maxClasses).u32(settings.protectedAttributes.length);
  for (const attribute of settings.protectedAttributes) writer.string(attribute);
}

export function readProfileSettings(reader: ByteReader): ProfileSettings {
  const positiveLabel = reader.u8() === 1 ? reader.string() : null;
  const maxGroupsPerAttribute = reader.f64();
  const maxClasses = reader.f64();
  const protectedAttributes: string[] = [];
  const count = reader.u32();
  for (let i = 0; i < count; i++) protectedAttributes.push(reader.string());
  return validateProfileSettings({ positiveLabel, protectedAttributes, maxGroupsPerAttribute, maxClasses });
}

export function sameSettings(a: ProfileSettings, b: ProfileSettings): boolean {
  return (
    a.positiveLabel === b.positiveLabel &&
    a.maxGroupsPerAttribute === b.maxGroupsPerAttribute &&
    a.maxClasses === b.maxClasses &&
    a.protectedAttributes.join('\u0000') === b.protectedAttributes.join('\u0000')
  );
}
