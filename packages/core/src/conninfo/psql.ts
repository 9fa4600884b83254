import { keywordsFromEnvironment, type EnvAssignment } from './env.js';
import { orderConnInfo } from './keywords.js';
import { parseLibpq } from './libpq.js';
import { uriPrefixLength } from './libpq-uri.js';
import { assignmentOf, offsetInWord, splitShell, type ShellWord } from './shell.js';
import type { ConnInfo, FormatParseResult, ParseWarning } from './types.js';

/** psql's options that take a value (`-c` and friends are commands and output settings, not connection settings). */
const SHORT_WITH_VALUE = new Set(['c', 'd', 'f', 'F', 'h', 'L', 'o', 'p', 'P', 'R', 'T', 'U', 'v']);
const SHORT_FLAGS = new Set([...'aAbeEHlnqsStVwWxXz01?']);
const LONG_WITH_VALUE: Record<string, string> = {
  command: 'c', dbname: 'd', file: 'f', 'field-separator': 'F', host: 'h', 'log-file': 'L', output: 'o', port: 'p',
  pset: 'P', 'record-separator': 'R', 'table-attr': 'T', username: 'U', set: 'v', variable: 'v',
};
const LONG_FLAGS = new Set([
  'echo-all', 'no-align', 'echo-errors', 'echo-queries', 'echo-hidden', 'html', 'list', 'no-readline', 'single-transaction',
  'quiet', 'single-step', 'single-line', 'tuples-only', 'version', 'no-password', 'password', 'expanded', 'no-psqlrc',
  'field-separator-zero', 'record-separator-zero', 'csv', 'help',
]);
const CONNECTION_OPTIONS: Record<string, 'host' | 'port' | 'user' | 'dbname'> = { h: 'host', p: 'port', U: 'user', d: 'dbname' };

/** `psql`, `/usr/bin/psql` or `psql.exe`. */
export function isPsqlCommand(word: string): boolean {
  return /(^|[/\\])psql(\.exe)?$/i.test(word);
}

interface Given {
  value: string;
  word: ShellWord;
  /** Index in `word.text` where the value starts. */
  from: number;
}

/**
 * Parses a psql command line (`PGPASSWORD=… psql -h host -p 5432 -U user -d db`, or with a connection string
 * as the database) into the keywords psql hands libpq. psql passes host, port, user and dbname to
 * `PQconnectdbParams` in that order with dbname expansion on, so a dbname that is a URI or contains `=` sets
 * exactly the keys it contains, overriding -h/-p/-U; environment assignments in front of the command fill in
 * what the command line leaves unset. Options that are not about the connection are ignored with a warning.
 */
export function parsePsql(text: string): FormatParseResult {
  const warnings: ParseWarning[] = [];
  const fail = (code: string, message: string, position: number, hint?: string): FormatParseResult => ({
    ok: false,
    error: { code, message, position, ...(hint ? { hint } : {}) },
    warnings,
  });
  const split = splitShell(text);
  if (!split.ok) return fail('PARSE_SHELL_QUOTE', split.message, split.position);
  const [words = [], ...others] = split.commands;
  if (others.length > 0) {
    warnings.push({ code: 'COMMAND_IGNORED', position: others[0]![0]!.start, message: 'Only the first command was read; the rest was ignored.' });
  }

  const env: EnvAssignment[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const assignment = assignmentOf(words[i]!);
    if (!assignment) break;
    env.push({ name: assignment.name, value: assignment.value, position: words[i]!.start, expandable: words[i]!.expandable });
  }
  if (!words[i] || !isPsqlCommand(words[i]!.text)) {
    return fail('PARSE_INVALID_PSQL', 'expected a psql command', words[i]?.start ?? 0, 'Paste a command such as psql -h host -p 5432 -U user -d dbname.');
  }

  const given: Partial<Record<'host' | 'port' | 'user' | 'dbname', Given>> = {};
  const positional: Given[] = [];
  const ignored = (word: ShellWord, option: string) =>
    warnings.push({ code: 'OPTION_IGNORED', keyword: option, position: word.start, message: `psql option ${option} is not a connection setting and was ignored` });
  const take = (letter: string, value: Given, option: string) => {
    const keyword = CONNECTION_OPTIONS[letter];
    if (keyword) given[keyword] = value;
    else ignored(value.word, option);
  };

  let optionsEnded = false;
  for (i++; i < words.length; i++) {
    const word = words[i]!;
    const arg = word.text;
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      positional.push({ value: arg, word, from: 0 });
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const letter = LONG_WITH_VALUE[name];
      if (letter) {
        if (eq >= 0) take(letter, { value: arg.slice(eq + 1), word, from: eq + 1 }, `--${name}`);
        else {
          const next = words[++i];
          if (!next) return fail('PARSE_INVALID_PSQL', `option --${name} requires a value`, word.start);
          take(letter, { value: next.text, word: next, from: 0 }, `--${name}`);
        }
      } else if (!LONG_FLAGS.has(name)) {
        warnings.push({ code: 'OPTION_IGNORED', keyword: `--${name}`, position: word.start, message: `unknown psql option --${name} was ignored` });
      }
    } else {
      // getopt: flags may be grouped (-qX), and a value may follow its letter directly (-hhost) or come next.
      for (let c = 1; c < arg.length; c++) {
        const letter = arg[c]!;
        if (SHORT_WITH_VALUE.has(letter)) {
          if (c + 1 < arg.length) take(letter, { value: arg.slice(c + 1), word, from: c + 1 }, `-${letter}`);
          else {
            const next = words[++i];
            if (!next) return fail('PARSE_INVALID_PSQL', `option -${letter} requires a value`, word.start);
            take(letter, { value: next.text, word: next, from: 0 }, `-${letter}`);
          }
          break;
        }
        if (!SHORT_FLAGS.has(letter)) {
          warnings.push({ code: 'OPTION_IGNORED', keyword: `-${letter}`, position: word.start, message: `unknown psql option -${letter} was ignored` });
        }
      }
    }
  }

  // psql's own rule: the first free argument is the database unless -d gave one, the next the user.
  for (const arg of positional) {
    if (!given.dbname) given.dbname = arg;
    else if (!given.user) given.user = arg;
    else warnings.push({ code: 'OPTION_IGNORED', position: arg.word.start, message: `extra command-line argument "${arg.value}" ignored` });
  }

  const kw: ConnInfo = {};
  for (const keyword of ['host', 'port', 'user', 'dbname'] as const) {
    const value = given[keyword];
    if (!value || value.value === '') continue;
    if (keyword === 'dbname' && isConnectionString(value.value)) {
      const parsed = parseLibpq(value.value);
      if (!parsed.ok) {
        const position = offsetInWord(value.word, value.from + parsed.error.position);
        return { ok: false, error: { ...parsed.error, position }, warnings };
      }
      Object.assign(kw, parsed.keywords);
    } else kw[keyword] = value.value;
  }
  const fromEnv = keywordsFromEnvironment(env, warnings);
  return { ok: true, keywords: orderConnInfo({ ...fromEnv, ...kw }), warnings };
}

/** libpq's `recognized_connection_string`: a URI, or anything with an `=`. */
function isConnectionString(value: string): boolean {
  return uriPrefixLength(value) > 0 || value.includes('=');
}
