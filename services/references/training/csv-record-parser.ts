import { VigilError } from '../../shared/errors.js';

/** One CSV record: its fields as text, the line it starts on, and what was wrong with it, if anything. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
  readonly error: string | null;
}

export interface CsvParserOptions {
  /** One character (default ','; '\t' for TSV). */
  readonly delimiter?: string;
  /**
   * Longest record in characters (default 1 MiB). Memory stays bounded even when an unbalanced
   * quote would swallow the rest of the file: such a file is INPUT_FILE_INVALID.
   */
  readonly maxRecordChars?: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either an escaped quote ("") or the field's end. */
  QuoteInQuoted,
}

/**
 * An incremental RFC 4180 reader: chunks in, complete records out, so a file of any size is read
 * with one record in memory. Quoted fields may hold delimiters, doubled quotes and line breaks;
 * records end with CRLF, LF or CR (a CRLF split across chunks counts once); a UTF-8 BOM is
 * dropped; blank lines are skipped. Lenient where files commonly break the RFC: a quote inside an
 * unquoted field is kept as text. Text after a closing quote or an unterminated quote at the end
 * of the input marks the record as bad (reported, not thrown).
 */
export class CsvRecordParser {
  readonly #delimiter: number;
  readonly #maxRecordChars: number;
  #fields: string[] = [];
  #field = '';
  #state = State.FieldStart;
  #line = 1;
  #recordLine = 1;
  #recordChars = 0;
  #recordQuoted = false;
  #error: string | null = null;
  #skipLf = false;
  #started = false;

  constructor(options: CsvParserOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new VigilError('VALIDATION_FAILED', 'the CSV delimiter must be one character other than a quote or a line break', { delimiter });
    }
    this.#delimiter = delimiter.charCodeAt(0);
    this.#maxRecordChars = options.maxRecordChars ?? 1024 * 1024;
  }

  /** Feeds the next chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.#started && chunk.length > 0) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.#skipLf && i < chunk.length) {
      this.#skipLf = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    const n = chunk.length;
    while (i < n) {
      if (this.#state === State.Quoted) {
        let j = chunk.indexOf('"', i);
        if (j === -1) j = n;
        this.#append(chunk, i, j);
        for (let k = chunk.indexOf('\n', i); k !== -1 && k < j; k = chunk.indexOf('\n', k + 1)) this.#line++;
        if (j < n) this.#state = State.QuoteInQuoted;
        i = j + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.#state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          this.#field += '"';
          this.#state = State.Quoted;
          i++;
          continue;
        }
        if (c !== this.#delimiter && c !== LF && c !== CR) {
          this.#error ??= `text after the closing quote of field ${this.#fields.length + 1}`;
          this.#state = State.Unquoted;
          continue;
        }
      } else if (this.#state === State.FieldStart && c === QUOTE) {
        this.#state = State.Quoted;
        this.#recordQuoted = true;
        i++;
        continue;
      } else {
        let j = i;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === this.#delimiter || d === LF || d === CR) break;
          j++;
        }
        this.#append(chunk, i, j);
        this.#state = State.Unquoted;
        i = j;
        if (i === n) break;
      }
      // At a delimiter or a line break outside quotes.
      const at = chunk.charCodeAt(i);
      this.#endField();
      i++;
      if (at === this.#delimiter) continue;
      if (at === CR) {
        if (i === n) this.#skipLf = true;
        else if (chunk.charCodeAt(i) === LF) i++;
      }
      this.#line++;
      this.#endRecord(out);
    }
    return out;
  }

  /** Ends the input; returns the last record if the input did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.#state === State.Quoted) this.#error ??= `unterminated quoted field ${this.#fields.length + 1}`;
    if (this.#state !== State.FieldStart || this.#fields.length > 0) {
      this.#endField();
      this.#endRecord(out);
    }
    return out;
  }

  #append(chunk: string, from: number, to: number): void {
    if (to <= from) return;
    this.#recordChars += to - from;
    if (this.#recordChars > this.#maxRecordChars) {
      throw new VigilError('INPUT_FILE_INVALID', `the record starting on line ${this.#recordLine} exceeds ${this.#maxRecordChars} characters (an unbalanced quote?)`, {
        line: this.#recordLine,
      });
    }
    this.#field += chunk.slice(from, to);
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
    this.#state = State.FieldStart;
  }

  #endRecord(out: CsvRecord[]): void {
    const blank = this.#fields.length === 1 && this.#fields[0] === '' && !this.#recordQuoted && this.#error === null;
    if (!blank) out.push({ fields: this.#fields, line: this.#recordLine, error: this.#error });
    this.#fields = [];
    this.#recordChars = 0;
    this.#recordQuoted = false;
    this.#error = null;
    this.#recordLine = this.#line;
  }
}
