import { isLibpqKeyword, orderConnInfo } from './keywords.js';
import { appendSearchPath } from './search-path.js';
import type { ConnInfo, FormatParseResult, ParseWarning } from './types.js';

/**
 * Npgsql keys and their synonyms, compared the way users write them: case-insensitive, with spaces and
 * underscores ignored ("SSL Mode", "SslMode" and "sslmode" are one key). Keys not listed here that spell a
 * libpq keyword (dbname, sslrootcert, connect_timeout …) are taken as that keyword, which is what the VS Code
 * extension accepts in semicolon-separated strings.
 */
const KEYS: Record<string, string> = {
  host: 'host', server: 'host',
  port: 'port',
  database: 'dbname', db: 'dbname',
  username: 'user', userid: 'user', uid: 'user', user: 'user',
  password: 'password', pwd: 'password', psw: 'password',
  passfile: 'passfile',
  sslmode: 'sslmode',
  sslcertificate: 'sslcert',
  sslkey: 'sslkey',
  sslpassword: 'sslpassword',
  rootcertificate: 'sslrootcert',
  sslnegotiation: 'sslnegotiation',
  channelbinding: 'channel_binding',
  applicationname: 'application_name',
  options: 'options',
  timeout: 'connect_timeout',
  tcpkeepalivetime: 'keepalives_idle',
  tcpkeepaliveinterval: 'keepalives_interval',
  targetsessionattributes: 'target_session_attrs',
  kerberosservicename: 'krbsrvname', krbsrvname: 'krbsrvname',
  clientencoding: 'client_encoding',
  gssencryptionmode: 'gssencmode', gssencmode: 'gssencmode',
  requireauth: 'require_auth',
};

/** Pool and multiplexing settings: pgconnect manages its own pools, so these have nothing to say. */
const POOL_KEYS = new Set([
  'pooling', 'minpoolsize', 'maxpoolsize', 'minimumpoolsize', 'maximumpoolsize', 'connectionidlelifetime',
  'connectionpruninginterval', 'connectionlifetime', 'multiplexing', 'enlist',
]);

const SSL_MODES: Record<string, string> = {
  disable: 'disable', allow: 'allow', prefer: 'prefer', require: 'require',
  verifyca: 'verify-ca', verifyfull: 'verify-full',
};

/** Npgsql's Target Session Attributes, written with or without hyphens, as libpq's values. */
const TARGET_SESSION_ATTRS: Record<string, string> = {
  any: 'any', primary: 'primary', standby: 'standby', preferstandby: 'prefer-standby',
  readwrite: 'read-write', readonly: 'read-only',
};

const TRUE = new Set(['true', 'yes', '1', 'on']);

interface Pair {
  key: string;
  value: string;
  position: number;
}

/**
 * Parses an ADO.NET connection string for Npgsql (`Host=h;Port=5433;Username=u;SSL Mode=Require`) into libpq
 * keywords. Npgsql values become libpq's (VerifyFull → verify-full, Trust Server Certificate=true → no
 * certificate check); settings with no libpq equivalent are dropped with a warning; pool settings are
 * reported once and otherwise ignored.
 */
export function parseNpgsql(text: string): FormatParseResult {
  const warnings: ParseWarning[] = [];
  const pairs = splitPairs(text);
  if (!Array.isArray(pairs)) return { ok: false, error: { code: 'PARSE_INVALID_NPGSQL', ...pairs }, warnings };

  const kw: ConnInfo = {};
  const pool: string[] = [];
  let hostPair: Pair | undefined;
  let searchPath: string | undefined;
  let trustServerCertificate: Pair | undefined;
  for (const pair of pairs) {
    const key = pair.key.toLowerCase().replace(/[\s_]/g, '');
    const value = pair.value;
    const keyword = KEYS[key] ?? (isLibpqKeyword(key) ? key : libpqKeywordWithoutUnderscores(key));
    if (keyword === 'host') hostPair = pair;
    else if (keyword === 'sslmode') {
      // An unknown mode is kept as written, so that the profile reports libpq's "invalid sslmode value".
      kw.sslmode = SSL_MODES[value.toLowerCase().replace(/[-_]/g, '')] ?? value;
    } else if (keyword === 'target_session_attrs') {
      const normalized = value.toLowerCase().replaceAll('-', '');
      if (normalized === 'preferprimary') drop(warnings, pair, 'libpq has no "prefer-primary"; it tries hosts in order');
      else kw.target_session_attrs = TARGET_SESSION_ATTRS[normalized] ?? value;
    } else if (keyword === 'load_balance_hosts') {
      const lower = value.toLowerCase();
      kw.load_balance_hosts = lower === 'random' || TRUE.has(lower) ? 'random' : 'disable';
    } else if (keyword) {
      kw[keyword] = ['sslnegotiation', 'channel_binding', 'gssencmode'].includes(keyword) ? value.toLowerCase() : value;
    } else if (key === 'searchpath') searchPath = value;
    else if (key === 'trustservercertificate') trustServerCertificate = pair;
    else if (key === 'tcpkeepalive') kw.keepalives = TRUE.has(value.toLowerCase()) ? '1' : '0';
    else if (key === 'keepalive') {
      // Npgsql's Keepalive sends a query after N idle seconds; TCP keepalives after N idle seconds find a
      // dead peer just as well.
      const seconds = Number(value);
      if (seconds > 0) {
        kw.keepalives = '1';
        kw.keepalives_idle = String(seconds);
        warnings.push({ code: 'PARAMETER_APPROXIMATED', keyword: pair.key, position: pair.position, message: `Npgsql's Keepalive sends a query after ${seconds} idle seconds; TCP keepalives (keepalives_idle=${seconds}) were used instead.` });
      }
    } else if (POOL_KEYS.has(key)) pool.push(pair.key);
    else drop(warnings, pair, 'it has no libpq equivalent');
  }

  if (hostPair) Object.assign(kw, hostsAndPorts(hostPair.value, kw.port));
  if (searchPath !== undefined) kw.options = appendSearchPath(kw.options, searchPath);
  if (trustServerCertificate && TRUE.has(trustServerCertificate.value.toLowerCase())) {
    if (kw.sslmode === 'verify-ca' || kw.sslmode === 'verify-full') {
      warnings.push({ code: 'PARAMETER_DROPPED', keyword: trustServerCertificate.key, position: trustServerCertificate.position, message: `Trust Server Certificate contradicts SSL Mode=${kw.sslmode}; the certificate will be verified.` });
    } else if (kw.sslmode !== 'disable' && kw.sslmode !== 'allow') {
      // Without a certificate check, Npgsql's "trust" is libpq's require (or prefer, when SSL Mode says so).
      kw.sslmode ??= 'require';
    }
  }
  if (pool.length > 0) {
    warnings.push({ code: 'POOL_SETTINGS_IGNORED', message: `Connection pool settings are not part of a connection profile and were ignored: ${pool.join(', ')}.` });
  }
  return { ok: true, keywords: orderConnInfo(kw), warnings };
}

