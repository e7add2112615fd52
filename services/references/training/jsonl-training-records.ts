import type { TrainingBatch, TrainingRecord } from './training-record.js';

export interface JsonLinesOptions {
  /** Longest line in characters (default 1 MiB); a longer line is skipped as bad, memory stays bounded. */
  readonly maxLineChars?: number;
}

function recordOfLine(text: string, line: number): TrainingRecord | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const where = `line ${line}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { kind: 'bad', reason: 'not valid JSON', where };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'bad', reason: 'not a JSON object', where };
  // JSON.parse defines every key as an own property, "__proto__" included, so the object is used as is.
  return { kind: 'row', values: parsed as Record<string, unknown>, where };
}

/**
 * JSON Lines text chunks to training records, one object per line (LF or CRLF; blank lines
 * skipped). A line that is not a JSON object is a bad record; nested values are profiled as type errors.
 */
export async function* jsonLinesTrainingRecords(chunks: AsyncIterable<string>, options: JsonLinesOptions = {}): AsyncGenerator<TrainingBatch> {
  const maxLineChars = options.maxLineChars ?? 1024 * 1024;
  let pending = '';
  let overlong = false;
  let line = 1;
  for await (const chunk of chunks) {
    const batch: TrainingRecord[] = [];
    let from = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', from)) {
      if (overlong) batch.push({ kind: 'bad', reason: `longer than ${maxLineChars} characters`, where: `line ${line}` });
      else {
        const record = recordOfLine(pending + chunk.slice(from, newline), line);
        if (record !== null) batch.push(record);
      }
      pending = '';
      overlong = false;
      line++;
      from = newline + 1;
    }
    if (!overlong) {
      pending += chunk.slice(from);
      if (pending.length > maxLineChars) {
        overlong = true;
        pending = '';
      }
    }
    if (batch.length > 0) yield batch;
  }
  if (overlong) yield [{ kind: 'bad', reason: `longer than ${maxLineChars} characters`, where: `line ${line}` }];
  else {
    const record = recordOfLine(pending, line);
    if (record !== null) yield [record];
  }
}
