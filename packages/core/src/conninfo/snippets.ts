import { isLibpqKeyword, orderConnInfo } from './keywords.js';
import { parseLibpq } from './libpq.js';
import { readCallArguments, type Language, type LiteralEntry, type LiteralValue } from './literals.js';
import type { ConnectionStringFormat, ConnInfo, FormatParseResult, ParseWarning } from './types.js';

export type SnippetFormat = Extract<ConnectionStringFormat, 'node' | 'psycopg2' | 'php' | 'ruby'>;

interface SnippetCall {
  format: SnippetFormat;
  language: Language;
  /** Where the arguments start: the `(`, or for Ruby possibly the space after a method called without one. */
  open: number;
}

const CALLS: readonly { format: SnippetFormat; language: Language; pattern: RegExp }[] = [
  { format: 'node', language: 'js', pattern: /\bnew\s+(?:[A-Za-z_$][\w$]*\s*\.\s*)*(?:Client|Pool)\s*(?=\()/ },
  { format: 'psycopg2', language: 'python', pattern: /\bpsycopg2?(?:\.\w+)*\.connect\s*(?=\()/ },
  { format: 'php', language: 'php', pattern: /\bpg_p?connect\s*(?=\()/ },
  { format: 'ruby', language: 'ruby', pattern: /\bPG(?:::Connection)?\.(?:new|connect|open)\b\s*(?=\(|[ \t]+\S)/ },
];

/** Finds the first connection call the VS Code extension recognises in a pasted code snippet. */
export function findSnippetCall(text: string): SnippetCall | undefined {
  let found: SnippetCall | undefined;
  let at = Infinity;
  for (const { format, language, pattern } of CALLS) {
    const match = pattern.exec(text);
    if (match && match.index < at) {
      at = match.index;
      found = { format, language, open: match.index + match[0].length };
    }
  }
  return found;
}

/**
 * Parses the connection call in a code snippet: node-postgres `new Client({…})`/`new Pool({…})`, psycopg2
 * `connect(dsn, **kwargs)`, PHP `pg_connect("…")`, Ruby `PG::Connection.new(…)`/`PG.connect(…)`. Only
 * literal values are read (strings, numbers, booleans); anything computed is reported and skipped.
 * Connection strings inside the call are read by libpq's rules, as each library hands them to libpq
 * (node-postgres has its own parser; where its meaning differs, a warning says so).
 */
export function parseSnippet(text: string, call: SnippetCall): FormatParseResult {
  const warnings: ParseWarning[] = [];
  const read = readCallArguments(text, call.open, call.language);
  if (!read.ok) return { ok: false, error: { code: 'PARSE_INVALID_SNIPPET', message: read.message, position: read.position }, warnings };
  const { positional, named } = read.args;
  const kw: ConnInfo = {};
  const fail = (message: string, position: number): FormatParseResult => ({ ok: false, error: { code: 'PARSE_INVALID_SNIPPET', message, position }, warnings });
  const notLiteral = (what: string, value: LiteralValue) =>
    warnings.push({ code: 'VALUE_NOT_LITERAL', keyword: what, position: value.start, message: `${what} is computed by the code (${value.kind === 'opaque' ? value.text : value.kind}) and was not read` });

  /** A connection string argument, with libpq's errors pointed at the right place in the snippet. */
  const connectionString = (value: LiteralValue, what: string): FormatParseResult | undefined => {
    if (value.kind !== 'string') {
      notLiteral(what, value);
      return undefined;
    }
    const parsed = parseLibpq(value.value);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, position: value.positions[parsed.error.position] ?? value.start }, warnings };
    Object.assign(kw, parsed.keywords);
    return undefined;
  };

  switch (call.format) {
    case 'node': {
      const config = positional[0];
      if (positional.length === 0) break;
      if (config?.kind === 'string') {
        // pg also accepts a bare connection string instead of a config object.
        const failed = connectionString(config, 'connection string');
        if (failed) return failed;
        warnNodeSslmode(kw, warnings, config.start);
        break;
      }
      if (config?.kind !== 'object') return fail('expected a configuration object', config?.start ?? call.open);
      const failed = nodeConfig(config.entries, kw, warnings, connectionString);
      if (failed) return failed;
      break;
    }
    case 'psycopg2': {
      // psycopg2.connect(dsn, **kwargs): the keyword arguments override what the DSN says.
      const dsn = positional[0] ?? named.find((e) => e.key === 'dsn' || e.key === 'conninfo')?.value;
      if (dsn && dsn.kind !== 'null') {
        const failed = connectionString(dsn, 'dsn');
        if (failed) return failed;
      }
      libpqKeywordArguments(named.filter((e) => e.key !== 'dsn' && e.key !== 'conninfo'), kw, warnings, notLiteral);
      break;
    }
    case 'php': {
      const conninfo = positional[0];
      if (!conninfo) return fail('pg_connect needs a connection string', call.open);
      if (conninfo.kind !== 'string') return fail('the connection string is computed by the code, so it cannot be read', conninfo.start);
      const failed = connectionString(conninfo, 'connection string');
      if (failed) return failed;
      break;
    }
    case 'ruby': {
      if (positional.length >= 2) {
        // The legacy form: PG::Connection.new(host, port, options, tty, dbname, user, password).
        const legacy = ['host', 'port', 'options', 'tty', 'dbname', 'user', 'password'];
        libpqKeywordArguments(positional.map((value, i) => ({ key: legacy[i] ?? '', value, start: value.start })), kw, warnings, notLiteral);
      } else if (positional[0]) {
        const failed = connectionString(positional[0], 'connection string');
        if (failed) return failed;
      }
      libpqKeywordArguments(named, kw, warnings, notLiteral);
      break;
    }
  }
  return { ok: true, keywords: orderConnInfo(kw), warnings };
}

/** psycopg2 and ruby-pg take libpq keywords as keyword arguments (psycopg2 also knows `database`). */
function libpqKeywordArguments(
  entries: readonly LiteralEntry[],
  kw: ConnInfo,
  warnings: ParseWarning[],
  notLiteral: (what: string, value: LiteralValue) => void,
): void {
  for (const { key, value, start } of entries) {
    const keyword = key === 'database' ? 'dbname' : key;
    if (value.kind === 'null' || keyword === 'tty') continue;
    if (!isLibpqKeyword(keyword)) {
      warnings.push({ code: 'PARAMETER_DROPPED', keyword: key, position: start, message: `"${key}" was dropped: it is not a libpq connection keyword` });
    } else if (value.kind === 'string' || value.kind === 'number') kw[keyword] = String(value.value);
    else if (value.kind === 'boolean') kw[keyword] = value.value ? '1' : '0';
    else notLiteral(key, value);
  }
}

/** node-postgres settings that are libpq keywords under the same or another name. */
const NODE_KEYWORDS: Record<string, string> = {
  host: 'host', port: 'port', user: 'user', password: 'password', database: 'dbname',
  application_name: 'application_name', options: 'options', client_encoding: 'client_encoding',
};
/** node-postgres settings it sends to the server as startup parameters, which libpq carries in `options`. */
const NODE_STARTUP_SETTINGS = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'];
/** node-postgres pool and client-side settings that have no place in a connection profile. */
const NODE_IGNORED = new Set([
  'max', 'min', 'idleTimeoutMillis', 'allowExitOnIdle', 'maxUses', 'maxLifetimeSeconds', 'log', 'query_timeout',
  'types', 'Promise', 'binary',
]);

function nodeConfig(
  entries: readonly LiteralEntry[],
  kw: ConnInfo,
  warnings: ParseWarning[],
  connectionString: (value: LiteralValue, what: string) => FormatParseResult | undefined,
): FormatParseResult | undefined {
  const startup: string[] = [];
  let fromString: LiteralEntry | undefined;
  for (const entry of entries) {
    const { key, value, start } = entry;
    const text = value.kind === 'string' ? value.value : value.kind === 'number' ? String(value.value) : undefined;
    if (key === 'connectionString') fromString = entry;
    else if (NODE_KEYWORDS[key]) {
      if (text !== undefined) kw[NODE_KEYWORDS[key]] = text;
      else warnings.push({ code: 'VALUE_NOT_LITERAL', keyword: key, position: value.start, message: `${key} is computed by the code${value.kind === 'opaque' ? ` (${value.text})` : ''} and was not read` });
    } else if (key === 'ssl') nodeSsl(value, kw, warnings);
    else if (key === 'connectionTimeoutMillis' && value.kind === 'number') {
      if (value.value > 0) kw.connect_timeout = String(Math.ceil(value.value / 1000));
    } else if (key === 'keepAlive' && value.kind === 'boolean') kw.keepalives = value.value ? '1' : '0';
    else if (key === 'keepAliveInitialDelayMillis' && value.kind === 'number') kw.keepalives_idle = String(Math.ceil(value.value / 1000));
    else if (NODE_STARTUP_SETTINGS.includes(key) && value.kind === 'number') startup.push(`-c ${key}=${value.value}`);
    else if (NODE_IGNORED.has(key)) continue;
    else warnings.push({ code: 'PARAMETER_DROPPED', keyword: key || undefined, position: start, message: key ? `"${key}" was dropped: it has no libpq equivalent` : 'a setting the snippet does not spell out was dropped' });
  }
  if (startup.length > 0) kw.options = [kw.options, ...startup].filter(Boolean).join(' ');
  if (fromString) {
    // node-postgres lets the connection string override the other settings.
    const failed = connectionString(fromString.value, 'connectionString');
    if (failed) return failed;
    warnNodeSslmode(kw, warnings, fromString.start);
  }
  return undefined;
}

/**
 * node-postgres' `ssl`: `true` verifies the certificate and host name (verify-full), `rejectUnauthorized:
 * false` checks nothing (require), and `ca`/`cert`/`key` read with `fs.readFileSync('path')` name files.
 */
function nodeSsl(value: LiteralValue, kw: ConnInfo, warnings: ParseWarning[]): void {
  if (value.kind === 'boolean') {
    kw.sslmode = value.value ? 'verify-full' : 'disable';
    if (value.value) warnings.push({ code: 'NODE_SSL_IS_VERIFY_FULL', keyword: 'ssl', position: value.start, message: 'node-postgres verifies the server certificate and host name when ssl is true: sslmode=verify-full.' });
    return;
  }
  if (value.kind !== 'object') {
    warnings.push({ code: 'VALUE_NOT_LITERAL', keyword: 'ssl', position: value.start, message: 'ssl is computed by the code and was not read' });
    return;
  }
  const files: Record<string, string> = { ca: 'sslrootcert', cert: 'sslcert', key: 'sslkey' };
  let verify = true;
  for (const { key, value: v, start } of value.entries) {
    if (key === 'rejectUnauthorized' && v.kind === 'boolean') verify = v.value;
    else if (files[key]) {
      const path = v.kind === 'opaque' ? /^(?:fs\.)?readFileSync\(\s*(['"])([^'"]*)\1\s*(?:,[^)]*)?\)(?:\.toString\(\))?$/.exec(v.text)?.[2] : undefined;
      if (path !== undefined) kw[files[key]] = path;
      else warnings.push({ code: 'PARAMETER_DROPPED', keyword: `ssl.${key}`, position: start, message: `ssl.${key} was dropped: only fs.readFileSync('path') can be turned into a file setting` });
    } else if (key === 'passphrase' && v.kind === 'string') kw.sslpassword = v.value;
    else warnings.push({ code: 'PARAMETER_DROPPED', keyword: `ssl.${key}`, position: start, message: `ssl.${key || '…'} was dropped: it has no libpq equivalent` });
  }
  kw.sslmode = verify ? 'verify-full' : 'require';
}

/** pg-connection-string reads prefer, require and verify-ca as verify-full unless told to behave like libpq. */
function warnNodeSslmode(kw: ConnInfo, warnings: ParseWarning[], position: number): void {
  if (kw.sslmode === 'prefer' || kw.sslmode === 'require' || kw.sslmode === 'verify-ca') {
    warnings.push({
      code: 'NODE_SSLMODE_DIFFERS',
      keyword: 'sslmode',
      position,
      message: `node-postgres treats sslmode=${kw.sslmode} as verify-full unless uselibpqcompat=true; pgconnect follows libpq: ${kw.sslmode}.`,
    });
  }
}
