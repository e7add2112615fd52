import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { VigilError, isVigilError } from '../../shared/errors.js';
import { csvTrainingRecords } from './csv-training-records.js';
import { jsonLinesTrainingRecords } from './jsonl-training-records.js';
import { parquetFile, parquetTrainingRecords } from './parquet-training-records.js';
import { TRAINING_FORMATS, type TrainingBatch, type TrainingFormat } from './training-record.js';

const EXTENSIONS: Readonly<Record<string, TrainingFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

export function formatOfPath(path: string, explicit?: string): TrainingFormat {
  if (explicit !== undefined) {
    const format = TRAINING_FORMATS.find((f) => f === explicit);
    if (format === undefined) throw new VigilError('VALIDATION_FAILED', `unknown format "${explicit}" (use ${TRAINING_FORMATS.join(', ')})`);
    return format;
  }
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (format === undefined) throw new VigilError('VALIDATION_FAILED', `cannot tell the format of "${path}" from its extension: pass --format ${TRAINING_FORMATS.join('|')}`);
  return format;
}

/** UTF-8 text of the file, 64 KiB at a time; read errors become INPUT_FILE_INVALID. */
async function* textChunks(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw new VigilError('INPUT_FILE_INVALID', `cannot read "${path}": ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
  } finally {
    stream.destroy();
  }
}

export interface TrainingFileOptions {
  readonly format?: string;
  /** CSV only; default ',' (and tab for .tsv files). */
  readonly delimiter?: string;
}

/** Streams the records of a training file (CSV, JSON Lines or Parquet) in batches; an unreadable file is INPUT_FILE_INVALID. */
export async function* readTrainingFile(path: string, options: TrainingFileOptions = {}): AsyncGenerator<TrainingBatch> {
  const format = formatOfPath(path, options.format);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
  } catch (error) {
    if (isVigilError(error)) throw error;
    throw new VigilError('INPUT_FILE_INVALID', `cannot read "${path}": ${error instanceof Error ? error.message : String(error)}`, { path });
  }
  if (format === 'parquet') {
    yield* parquetTrainingRecords(await parquetFile(path));
  } else if (format === 'jsonl') {
    yield* jsonLinesTrainingRecords(textChunks(path));
  } else {
    const delimiter = options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : ',');
    yield* csvTrainingRecords(textChunks(path), { delimiter });
  }
}
