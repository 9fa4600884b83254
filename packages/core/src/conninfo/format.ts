import { profileToKeywords } from '../profile/to-keywords.js';
import { libpqKeyword } from './keywords.js';
import { shellQuote } from './shell.js';
import type { ConnInfo, OutputFormat, ProfileFields } from './types.js';

export interface FormatOptions {
  /** The password to write, when `includePassword` is set. */
  password?: string;
  includePassword?: boolean;
}

/**
 * Writes a profile as a connection string or command. What each format cannot carry is left out:
 * - uri, keyValue, psql: everything libpq has a keyword for (not pasted PEM text, SSH, Azure, `serverName`).
 * - env: no keywords without an environment variable (keepalives, keepalives_idle and some `extra` keys).
 * - jdbc: TCP hosts only (no socket directories, no `hostaddr`), no client_encoding, sslcrl, sslsni,
 *   sslcertmode, TLS versions, channel_binding, sslnegotiation, require_auth, keepalives_idle, passfile,
 *   `sslrootcert=system`, the read-write/read-only session targets, or `extra`.
 * - npgsql: no hostaddr, service, sslcrl, sslsni, sslcertmode, TLS versions or `sslrootcert=system`, and
 *   only the `extra` keys Npgsql names.
 * - pgpass: host, port, database, user and password only.
 * A timeout of 0 (libpq's "wait for ever") is left out, so JDBC and Npgsql use their own defaults.
 */
export function formatConnectionString(profile: ProfileFields, format: OutputFormat, options: FormatOptions = {}): string {
  const password = options.includePassword && options.password ? options.password : undefined;
  const kw = profileToKeywords(profile, password === undefined ? {} : { password });
  switch (format) {
    case 'uri':
      return formatUri(kw);
    case 'keyValue':
      return formatKeyValue(kw);
    case 'jdbc':
      return formatJdbc(profile, kw);
    case 'npgsql':
      return formatNpgsql(profile, kw);
    case 'psql':
      return formatPsql(kw);
    case 'env':
      return formatEnv(kw);
    case 'pgpass':
      return formatPgpass(profile, password);
  }
}

