import { VigilError } from '../../shared/errors.js';

// Table, column and database names. Only plain names are allowed, so quoting never needs
// escaping; both 18.16 and 26.x accept backtick-quoted identifiers.
const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Returns the name unchanged if it is a plain identifier, otherwise throws SQL_IDENTIFIER_INVALID. */
export function validateIdentifier(name: string): string {
  if (!IDENTIFIER_PATTERN.test(name)) {
    throw new VigilError('SQL_IDENTIFIER_INVALID', `"${name.slice(0, 80)}" must match ${IDENTIFIER_PATTERN.source}`);
  }
  return name;
}

/** A validated identifier in backticks, safe to paste into SQL. */
export function quoteIdentifier(name: string): string {
  return `\`${validateIdentifier(name)}\``;
}

/** `db`.`table`, each part validated. */
export function qualifiedName(database: string, table: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
}
