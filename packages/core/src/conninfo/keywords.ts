import type { ConnInfo } from './types.js';

/** One entry of libpq 18's option table (`PQconninfoOptions` in fe-connect.c). */
export interface LibpqKeyword {
  readonly keyword: string;
  /** The environment variable libpq falls back to when the string does not set the keyword. */
  readonly envVar?: string;
  /** libpq's own label for the option, as `PQconndefaults` reports it. */
  readonly label: string;
  /** The value is a credential: it never goes into a profile, a log line or an error message. */
  readonly secret: boolean;
  /** libpq marks the option "D" (debug): generic dialogs hide it by default. */
  readonly debug: boolean;
}

/**
 * Every keyword libpq 18 knows, in the order of its option table, which is the order `PQconninfoParse`
 * reports them in. Read from libpq 18.0 itself (`PQconndefaults`, and the oracle for the order).
 * `requiressl` is not here: libpq accepts it only as an alias that it stores as `sslmode`.
 */
export const LIBPQ_KEYWORDS = [
  { keyword: 'service', envVar: 'PGSERVICE', label: 'Database-Service', secret: false, debug: false },
  { keyword: 'user', envVar: 'PGUSER', label: 'Database-User', secret: false, debug: false },
  { keyword: 'password', envVar: 'PGPASSWORD', label: 'Database-Password', secret: true, debug: false },
  { keyword: 'passfile', envVar: 'PGPASSFILE', label: 'Database-Password-File', secret: false, debug: false },
  { keyword: 'channel_binding', envVar: 'PGCHANNELBINDING', label: 'Channel-Binding', secret: false, debug: false },
  { keyword: 'connect_timeout', envVar: 'PGCONNECT_TIMEOUT', label: 'Connect-timeout', secret: false, debug: false },
  { keyword: 'dbname', envVar: 'PGDATABASE', label: 'Database-Name', secret: false, debug: false },
  { keyword: 'host', envVar: 'PGHOST', label: 'Database-Host', secret: false, debug: false },
  { keyword: 'hostaddr', envVar: 'PGHOSTADDR', label: 'Database-Host-IP-Address', secret: false, debug: false },
  { keyword: 'port', envVar: 'PGPORT', label: 'Database-Port', secret: false, debug: false },
  { keyword: 'client_encoding', envVar: 'PGCLIENTENCODING', label: 'Client-Encoding', secret: false, debug: false },
  { keyword: 'options', envVar: 'PGOPTIONS', label: 'Backend-Options', secret: false, debug: false },
  { keyword: 'application_name', envVar: 'PGAPPNAME', label: 'Application-Name', secret: false, debug: false },
  { keyword: 'fallback_application_name', label: 'Fallback-Application-Name', secret: false, debug: false },
  { keyword: 'keepalives', label: 'TCP-Keepalives', secret: false, debug: false },
  { keyword: 'keepalives_idle', label: 'TCP-Keepalives-Idle', secret: false, debug: false },
  { keyword: 'keepalives_interval', label: 'TCP-Keepalives-Interval', secret: false, debug: false },
  { keyword: 'keepalives_count', label: 'TCP-Keepalives-Count', secret: false, debug: false },
  { keyword: 'tcp_user_timeout', label: 'TCP-User-Timeout', secret: false, debug: false },
  { keyword: 'sslmode', envVar: 'PGSSLMODE', label: 'SSL-Mode', secret: false, debug: false },
  { keyword: 'sslnegotiation', envVar: 'PGSSLNEGOTIATION', label: 'SSL-Negotiation', secret: false, debug: false },
  { keyword: 'sslcompression', envVar: 'PGSSLCOMPRESSION', label: 'SSL-Compression', secret: false, debug: false },
  { keyword: 'sslcert', envVar: 'PGSSLCERT', label: 'SSL-Client-Cert', secret: false, debug: false },
  { keyword: 'sslkey', envVar: 'PGSSLKEY', label: 'SSL-Client-Key', secret: false, debug: false },
  { keyword: 'sslcertmode', envVar: 'PGSSLCERTMODE', label: 'SSL-Client-Cert-Mode', secret: false, debug: false },
  { keyword: 'sslpassword', label: 'SSL-Client-Key-Password', secret: true, debug: false },
  { keyword: 'sslrootcert', envVar: 'PGSSLROOTCERT', label: 'SSL-Root-Certificate', secret: false, debug: false },
  { keyword: 'sslcrl', envVar: 'PGSSLCRL', label: 'SSL-Revocation-List', secret: false, debug: false },
  { keyword: 'sslcrldir', envVar: 'PGSSLCRLDIR', label: 'SSL-Revocation-List-Dir', secret: false, debug: false },
  { keyword: 'sslsni', envVar: 'PGSSLSNI', label: 'SSL-SNI', secret: false, debug: false },
  { keyword: 'requirepeer', envVar: 'PGREQUIREPEER', label: 'Require-Peer', secret: false, debug: false },
  { keyword: 'require_auth', envVar: 'PGREQUIREAUTH', label: 'Require-Auth', secret: false, debug: false },
  { keyword: 'min_protocol_version', envVar: 'PGMINPROTOCOLVERSION', label: 'Min-Protocol-Version', secret: false, debug: false },
  { keyword: 'max_protocol_version', envVar: 'PGMAXPROTOCOLVERSION', label: 'Max-Protocol-Version', secret: false, debug: false },
  { keyword: 'ssl_min_protocol_version', envVar: 'PGSSLMINPROTOCOLVERSION', label: 'SSL-Minimum-Protocol-Version', secret: false, debug: false },
  { keyword: 'ssl_max_protocol_version', envVar: 'PGSSLMAXPROTOCOLVERSION', label: 'SSL-Maximum-Protocol-Version', secret: false, debug: false },
  { keyword: 'gssencmode', envVar: 'PGGSSENCMODE', label: 'GSSENC-Mode', secret: false, debug: false },
  { keyword: 'krbsrvname', envVar: 'PGKRBSRVNAME', label: 'Kerberos-service-name', secret: false, debug: false },
  { keyword: 'gsslib', envVar: 'PGGSSLIB', label: 'GSS-library', secret: false, debug: false },
  { keyword: 'gssdelegation', envVar: 'PGGSSDELEGATION', label: 'GSS-delegation', secret: false, debug: false },
  { keyword: 'replication', label: 'Replication', secret: false, debug: true },
  { keyword: 'target_session_attrs', envVar: 'PGTARGETSESSIONATTRS', label: 'Target-Session-Attrs', secret: false, debug: false },
  { keyword: 'load_balance_hosts', envVar: 'PGLOADBALANCEHOSTS', label: 'Load-Balance-Hosts', secret: false, debug: false },
  // libpq displays the SCRAM keys as debug options, but each one is enough to authenticate as the user.
  { keyword: 'scram_client_key', label: 'SCRAM-Client-Key', secret: true, debug: true },
  { keyword: 'scram_server_key', label: 'SCRAM-Server-Key', secret: true, debug: true },
  { keyword: 'oauth_issuer', label: 'OAuth-Issuer', secret: false, debug: false },
  { keyword: 'oauth_client_id', label: 'OAuth-Client-ID', secret: false, debug: false },
  { keyword: 'oauth_client_secret', label: 'OAuth-Client-Secret', secret: true, debug: false },
  { keyword: 'oauth_scope', label: 'OAuth-Scope', secret: false, debug: false },
  { keyword: 'sslkeylogfile', label: 'SSL-Key-Log-File', secret: false, debug: true },
] as const satisfies readonly LibpqKeyword[];

