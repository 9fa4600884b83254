import { DEFAULT_CONNECT_TIMEOUT_SECONDS } from './defaults.js';
import { isSecretKeyword } from '../conninfo/keywords.js';
import type { ConnInfo, ParsedSecrets, ParseWarning, ProfileFields } from '../conninfo/types.js';
import type { ClientSettings, HostPort, SslSettings } from './profile.js';
import { SSL_MODES, TARGET_SESSION_ATTRS, TLS_VERSIONS } from './profile.js';

export interface ProfileFromKeywords {
  profile: ProfileFields;
  secrets: ParsedSecrets;
  warnings: ParseWarning[];
}

/** Keywords that have a home in the profile; every other one is kept in `extra`. */
const MAPPED = new Set([
  'service', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout', 'dbname', 'host', 'hostaddr',
  'port', 'client_encoding', 'options', 'application_name', 'keepalives', 'keepalives_idle', 'sslmode',
  'sslnegotiation', 'sslcert', 'sslkey', 'sslcertmode', 'sslpassword', 'sslrootcert', 'sslcrl', 'sslsni',
  'require_auth', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'gssencmode', 'target_session_attrs',
  'load_balance_hosts',
]);

/**
 * Turns a libpq keyword map into profile fields, keeping libpq's meaning: a keyword the string did not set
 * takes libpq's default (sslmode `prefer`, or `verify-full` with `sslrootcert=system`; no connect timeout),
 * and values libpq would refuse at connect time are reported as warnings with libpq's words. Passwords and
 * other credentials go to `secrets`; keywords the profile has no field for go to `extra`.
 */