/** Percent-encodes all but RFC 3986's unreserved characters and the ones `keep` allows raw in that part. */
function encode(value: string, keep: string): string {
  let out = '';
  for (const ch of value) {
    if (/[A-Za-z0-9\-._~]/.test(ch) || keep.includes(ch)) out += ch;
    else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/**
 * What stays raw in each URI part: the sub-delimiters RFC 3986 allows there, minus what libpq splits on
 * (`:` ends a user name, `,` separates hosts, `&` and `=` separate query parameters). A query value encodes
 * `@` because libpq looks for the userinfo's `@` up to the first `/`, past any `?`, and `+` because form
 * decoders read it as a space.
 */
const RAW = {
  user: "!$&'()*+,;=",
  password: "!$&'()*+,;=:",
  host: "!$&'()*+;=",
  dbname: "!$&'()*+,;=:@",
  query: "!$'()*,;:/?",
};

function hostEntry(host: string): string {
  // An IPv6 literal goes in brackets; a zone id's % still has to be encoded.
  return host.includes(':') ? `[${host.replaceAll('%', '%25')}]` : encode(host, RAW.host);
}

/** host and port as the netloc list: one entry per host, each with its port when it has one. */
function netloc(kw: ConnInfo): string {
  const hosts = kw.host !== undefined ? kw.host.split(',') : kw.port !== undefined ? [''] : [];
  const ports = kw.port?.split(',') ?? [];
  return hosts
    .map((host, i) => {
      const port = ports.length === 1 ? ports[0] : ports[i];
      return hostEntry(host) + (port ? `:${port}` : '');
    })
    .join(',');
}

function formatUri(kw: ConnInfo): string {
  const { user, password, host: _host, port: _port, dbname, ...rest } = kw;
  let uri = 'postgresql://';
  if (user !== undefined || password !== undefined) {
    uri += `${encode(user ?? '', RAW.user)}${password !== undefined ? `:${encode(password, RAW.password)}` : ''}@`;
  }
  uri += netloc(kw);
  if (dbname !== undefined) uri += `/${encode(dbname, RAW.dbname)}`;
  const query = Object.entries(rest).map(([k, v]) => `${encode(k, '')}=${encode(v, RAW.query)}`);
  if (query.length > 0) uri += `?${query.join('&')}`;
  return uri;
}

/**
 * libpq key=value: a value is quoted when it is empty or has whitespace, a quote or a backslash, and when it
 * has a `;`, so that the string cannot be taken for semicolon-separated Npgsql pairs.
 */
function quoteKeyValue(value: string): string {
  return value === '' || /[\s'\\;]/.test(value) ? `'${value.replace(/[\\']/g, '\\$&')}'` : value;
}

function formatKeyValue(kw: ConnInfo): string {
  return Object.entries(kw)
    .map(([k, v]) => `${k}=${quoteKeyValue(v)}`)
    .join(' ');
}

const JDBC_TARGETS: Record<string, string> = { any: 'any', primary: 'primary', standby: 'secondary', 'prefer-standby': 'preferSecondary' };

function formatJdbc(profile: ProfileFields, kw: ConnInfo): string {
  const ports = kw.port?.split(',') ?? [];
  const addresses = profile.hosts
    .filter((h) => h.host !== '' && !isSocket(h.host))
    .map((h) => {
      const port = h.port ?? (ports.length === 1 ? ports[0] : undefined);
      return (h.host.includes(':') ? `[${h.host}]` : h.host) + (port ? `:${port}` : '');
    });
  const params: [string, string | undefined][] = [
    ['user', kw.user],
    ['password', kw.password],
    ['sslmode', kw.sslmode === 'prefer' ? undefined : kw.sslmode],
    ['sslrootcert', kw.sslrootcert === 'system' ? undefined : kw.sslrootcert],
    ['sslcert', kw.sslcert],
    ['sslkey', kw.sslkey],
    ['ApplicationName', kw.application_name],
    ['options', kw.options],
    ['connectTimeout', kw.connect_timeout],
    ['targetServerType', kw.target_session_attrs && JDBC_TARGETS[kw.target_session_attrs]],
    ['loadBalanceHosts', kw.load_balance_hosts && String(kw.load_balance_hosts === 'random')],
    ['tcpKeepAlive', kw.keepalives && String(kw.keepalives !== '0')],
    ['gssEncMode', kw.gssencmode],
    ['service', kw.service],
  ];
  // Java's URLDecoder reads + as a space, so everything but unreserved characters is encoded.
  const query = params.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encode(v!, '')}`);
  return `jdbc:postgresql://${addresses.join(',')}/${encode(kw.dbname ?? '', '')}${query.length ? `?${query.join('&')}` : ''}`;
}

const NPGSQL_SSL_MODES: Record<string, string> = {
  disable: 'Disable', allow: 'Allow', prefer: 'Prefer', require: 'Require', 'verify-ca': 'VerifyCA', 'verify-full': 'VerifyFull',
};

/** .NET connection-string quoting: double quotes, doubled inside, when a value could be misread. */
function quoteNpgsql(value: string): string {
  // A leading = would be read as the == that escapes = in a key.
  return /[;"']|^[\s=]|\s$/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
}

function formatNpgsql(profile: ProfileFields, kw: ConnInfo): string {
  const ports = profile.hosts.map((h) => h.port);
  const samePort = ports.every((p) => p === ports[0]);
  const host = profile.hosts
    .map((h) => {
      const name = h.host.includes(':') ? `[${h.host}]` : h.host;
      return !samePort && h.port !== undefined && !isSocket(h.host) ? `${name}:${h.port}` : name;
    })
    .join(',');
  const pairs: [string, string | undefined][] = [
    ['Host', kw.host !== undefined ? host : undefined],
    ['Port', samePort ? ports[0]?.toString() : undefined],
    ['Database', kw.dbname],
    ['Username', kw.user],
    ['Password', kw.password],
    ['Passfile', kw.passfile],
    ['SSL Mode', kw.sslmode && NPGSQL_SSL_MODES[kw.sslmode]],
    ['Root Certificate', kw.sslrootcert === 'system' ? undefined : kw.sslrootcert],
    ['SSL Certificate', kw.sslcert],
    ['SSL Key', kw.sslkey],
    ['SSL Negotiation', kw.sslnegotiation],
    ['Channel Binding', kw.channel_binding],
    ['Application Name', kw.application_name],
    ['Options', kw.options],
    ['Client Encoding', kw.client_encoding],
    ['Timeout', kw.connect_timeout],
    ['Tcp Keepalive', kw.keepalives && String(kw.keepalives !== '0')],
    ['Tcp Keepalive Time', kw.keepalives_idle],
    ['Tcp Keepalive Interval', kw.keepalives_interval],
    ['Target Session Attributes', kw.target_session_attrs],
    ['Load Balance Hosts', kw.load_balance_hosts && String(kw.load_balance_hosts === 'random')],
    ['GSS Encryption Mode', kw.gssencmode],
    ['Require Auth', kw.require_auth],
    ['Kerberos Service Name', kw.krbsrvname],
  ];
  return pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${quoteNpgsql(v!)}`)
    .join(';');
}

function formatPsql(kw: ConnInfo): string {
  const { password, ...rest } = kw;
  const prefix = password !== undefined ? `PGPASSWORD=${shellQuote(password)} ` : '';
  const simple = Object.keys(rest).every((k) => ['host', 'port', 'user', 'dbname'].includes(k));
  // psql reads a database name with "=" or a URI prefix as a whole connection string.
  const dbnameIsPlain = rest.dbname === undefined || !(rest.dbname.includes('=') || /^postgres(ql)?:\/\//.test(rest.dbname));
  if (simple && dbnameIsPlain) {
    const flags: [string, string | undefined][] = [['-h', rest.host], ['-p', rest.port], ['-U', rest.user], ['-d', rest.dbname]];
    const args = flags.filter(([, v]) => v !== undefined && v !== '').map(([f, v]) => `${f} ${shellQuote(v!)}`);
    return `${prefix}psql${args.map((a) => ` ${a}`).join('')}`;
  }
  return `${prefix}psql ${shellQuote(formatKeyValue(rest))}`;
}

function formatEnv(kw: ConnInfo): string {
  return Object.entries(kw)
    .flatMap(([k, v]) => {
      const envVar = libpqKeyword(k)?.envVar;
      return envVar ? [`export ${envVar}=${shellQuote(v)}`] : [];
    })
    .join('\n');
}

/** A `.pgpass` field: `:` and `\` are escaped with a backslash. */
function pgpassField(value: string): string {
  return value.replace(/[:\\]/g, '\\$&');
}

/**
 * One `.pgpass` line per host. libpq looks a socket directory up as "localhost" and an unset port as 5432;
 * an unset database or user matches anything. Without a password the last field is left empty to fill in.
 */
function formatPgpass(profile: ProfileFields, password: string | undefined): string {
  const hosts = profile.hosts.length > 0 ? profile.hosts : [{ host: '' }];
  return hosts
    .map((h) => {
      const host = h.host === '' || isSocket(h.host) ? 'localhost' : h.host;
      const port = 'port' in h && h.port !== undefined ? String(h.port) : '5432';
      const fields = [host, port, profile.database || '*', profile.auth.user || '*'].map((f) => (f === '*' ? f : pgpassField(f)));
      return [...fields, pgpassField(password ?? '')].join(':');
    })
    .join('\n');
}

/** libpq's `is_unixsock_path`: an absolute path or, on Linux, an abstract socket name starting with `@`. */
function isSocket(host: string): boolean {
  return host.startsWith('/') || host.startsWith('@');
}
