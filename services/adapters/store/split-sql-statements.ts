import { VigilError } from '../../shared/errors.js';

// ClickHouse over HTTP runs one statement per request (18.16: "Multi-statements are not
// allowed"), so a migration file is split here. A statement ends with a `;` that is the last
// thing on its line (apart from spaces and a `--` comment). Comments are removed; quotes
// ('…', `…`, "…") are respected, so a `;` or `--` inside a literal is text.

function fail(reason: string, offset: number, text: string): VigilError {
  const line = text.slice(0, offset).split('\n').length;
  return new VigilError('MIGRATION_FAILED', `${reason} (line ${line})`);
}

/** Index just past the quoted run that starts at `start` (backslash escapes and doubled quotes). */
function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') i += 2;
    else if (ch === quote && text[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i++;
  }
  throw fail(`unterminated ${quote ?? ''} quote`, start, text);
}

/** True when only spaces and an optional `--` comment follow `from` on its line. */
function restOfLineIsBlank(text: string, from: number): boolean {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
  return i >= text.length || text[i] === '\n' || text.startsWith('--', i);
}

/** Splits a file into statements without comments or the trailing `;`; empty ones are dropped. */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const finish = (): void => {
    const statement = current.trim();
    if (statement !== '') statements.push(statement);
    current = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '`' || ch === '"') {
      const end = skipQuoted(text, i);
      current += text.slice(i, end);
      i = end;
    } else if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw fail('unterminated /* comment', i, text);
      current += ' ';
      i = end + 2;
    } else if (ch === ';') {
      if (!restOfLineIsBlank(text, i + 1)) throw fail("a ';' must end its line", i, text);
      finish();
      i++;
    } else {
      current += text.charAt(i);
      i++;
    }
  }
  finish();
  return statements;
}
