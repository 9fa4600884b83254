import { LIBPQ_KEYWORDS, orderConnInfo } from './keywords.js';
import { assignmentOf, splitShell } from './shell.js';
import type { ConnInfo, FormatParseResult, ParseError, ParseWarning } from './types.js';

/** One `NAME=value` the input assigns. */
export interface EnvAssignment {
  name: string;
  value: string;
  /** Offset of the assignment in the input. */
  position: number;
  /** The value held `$…` or a backquote, which a shell would have expanded. */
  expandable?: boolean;
}

const KEYWORD_BY_ENV_VAR: ReadonlyMap<string, string> = new Map(
  LIBPQ_KEYWORDS.flatMap((k) => ('envVar' in k ? [[k.envVar, k.keyword] as const] : [])),
);

/** libpq reads these too, but they name files or startup settings rather than connection keywords. */
const NOT_KEYWORDS: Record<string, string> = {
  PGSERVICEFILE: 'the service file location is not part of a connection profile',
  PGSYSCONFDIR: 'the system configuration directory is not part of a connection profile',
  PGDATESTYLE: 'startup settings are not connection keywords; use options=-c datestyle=…',
  PGTZ: 'startup settings are not connection keywords; use options=-c timezone=…',
  PGGEQO: 'startup settings are not connection keywords; use options=-c geqo=…',
};

/**
 * The libpq keywords that environment variables set, the way libpq reads them: PGHOST is host, PGDATABASE is
 * dbname and so on; the deprecated PGREQUIRESSL=1 means sslmode=require unless PGSSLMODE is set. Assignments
 * that set no keyword are reported.
 */
export function keywordsFromEnvironment(assignments: readonly EnvAssignment[], warnings: ParseWarning[]): ConnInfo {
  const kw: ConnInfo = {};
  let requireSsl: string | undefined;
  for (const { name, value, position, expandable } of assignments) {
    const keyword = KEYWORD_BY_ENV_VAR.get(name);
    if (expandable) {
      warnings.push({ code: 'SHELL_EXPANSION', keyword: name, position, message: `${name} refers to other shell variables, which were not expanded` });
    }
    if (keyword) kw[keyword] = value;
    else if (name === 'PGREQUIRESSL') requireSsl = value;
    else {
      const why = NOT_KEYWORDS[name] ?? (name.startsWith('PG') ? 'libpq does not read this variable' : 'it is not a PostgreSQL variable');
      warnings.push({ code: 'PARAMETER_DROPPED', keyword: name, position, message: `"${name}" was dropped: ${why}` });
    }
  }
  if (requireSsl !== undefined && kw.sslmode === undefined) kw.sslmode = requireSsl.startsWith('1') ? 'require' : 'prefer';
  return orderConnInfo(kw);
}

/**
 * Parses environment assignments as users paste them: POSIX `export PGHOST=…` or `PGHOST=…` lines with shell
 * quoting, or Windows `set PGHOST=…` / `set "PGHOST=…"` lines.
 */
export function parseEnv(text: string): FormatParseResult {
  const warnings: ParseWarning[] = [];
  const read = /^\s*set\s/im.test(text) ? windowsAssignments(text) : shellAssignments(text);
  if (!Array.isArray(read)) return { ok: false, error: read, warnings };
  const assignments = read;
  if (assignments.length === 0) {
    return { ok: false, error: { code: 'PARSE_INVALID_ENV', message: 'no environment variable assignments found', position: 0 }, warnings };
  }
  const keywords = keywordsFromEnvironment(assignments, warnings);
  return { ok: true, keywords, warnings };
}

/** `set NAME=value` and `set "NAME=value"` lines: cmd.exe takes the value literally, to the end of the line. */
function windowsAssignments(text: string): EnvAssignment[] | ParseError {
  const assignments: EnvAssignment[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (line.trim() === '') continue;
    const match = /^(\s*set\s+)("?)([^=]*)=(.*?)\2\s*$/i.exec(line.replace(/\r$/, ''));
    if (!match) return { code: 'PARSE_INVALID_ENV', message: 'expected set NAME=value', position: lineStart };
    const [, lead, quote, name, value] = match;
    assignments.push({ name: name!.trim(), value: value!, position: lineStart + lead!.length + quote!.length });
  }
  return assignments;
}

/** POSIX `export NAME=value` and `NAME=value`, several per line allowed, values in shell quoting. */
function shellAssignments(text: string): EnvAssignment[] | ParseError {
  const split = splitShell(text);
  if (!split.ok) return { code: 'PARSE_SHELL_QUOTE', message: split.message, position: split.position };
  const assignments: EnvAssignment[] = [];
  for (const words of split.commands) {
    const exported = words[0]?.text === 'export' && words[0].end - words[0].start === 6;
    for (const word of exported ? words.slice(1) : words) {
      const assignment = assignmentOf(word);
      if (assignment) {
        assignments.push({ name: assignment.name, value: assignment.value, position: word.start, expandable: word.expandable });
      } else if (!(exported && /^[A-Za-z_]\w*$/.test(word.text))) {
        // (`export NAME` alone exports what the shell already has: nothing to read.)
        return { code: 'PARSE_INVALID_ENV', message: `expected NAME=value, found "${word.text}"`, position: word.start, hint: 'Paste lines such as export PGHOST=db.example.com.' };
      }
    }
  }
  return assignments;
}
