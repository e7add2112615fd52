import { VigilError } from '../../shared/errors.js';
import { CsvRecordParser, type CsvParserOptions, type CsvRecord } from './csv-record-parser.js';
import { inferCsvValue } from './csv-value.js';
import { emptyValues, setValue, type TrainingBatch, type TrainingRecord } from './training-record.js';

/** Column names from the header record; empty names (a pandas index column) are skipped, duplicates refused. */
function headerColumns(header: CsvRecord): (string | null)[] {
  if (header.error !== null) throw new VigilError('INPUT_FILE_INVALID', `the CSV header on line ${header.line} is malformed: ${header.error}`);
  const seen = new Set<string>();
  return header.fields.map((name) => {
    if (name === '') return null;
    if (seen.has(name)) throw new VigilError('INPUT_FILE_INVALID', `the CSV header names column "${name}" twice`, { column: name });
    seen.add(name);
    return name;
  });
}

/** CSV text chunks to batches of training records: the first record is the header, field types are inferred per value. */
export async function* csvTrainingRecords(chunks: AsyncIterable<string>, options: CsvParserOptions = {}): AsyncGenerator<TrainingBatch> {
  const parser = new CsvRecordParser(options);
  // Held in an object: the header is set inside the closure, which flow analysis does not follow.
  const header: { columns: (string | null)[] | null } = { columns: null };
  const convert = (record: CsvRecord): TrainingRecord | null => {
    const columns = header.columns;
    if (columns === null) {
      header.columns = headerColumns(record);
      return null;
    }
    const where = `line ${record.line}`;
    if (record.error !== null) return { kind: 'bad', reason: record.error, where };
    if (record.fields.length !== columns.length) return { kind: 'bad', reason: `expected ${columns.length} fields, found ${record.fields.length}`, where };
    const values = emptyValues();
    for (let i = 0; i < columns.length; i++) {
      const name = columns[i];
      if (name !== null && name !== undefined) setValue(values, name, inferCsvValue(record.fields[i] ?? ''));
    }
    return { kind: 'row', values, where };
  };
  const batchOf = (records: CsvRecord[]): TrainingRecord[] => {
    const batch: TrainingRecord[] = [];
    for (const record of records) {
      const converted = convert(record);
      if (converted !== null) batch.push(converted);
    }
    return batch;
  };
  for await (const chunk of chunks) {
    const batch = batchOf(parser.push(chunk));
    if (batch.length > 0) yield batch;
  }
  const last = batchOf(parser.end());
  if (last.length > 0) yield last;
  if (header.columns === null) throw new VigilError('INPUT_FILE_INVALID', 'the CSV input is empty (no header row)');
}
