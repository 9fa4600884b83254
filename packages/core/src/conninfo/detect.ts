import { profileFromKeywords } from '../profile/from-keywords.js';
import { parseEnv } from './env.js';
import { parseJdbc } from './jdbc.js';
import { parseLibpq } from './libpq.js';
import { uriPrefixLength } from './libpq-uri.js';
import { parseNpgsql } from './npgsql.js';
import { isPsqlCommand, parsePsql } from './psql.js';
import { assignmentOf, splitShell } from './shell.js';
import { findSnippetCall, parseSnippet } from './snippets.js';
import type { LibpqParseResult } from './libpq-result.js';
import type { ConnectionStringFormat, FormatParseResult, ParseError, ParseResult } from './types.js';
import { errorInfo, isErrorCode } from '../protocol/errors.js';

/**
 * Reads a connection string in any format users paste: libpq URI or key=value (exactly as libpq 18 reads
 * them), JDBC, Npgsql, a psql command line, environment exports, or a node-postgres, psycopg2, PHP or Ruby
 * snippet. Returns the libpq keywords, the profile fields they make, any secrets (never part of the
 * profile), and warnings; or an error whose position points into `text` as given.
 */
export function parseConnectionString(text: string): ParseResult {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, format: 'unknown', error: withHint({ code: 'PARSE_EMPTY', message: 'the connection string is empty', position: 0 }), warnings: [] };
  }
  const { format, result } = dispatch(trimmed);
  const shift = <T extends { position?: number }>(item: T): T => (item.position === undefined ? item : { ...item, position: item.position + lead });
  const warnings = result.warnings.map(shift);
  if (trimmed !== text && (format === 'uri' || format === 'keyValue') && !parseLibpq(text).ok) {
    warnings.unshift({ code: 'INPUT_TRIMMED', message: 'Whitespace around the string was removed; libpq itself would have rejected the string with it.' });
  }
  if (!result.ok) {
    // A string with no "=" that nothing else recognised was not a connection string of any kind.
    const failedFormat = format === 'keyValue' && !trimmed.includes('=') ? 'unknown' : format;
    return { ok: false, format: failedFormat, error: withHint(shift(result.error)), warnings };
  }

  const { profile, secrets, warnings: profileWarnings } = profileFromKeywords(result.keywords);
  warnings.push(...profileWarnings);
  if (secrets.password !== undefined) {
    warnings.push({
      code: 'PASSWORD_IN_STRING',
      keyword: 'password',
      message: 'The string contains a password. Please omit the password from connection strings; it was kept apart as a secret you can choose to save.',
    });
  }
  return { ok: true, format, keywords: result.keywords, profile, secrets, warnings };
}

/** A parser's own hint is the most specific; otherwise the error table's hint for the code. */
function withHint(error: ParseError): ParseError {
  return error.hint !== undefined || !isErrorCode(error.code) ? error : { ...error, hint: errorInfo(error.code).hint };
}

function dispatch(text: string): { format: ConnectionStringFormat; result: FormatParseResult } {
  if (uriPrefixLength(text) > 0) return { format: 'uri', result: withWarnings(parseLibpq(text)) };
  const scheme = /^postgres(?:ql)?:\/\//i.exec(text);
  if (scheme) {
    // libpq matches the scheme case-sensitively and would read "POSTGRESQL://…" as a bad key=value string.
    const result = withWarnings(parseLibpq(scheme[0].toLowerCase() + text.slice(scheme[0].length)));
    result.warnings.unshift({ code: 'SCHEME_CASE', position: 0, message: `libpq only recognises a lower-case scheme; "${scheme[0]}" was read as "${scheme[0].toLowerCase()}".` });
    return { format: 'uri', result };
  }
  if (/^jdbc:/i.test(text)) return { format: 'jdbc', result: parseJdbc(text) };

  const call = findSnippetCall(text);
  if (call) return { format: call.format, result: parseSnippet(text, call) };

  const shell = shellFormat(text);
  if (shell === 'psql') return { format: 'psql', result: parsePsql(text) };
  if (shell === 'env') return { format: 'env', result: parseEnv(text) };

  if (looksLikeNpgsql(text)) return { format: 'npgsql', result: parseNpgsql(text) };
  return { format: 'keyValue', result: withWarnings(parseLibpq(text)) };
}

function withWarnings(result: LibpqParseResult): FormatParseResult {
  return { ...result, warnings: [] };
}

/**
 * A psql command (possibly after `NAME=value` assignments), or environment assignments. libpq key=value
 * strings look like assignments to a shell too, but their keywords are lower case and environment variable
 * names are not, so only upper-case names, `export` or `set` make a string environment assignments.
 */
function shellFormat(text: string): 'psql' | 'env' | undefined {
  if (/^\s*set\s+"?[A-Z_]+=/im.test(text)) return 'env';
  const split = splitShell(text);
  // An unclosed quote still shows what the user meant; let that format's parser report the quote.
  if (!split.ok) return /^\s*(export\s+)?PG[A-Z]+=/.test(text) ? 'env' : /^\s*(\S+=\S*\s+)*\S*psql\s/.test(text) ? 'psql' : undefined;
  const words = split.commands[0] ?? [];
  const firstCommandWord = words.find((w) => !assignmentOf(w));
  if (firstCommandWord && isPsqlCommand(firstCommandWord.text)) return 'psql';
  if (firstCommandWord?.text === 'export') return 'env';
  const allAssignments = split.commands.flat().filter((w) => w.text !== 'export');
  const names = allAssignments.map((w) => assignmentOf(w)?.name);
  if (names.length > 0 && names.every((n) => n !== undefined && /^[A-Z][A-Z0-9_]*$/.test(n))) return 'env';
  return undefined;
}

/**
 * `Key=Value;` pairs: a `;` followed by another key, a trailing `;`, or a key with a space in it ("User Id").
 * A libpq key=value string has a `;` only inside a value, so semicolons inside libpq's single quotes do not count.
 */
function looksLikeNpgsql(text: string): boolean {
  const unquoted = text.replace(/(^|[=\s])'(?:[^'\\]|\\.)*'/g, '$1');
  return /;\s*[A-Za-z][A-Za-z0-9 _]*(=|$)/.test(unquoted) || /;\s*$/.test(unquoted) || /^[A-Za-z]+ [A-Za-z ]*=/.test(unquoted);
}
