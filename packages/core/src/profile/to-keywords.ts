import { DEFAULT_CONNECT_TIMEOUT_SECONDS } from './defaults.js';
import { orderConnInfo } from '../conninfo/keywords.js';
import type { ConnInfo, ParsedSecrets, ProfileFields } from '../conninfo/types.js';
import type { PemSource } from './profile.js';

/**
 * The libpq keywords that say what a profile says, in libpq's order; the inverse of `profileFromKeywords`.
 * Settings equal to what libpq does when a keyword is absent are left out (sslmode `prefer`, no connect
 * timeout, empty user or database), so the result is as short as it can be while meaning the same.
 *
 * What no keyword can carry is left out: pasted PEM text (libpq reads certificates and keys from files),
 * `ssl.serverName`, SSH, Azure metadata, the auth type beyond `pgpass`, `readOnly` and the Copilot mode.
 * Secrets are included only when given.
 */
export function profileToKeywords(profile: ProfileFields, secrets: ParsedSecrets = {}): ConnInfo {
  const out: Record<string, string> = {};
  const set = (keyword: string, value: string | undefined) => {
    if (value !== undefined) out[keyword] = value;
  };
  const { ssl, client, auth } = profile;

  // Extras first, so that a field the profile does have always wins over a stray copy of it.
  for (const [keyword, value] of Object.entries(profile.extra ?? {})) out[keyword] = value;
  for (const [keyword, value] of Object.entries(secrets.keywords ?? {})) out[keyword] = value;

  set('service', profile.service);
  set('user', auth.user || undefined);
  set('password', secrets.password || undefined);
  if (auth.type === 'pgpass') set('passfile', auth.passfile);
  set('channel_binding', ssl.channelBinding);
  // An absent connect_timeout reads back as the product default, so only another value is written; 0 is
  // written out, since leaving it out would no longer mean "wait for ever".
  const timeout = Math.max(0, client.connectTimeoutSeconds);
  set('connect_timeout', timeout === DEFAULT_CONNECT_TIMEOUT_SECONDS ? undefined : String(timeout));
  set('dbname', profile.database || undefined);
  Object.assign(out, hostKeywords(profile));
  set('client_encoding', client.clientEncoding);
  set('options', client.options);
  set('application_name', client.applicationName || undefined);
  set('keepalives', client.keepalives === undefined ? undefined : client.keepalives ? '1' : '0');
  set('keepalives_idle', client.keepalivesIdleSeconds?.toString());
  // libpq's default is prefer, unless sslrootcert=system raises it to verify-full.
  if (ssl.sslmode !== 'prefer' || ssl.rootCert === 'system') set('sslmode', ssl.sslmode);
  set('sslnegotiation', ssl.sslnegotiation);
  set('sslcert', pathOf(ssl.clientCert));
  set('sslkey', pathOf(ssl.clientKey));
  set('sslcertmode', ssl.certMode);
  set('sslpassword', secrets.sslpassword || undefined);
  set('sslrootcert', ssl.rootCert === 'system' ? 'system' : pathOf(ssl.rootCert));
  set('sslcrl', pathOf(ssl.crl));
  set('sslsni', ssl.sni === undefined ? undefined : ssl.sni ? '1' : '0');
  set('require_auth', client.requireAuth);
  set('ssl_min_protocol_version', ssl.minTlsVersion);
  set('ssl_max_protocol_version', ssl.maxTlsVersion);
  set('gssencmode', client.gssencmode);
  set('target_session_attrs', client.targetSessionAttrs);
  set('load_balance_hosts', client.loadBalanceHosts);
  return orderConnInfo(out);
}

/**
 * host, hostaddr and port for a host list. One port is written once; ports that differ are written per host,
 * an empty entry meaning the default. A single default host is libpq's default and needs no keyword.
 */
function hostKeywords({ hosts, hostaddr }: ProfileFields): ConnInfo {
  const out: ConnInfo = {};
  const named = hosts.some((h) => h.host !== '');
  if (named || (!hostaddr?.length && hosts.length > 1)) out.host = hosts.map((h) => h.host).join(',');
  if (hostaddr?.length) out.hostaddr = hostaddr.join(',');
  const ports = hosts.map((h) => h.port);
  if (ports.some((p) => p !== undefined)) {
    const first = ports[0];
    out.port = ports.every((p) => p === first) ? String(first) : ports.map((p) => p?.toString() ?? '').join(',');
  }
  return out;
}

function pathOf(source: PemSource | 'system' | undefined): string | undefined {
  return source !== undefined && source !== 'system' && 'path' in source ? source.path : undefined;
}
