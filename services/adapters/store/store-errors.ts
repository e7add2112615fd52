import { VigilError } from '../../shared/errors.js';

// Maps whatever @clickhouse/client or chDB threw to STORE_UNAVAILABLE (cannot reach or log
// in to the engine) or STORE_QUERY_FAILED (the engine answered with an error). Server
// messages quote pieces of the SQL, so string literals in them are blanked before the
// message goes anywhere: a literal may carry user data or a secret.

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
/** ClickHouse error codes meaning "you cannot use this server": unknown user, wrong password, authentication failed. */
const UNAVAILABLE_SERVER_CODES = new Set(['192', '193', '516']);
const UNAVAILABLE_MESSAGES = [/timeout error/i, /socket hang up/i, /is closed/i, /only one active data directory per process/i];
const MAX_MESSAGE = 400;

/** Replaces the content of every quoted string (even one cut off by truncation) with '…'. */
export function redactSqlLiterals(text: string): string {
  return text.replace(/'(?:[^'\\]|\\.|'')*(?:'|$)/gs, "'…'");
}

/** The ClickHouse error code: `.code` on a parsed ClickHouseError, or the `Code: N` prefix 18.16 sends. */
function clickHouseCode(cause: unknown, message: string): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const code = cause.code;
    if (typeof code === 'string' && /^\d+$/.test(code)) return code;
  }
  return /^Code: (\d+)[.,]/.exec(message)?.[1];
}

function systemCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined;
  const code = cause.code;
  return typeof code === 'string' && NETWORK_CODES.has(code) ? code : undefined;
}

/** Strips the 18.16 wrapping ("Code: 62, e.displayText() = DB::Exception: … , e.what() = …"). */
function serverMessage(message: string): string {
  return message
    .replace(/^Code: \d+[.,]\s*(e\.displayText\(\) = )?(DB::Exception: )?/, '')
    .replace(/,? e\.what\(\) = DB::Exception\s*$/, '')
    .trim();
}

/** `classify` overrides the choice, e.g. a failed ping is always STORE_UNAVAILABLE. */
export function toStoreError(cause: unknown, operation: string, classify?: 'STORE_UNAVAILABLE' | 'STORE_QUERY_FAILED'): VigilError {
  if (cause instanceof VigilError) return cause;
  const rawMessage = cause instanceof Error ? cause.message : String(cause);
  const code = clickHouseCode(cause, rawMessage);
  const network = systemCode(cause);
  const message = redactSqlLiterals(serverMessage(rawMessage)).slice(0, MAX_MESSAGE);
  const unavailable =
    network !== undefined ||
    (code !== undefined && UNAVAILABLE_SERVER_CODES.has(code)) ||
    (code === undefined && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(rawMessage)));
  const detail: Record<string, unknown> = { operation };
  if (code !== undefined) detail.clickhouseCode = Number(code);
  if (network !== undefined) detail.systemCode = network;
  // The cause is a redacted copy: the original message may quote SQL literals.
  const safeCause = new Error(message);
  safeCause.name = cause instanceof Error ? cause.name : 'Error';
  const errorCode = classify ?? (unavailable ? 'STORE_UNAVAILABLE' : 'STORE_QUERY_FAILED');
  return new VigilError(errorCode, `${operation}: ${message}`, detail, { cause: safeCause });
}
