import type { OutcomeEvent } from '../../contracts/index.js';
import type { ByteReader, ByteWriter } from '../binary/byte-codec.js';
import type { EventTimeBufferState } from '../join/event-time-buffer.js';
import type { LabelJoinState } from '../join/label-join.js';
import type { LabelledPrediction } from '../profile/labelled-prediction.js';
import { readString, writeString } from './ascii-strings.js';
import { readNullableNumber, readNullableString, readRecord, writeNullableNumber, writeNullableString, writeRecord } from './nullable-fields.js';

/** What the topology's label join keeps of a prediction: its window key and the labelled facts. */
export interface PendingPrediction {
  readonly modelKey: string;
  readonly facts: LabelledPrediction;
}

export type TopologyJoinState = LabelJoinState<PendingPrediction, OutcomeEvent>;

export function writeLabelJoinState(writer: ByteWriter, state: TopologyJoinState): void {
  writer.f64(state.duplicatePredictions).f64(state.duplicateOutcomes).f64(state.joined);
  writeBuffer(writer, state.predictions, ({ modelKey, facts }) => {
    writeString(writer, modelKey);
    writeNullableString(writer, facts.label);
    writeNullableNumber(writer, facts.value);
    writer.u8(facts.probabilities === null ? 0 : 1);
    if (facts.probabilities !== null) writeRecord(writer, facts.probabilities, (p) => writer.f64(p));
    writeRecord(writer, facts.groups, (g) => {
      writeString(writer, g);
    });
  });
  writeBuffer(writer, state.outcomes, (o) => {
    writeString(writer, o.eventId);
    writeString(writer, o.predictionId);
    writeString(writer, o.modelId);
    writer.f64(o.eventTime);
    writeNullableString(writer, o.label);
    writeNullableNumber(writer, o.value);
  });
}

export function readLabelJoinState(reader: ByteReader): TopologyJoinState {
  const duplicatePredictions = reader.f64();
  const duplicateOutcomes = reader.f64();
  const joined = reader.f64();
  const predictions = readBuffer(reader, (): PendingPrediction => {
    const modelKey = readString(reader);
    const label = readNullableString(reader);
    const value = readNullableNumber(reader);
    const probabilities = reader.u8() === 1 ? readRecord(reader, () => reader.f64()) : null;
    const groups = readRecord(reader, () => readString(reader));
    return { modelKey, facts: { label, value, probabilities, groups } };
  });
  const outcomes = readBuffer(reader, (): OutcomeEvent => {
    const eventId = readString(reader);
    const predictionId = readString(reader);
    const modelId = readString(reader);
    const eventTime = reader.f64();
    return { eventId, predictionId, modelId, eventTime, label: readNullableString(reader), value: readNullableNumber(reader) };
  });
  return { predictions, outcomes, duplicatePredictions, duplicateOutcomes, joined };
}

function writeBuffer<V>(writer: ByteWriter, state: EventTimeBufferState<V>, writeValue: (value: V) => void): void {
  writer.f64(state.evictions.ttl).f64(state.evictions.capacity).varint(state.entries.length);
  for (const entry of state.entries) {
    writeString(writer, entry.key);
    writer.f64(entry.eventTime);
    writeValue(entry.value);
  }
}

function readBuffer<V>(reader: ByteReader, readValue: () => V): EventTimeBufferState<V> {
  const evictions = { ttl: reader.f64(), capacity: reader.f64() };
  const entries: Array<{ key: string; eventTime: number; value: V }> = [];
  const count = reader.varint();
  for (let i = 0; i < count; i++) {
    const key = readString(reader);
    const eventTime = reader.f64();
    entries.push({ key, eventTime, value: readValue() });
  }
  return { entries, evictions };
}