export function profileFromKeywords(keywords: ConnInfo): ProfileFromKeywords {
  const warnings: ParseWarning[] = [];
  const get = (keyword: string): string | undefined => (Object.hasOwn(keywords, keyword) ? keywords[keyword] : undefined);
  const invalid = (keyword: string, value: string, what = keyword) =>
    warnings.push({ code: 'INVALID_VALUE', keyword, message: `libpq will refuse to connect: invalid ${what} value: "${value}"` });
  const oneOf = <T extends string>(keyword: string, allowed: readonly T[]): T | undefined => {
    const value = get(keyword);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    invalid(keyword, value);
    return undefined;
  };
  const integer = (keyword: string): number | undefined => {
    const value = get(keyword);
    if (value === undefined) return undefined;
    // libpq's parse_int_param: an integer, optionally surrounded by whitespace.
    if (/^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    warnings.push({ code: 'INVALID_VALUE', keyword, message: `libpq will refuse to connect: invalid integer value "${value}" for connection option "${keyword}"` });
    return undefined;
  };

  const { hosts, hostaddr } = hostList(get('host'), get('hostaddr'), get('port'), warnings);

  const rootCert = get('sslrootcert');
  const explicitSslmode = oneOf('sslmode', SSL_MODES);
  const ssl: SslSettings = {
    // libpq raises the default to verify-full when the system trust store is asked for.
    sslmode: explicitSslmode ?? (get('sslmode') === undefined && rootCert === 'system' ? 'verify-full' : 'prefer'),
  };
  if (rootCert !== undefined) ssl.rootCert = rootCert === 'system' ? 'system' : { path: rootCert };
  const sslcert = get('sslcert');
  if (sslcert !== undefined) ssl.clientCert = { path: sslcert };
  const sslkey = get('sslkey');
  if (sslkey !== undefined) ssl.clientKey = { path: sslkey };
  const sslcrl = get('sslcrl');
  if (sslcrl !== undefined) ssl.crl = { path: sslcrl };
  if (get('sslpassword')) ssl.hasSslPassword = true;
  const negotiation = oneOf('sslnegotiation', ['postgres', 'direct'] as const);
  if (negotiation) ssl.sslnegotiation = negotiation;
  const minTls = tlsVersion(get('ssl_min_protocol_version'), 'ssl_min_protocol_version', warnings);
  if (minTls) ssl.minTlsVersion = minTls;
  const maxTls = tlsVersion(get('ssl_max_protocol_version'), 'ssl_max_protocol_version', warnings);
  if (maxTls) ssl.maxTlsVersion = maxTls;
  const sni = get('sslsni');
  // libpq sends SNI exactly when the value starts with "1".
  if (sni !== undefined) ssl.sni = sni.startsWith('1');
  const certMode = oneOf('sslcertmode', ['disable', 'allow', 'require'] as const);
  if (certMode) ssl.certMode = certMode;
  const channelBinding = oneOf('channel_binding', ['disable', 'prefer', 'require'] as const);
  if (channelBinding) ssl.channelBinding = channelBinding;

  const connectTimeout = integer('connect_timeout');
  const client: ClientSettings = {
    applicationName: get('application_name') ?? '',
    // libpq waits for ever when connect_timeout is unset; a dialog that hangs for ever on a dead host is the
    // complaint users have most, so an unset timeout gets the product default. An explicit 0 (or less) still
    // means "wait for ever", as in libpq.
    connectTimeoutSeconds: connectTimeout === undefined ? DEFAULT_CONNECT_TIMEOUT_SECONDS : Math.max(0, connectTimeout),
    copilotAccessMode: 'global',
  };
  const options = get('options');
  if (options !== undefined) client.options = options;
  const clientEncoding = get('client_encoding');
  if (clientEncoding !== undefined) client.clientEncoding = clientEncoding;
  const tsa = oneOf('target_session_attrs', TARGET_SESSION_ATTRS);
  if (tsa) client.targetSessionAttrs = tsa;
  const lbh = oneOf('load_balance_hosts', ['disable', 'random'] as const);
  if (lbh) client.loadBalanceHosts = lbh;
  const keepalives = integer('keepalives');
  if (keepalives !== undefined) client.keepalives = keepalives !== 0;
  const keepalivesIdle = integer('keepalives_idle');
  if (keepalivesIdle !== undefined) client.keepalivesIdleSeconds = keepalivesIdle;
  const requireAuth = get('require_auth');
  if (requireAuth !== undefined) client.requireAuth = requireAuth;
  const gssencmode = oneOf('gssencmode', ['disable', 'prefer', 'require'] as const);
  if (gssencmode) client.gssencmode = gssencmode;

  // An empty user, database or password means the same to libpq as none at all.
  const user = get('user') || undefined;
  const passfile = get('passfile');
  const profile: ProfileFields = {
    mode: 'connectionString',
    hosts,
    auth: passfile !== undefined ? { type: 'pgpass', user: user ?? '', passfile } : { type: 'password', user: user ?? '', savePassword: false },
    ssl,
    client,
  };
  if (hostaddr) profile.hostaddr = hostaddr;
  const database = get('dbname');
  if (database) profile.database = database;
  const service = get('service');
  if (service !== undefined) profile.service = service;

  const secrets: ParsedSecrets = {};
  const password = get('password');
  if (password) secrets.password = password;
  const sslpassword = get('sslpassword');
  if (sslpassword) secrets.sslpassword = sslpassword;

  const extra: Record<string, string> = {};
  for (const [keyword, value] of Object.entries(keywords)) {
    if (MAPPED.has(keyword)) continue;
    if (isSecretKeyword(keyword)) (secrets.keywords ??= {})[keyword] = value;
    else extra[keyword] = value;
  }
  if (Object.keys(extra).length > 0) profile.extra = extra;

  return { profile, secrets, warnings };
}

/**
 * libpq's host, hostaddr and port lists as profile entries. The host count is the hostaddr count when
 * hostaddr is set, else the host count; one port applies to every host, otherwise there must be one per host.
 */
function hostList(
  host: string | undefined,
  hostaddr: string | undefined,
  port: string | undefined,
  warnings: ParseWarning[],
): { hosts: HostPort[]; hostaddr?: string[] } {
  const addrs = hostaddr ? hostaddr.split(',') : undefined;
  const names = host !== undefined ? host.split(',') : [];
  const ports = port !== undefined ? port.split(',') : [];
  const count = addrs?.length ?? (host !== undefined ? names.length : ports.length > 0 ? 1 : 0);
  if (addrs && host !== undefined && host !== '' && names.length !== addrs.length) {
    warnings.push({
      code: 'HOST_COUNT_MISMATCH',
      keyword: 'hostaddr',
      message: `libpq will refuse to connect: could not match ${names.length} host names to ${addrs.length} hostaddr values`,
    });
  }
  if (ports.length > 1 && ports.length !== count) {
    warnings.push({
      code: 'PORT_COUNT_MISMATCH',
      keyword: 'port',
      message: `libpq will refuse to connect: could not match ${ports.length} port numbers to ${count} hosts`,
    });
  }
  const portNumbers = ports.map((text) => {
    if (text === '') return undefined;
    const trimmed = text.trim();
    const number = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (number >= 1 && number <= 65535) return number;
    warnings.push({ code: 'INVALID_VALUE', keyword: 'port', message: `libpq will refuse to connect: invalid port number: "${text}"` });
    return undefined;
  });
  const hosts: HostPort[] = [];
  for (let i = 0; i < count; i++) {
    const entry: HostPort = { host: names[i] ?? '' };
    const p = portNumbers.length === 1 ? portNumbers[0] : portNumbers[i];
    if (p !== undefined) entry.port = p;
    hosts.push(entry);
  }
  return addrs ? { hosts, hostaddr: addrs } : { hosts };
}

/** libpq compares TLS version names case-insensitively; the profile keeps the canonical spelling. */
function tlsVersion(value: string | undefined, keyword: string, warnings: ParseWarning[]) {
  if (value === undefined || value === '') return undefined;
  const version = TLS_VERSIONS.find((v) => v.toLowerCase() === value.toLowerCase());
  if (!version) warnings.push({ code: 'INVALID_VALUE', keyword, message: `libpq will refuse to connect: invalid ${keyword} value: "${value}"` });
  return version;
}