export type LibpqKeywordName = (typeof LIBPQ_KEYWORDS)[number]['keyword'];

const byName: ReadonlyMap<string, LibpqKeyword> = new Map(LIBPQ_KEYWORDS.map((k) => [k.keyword, k]));

export function isLibpqKeyword(keyword: string): keyword is LibpqKeywordName {
  return byName.has(keyword);
}

export function libpqKeyword(keyword: string): LibpqKeyword | undefined {
  return byName.get(keyword);
}

/** True for the keywords whose values are credentials (password, sslpassword, oauth_client_secret, SCRAM keys). */
export function isSecretKeyword(keyword: string): boolean {
  return byName.get(keyword)?.secret ?? false;
}

/**
 * The same map with its keys in libpq's option-table order, the order `PQconninfoParse` reports.
 * Keys that are not libpq keywords follow, in their original order, so nothing is lost.
 */
export function orderConnInfo(map: Readonly<Record<string, string>>): ConnInfo {
  const ordered: ConnInfo = {};
  for (const { keyword } of LIBPQ_KEYWORDS) {
    const value = Object.hasOwn(map, keyword) ? map[keyword] : undefined;
    if (value !== undefined) ordered[keyword] = value;
  }
  for (const [key, value] of Object.entries(map)) {
    // defineProperty, because plain assignment of a key such as "__proto__" would not create a property.
    if (!isLibpqKeyword(key)) Object.defineProperty(ordered, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return ordered;
}