function drop(warnings: ParseWarning[], pair: Pair, why: string) {
  warnings.push({ code: 'PARAMETER_DROPPED', keyword: pair.key, position: pair.position, message: `"${pair.key}" was dropped: ${why}` });
}

function libpqKeywordWithoutUnderscores(key: string): string | undefined {
  return LIBPQ_WITHOUT_UNDERSCORES.get(key);
}
const LIBPQ_WITHOUT_UNDERSCORES = new Map(
  ['application_name', 'connect_timeout', 'client_encoding', 'target_session_attrs', 'load_balance_hosts', 'channel_binding',
    'require_auth', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'keepalives_idle', 'keepalives_interval',
    'keepalives_count', 'tcp_user_timeout', 'fallback_application_name'].map((k) => [k.replaceAll('_', ''), k]),
);

/**
 * Npgsql's Host: a comma list whose entries may carry their own port (`h1:5433,[::1]:5434,/var/run/postgresql`).
 * Entries without one use Port, or libpq's default.
 */
function hostsAndPorts(value: string, port: string | undefined): ConnInfo {
  const hosts: string[] = [];
  const ports: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    let host = entry;
    let entryPort = '';
    const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(entry);
    if (bracket) {
      host = bracket[1]!;
      entryPort = bracket[2] ?? '';
    } else if (!entry.startsWith('/') && entry.indexOf(':') === entry.lastIndexOf(':') && entry.includes(':')) {
      // One colon is a port; more than one is an IPv6 address written without brackets.
      host = entry.slice(0, entry.indexOf(':'));
      entryPort = entry.slice(entry.indexOf(':') + 1);
    }
    hosts.push(host);
    ports.push(entryPort || (port ?? ''));
  }
  const out: ConnInfo = { host: hosts.join(',') };
  if (ports.some((p) => p !== '')) out.port = ports.every((p) => p === ports[0]) ? ports[0]! : ports.join(',');
  return out;
}

/**
 * `key=value;` pairs by the rules of .NET's DbConnectionStringBuilder: keys are trimmed and `==` is a literal
 * `=` in a key; a value may be quoted with `"` or `'`, a doubled quote standing for itself; unquoted values
 * run to `;` and are trimmed.
 */
function splitPairs(text: string): Pair[] | { message: string; position: number } {
  const pairs: Pair[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (/\s/.test(text[i]!) || text[i] === ';')) i++;
    if (i >= n) break;
    const keyStart = i;
    let key = '';
    for (;;) {
      if (i >= n || text[i] === ';') return { message: `missing "=" after "${key.trim()}"`, position: keyStart };
      if (text[i] === '=') {
        if (text[i + 1] === '=') {
          key += '=';
          i += 2;
          continue;
        }
        break;
      }
      key += text[i++];
    }
    i++; // '='
    while (i < n && /[ \t]/.test(text[i]!)) i++;
    let value = '';
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const open = i++;
      for (;;) {
        if (i >= n) return { message: 'unterminated quoted value', position: open };
        if (text[i] === quote) {
          if (text[i + 1] === quote) {
            value += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      while (i < n && /\s/.test(text[i]!)) i++;
      if (i < n && text[i] !== ';') return { message: `unexpected text after the quoted value of "${key.trim()}"`, position: i };
    } else {
      const end = text.indexOf(';', i);
      value = text.slice(i, end < 0 ? n : end).trim();
      i = end < 0 ? n : end;
    }
    pairs.push({ key: key.trim(), value, position: keyStart });
  }
  return pairs;
}
