import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { VigilError } from '../../shared/errors.js';
import { emptyValues, setValue, type TrainingBatch, type TrainingRecord, type TrainingValue } from './training-record.js';

/** Parquet values to profile values: INT64 (bigint) and timestamps (Date) become numbers; null stays missing. */
function profileValue(value: unknown): TrainingValue {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  return value;
}

function invalid(reason: string, error: unknown): VigilError {
  return new VigilError('INPUT_FILE_INVALID', `${reason}: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
}

/**
 * Parquet rows as training records, one row group at a time: hyparquet reads the byte ranges of
 * that row group's column chunks through the async file reader, so memory holds one decoded
 * row group, never the file. (Write training sets with moderate row groups; pyarrow's default
 * of 1 Mi rows is fine for a few dozen columns.)
 */
export async function* parquetTrainingRecords(file: AsyncBuffer): AsyncGenerator<TrainingBatch> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw invalid('not a readable Parquet file', error);
  }
  let rowStart = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, rowFormat: 'object' });
    } catch (error) {
      throw invalid(`row group ${index} cannot be decoded`, error);
    }
    const batch: TrainingRecord[] = [];
    for (const [offset, row] of rows.entries()) {
      const values = emptyValues();
      for (const name of Object.keys(row)) setValue(values, name, profileValue(row[name]));
      batch.push({ kind: 'row', values, where: `row ${rowStart + offset + 1}` });
    }
    rows = []; // the decoded row group can go before the batch is profiled
    yield batch;
    rowStart = rowEnd;
  }
}

/** An async, range-reading view of a Parquet file on disk (nothing is read up front). */
export async function parquetFile(path: string): Promise<AsyncBuffer> {
  return asyncBufferFromFile(path);
}
