import { quoteIdentifier } from './sql-identifier.js';
import { sqlLiteral, type SqlValue } from './sql-literal.js';

/** A piece of SQL text that is already safe (a quoted identifier); `sql` pastes it as is. */
export class SqlFragment {
  constructor(readonly text: string) {}
}

/** A validated, backtick-quoted identifier to interpolate into `sql`. */
export function ident(name: string): SqlFragment {
  return new SqlFragment(quoteIdentifier(name));
}

/**
 * Tagged template: every interpolated value becomes a literal through `sqlLiteral`, every
 * `ident(...)` a quoted identifier. The usual way to build a query in Vigil:
 *   sql`SELECT sum(accepted) FROM ${ident(table)} WHERE model_id = ${modelId}`
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | SqlFragment)[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += value instanceof SqlFragment ? value.text : sqlLiteral(value);
    out += strings[i + 1] ?? '';
  });
  return out;
}
