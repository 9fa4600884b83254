/**
 * Test helpers that compare our libpq parsers with what the libpq 18 oracle printed. Pure, so any test
 * (core or bridge) can use them; reading fixtures and running the oracle stay in the tests.
 */
import type { LibpqParseErrorCode, LibpqParseResult } from './libpq-result.js';

/** One line the oracle prints. */
export type OracleLine = { ok: true; opts: Record<string, string> } | { ok: false; error: string };

export interface LibpqFixture {
  input: string;
  expected: OracleLine;
  /** Input and strings are binary strings (one char per byte): the bytes are not valid UTF-8. */
  binary?: boolean;
}

/** Why libpq rejected a string, read from its message, as the code our parser must give. */
const REASONS: [RegExp, LibpqParseErrorCode][] = [
  [/^missing "=" after /, 'PARSE_MISSING_EQUALS'],
  [/^unterminated quoted string/, 'PARSE_UNTERMINATED_QUOTE'],
  [/^invalid connection option /, 'PARSE_INVALID_OPTION'],
  [/^invalid percent-encoded token/, 'PARSE_INVALID_PERCENT'],
  [/^forbidden value %00/, 'PARSE_PERCENT_NUL'],
  [/^unexpected spaces found/, 'PARSE_UNEXPECTED_SPACES'],
  [/^end of string reached when looking for matching "]"/, 'PARSE_IPV6_UNTERMINATED'],
  [/^IPv6 host address may not be empty/, 'PARSE_IPV6_EMPTY'],
  [/^unexpected character /, 'PARSE_UNEXPECTED_CHARACTER'],
  [/^missing key\/value separator/, 'PARSE_QUERY_MISSING_EQUALS'],
  [/^extra key\/value separator/, 'PARSE_QUERY_EXTRA_EQUALS'],
  [/^invalid URI query parameter/, 'PARSE_INVALID_QUERY_PARAMETER'],
];

export function errorCodeFor(libpqMessage: string): LibpqParseErrorCode {
  const match = REASONS.find(([pattern]) => pattern.test(libpqMessage));
  if (!match) throw new Error(`no error code for the libpq message ${JSON.stringify(libpqMessage)}`);
  return match[1];
}

/**
 * The message we expect for a libpq message: the same words, except that a message quoting the whole URI
 * drops the quote (it may hold a password; `position` says where), and a quoted secret is named instead.
 */
export function expectedMessage(libpqMessage: string, ours: string): string {
  if (/ in the (password|sslpassword|oauth_client_secret|scram_client_key|scram_server_key)\b|the word that follows the /.test(ours)) return ours;
  return libpqMessage.replace(/ in URI( \(expected ":" or "\/"\))?: ".*"$/s, ' in URI$1');
}

/** Our result in the oracle's shape, with the error code alongside so a mismatch reads clearly. */
export function asOracleLine(result: LibpqParseResult): OracleLine {
  return result.ok ? { ok: true, opts: result.keywords } : { ok: false, error: result.error.message };
}

/** The oracle line we must produce for `expected`, given our own result (for redacted wording). */
export function expectedLine(expected: OracleLine, ours: LibpqParseResult): OracleLine {
  if (expected.ok || ours.ok) return expected;
  return { ok: false, error: expectedMessage(expected.error, ours.error.message) };
}

/** Reads fixtures/libpq18.jsonl, which scripts/gen-libpq-fixtures.mjs writes from the libpq 18 oracle. */
export function parseFixtureFile(jsonl: string): LibpqFixture[] {
  return jsonl
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LibpqFixture);
}

/** A short, printable test name for an input that may be long or hold control characters. */
export function describeInput(input: string): string {
  const shown = JSON.stringify(input);
  return shown.length > 90 ? `${shown.slice(0, 80)}…" (${input.length} chars)` : shown;
}
