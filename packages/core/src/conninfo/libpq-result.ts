import type { ConnInfo, ParseError } from './types.js';
import { errorInfo, type ErrorCode } from '../protocol/errors.js';

/** How the libpq parsers read their input. */
export interface LibpqParseOptions {
  /**
   * Treat the input as a binary string: each UTF-16 code unit is one byte (0–255, latin1), and
   * percent-decoded bytes come back as one code unit each, with no UTF-8 decoding. This is libpq's own
   * byte-level view, which tools that compare byte for byte with libpq need (for example `%ff`).
   * By default the input is ordinary text and decoded bytes are read as UTF-8.
   */
  binary?: boolean;
}

/** What `PQconninfoParse` returns: the keywords the string set, or why libpq rejects it. */
export type LibpqParseResult = { ok: true; keywords: ConnInfo } | { ok: false; error: ParseError };

/** The stable codes of libpq connection-string errors; their hints live in the one error table. */
export const LIBPQ_PARSE_ERROR_CODES = [
  'PARSE_NUL_CHARACTER', 'PARSE_MISSING_EQUALS', 'PARSE_UNTERMINATED_QUOTE', 'PARSE_INVALID_OPTION',
  'PARSE_NOT_A_URI', 'PARSE_INVALID_PERCENT', 'PARSE_PERCENT_NUL', 'PARSE_UNEXPECTED_SPACES',
  'PARSE_IPV6_UNTERMINATED', 'PARSE_IPV6_EMPTY', 'PARSE_UNEXPECTED_CHARACTER', 'PARSE_QUERY_MISSING_EQUALS',
  'PARSE_QUERY_EXTRA_EQUALS', 'PARSE_INVALID_QUERY_PARAMETER',
] as const satisfies readonly ErrorCode[];

export type LibpqParseErrorCode = (typeof LIBPQ_PARSE_ERROR_CODES)[number];

export function parseFailure(code: LibpqParseErrorCode, message: string, position: number): LibpqParseResult & { ok: false } {
  return { ok: false, error: { code, message, position, hint: errorInfo(code).hint } };
}

/**
 * libpq takes a C string, so it would silently stop at a NUL. A JavaScript string can carry one, and
 * what follows it must not be dropped without a word.
 */
export function rejectNul(text: string): (LibpqParseResult & { ok: false }) | undefined {
  const at = text.indexOf('\0');
  return at < 0 ? undefined : parseFailure('PARSE_NUL_CHARACTER', 'connection string contains a NUL character', at);
}
