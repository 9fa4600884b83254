/**
 * How library errors become pgconnect codes, as data. The bridge translates at its edge, once: it looks up
 * a PostgreSQL SQLSTATE or a Node `err.code` here and throws a `BridgeError`. Keeping the tables in core lets
 * the page and the tests read the same mapping without Node.
 */
import type { AuthType } from '../profile/profile.js';
import type { ErrorCode } from './errors.js';

/** SQLSTATEs with one meaning, whatever the server's message says. */
export const SQLSTATE_CODES: Readonly<Record<string, ErrorCode>> = {
  '28P01': 'PG_AUTH_FAILED', // invalid_password
  '28000': 'PG_NO_HBA_ENTRY', // invalid_authorization_specification; refined below
  '3D000': 'PG_DATABASE_NOT_FOUND', // invalid_catalog_name
  '53300': 'PG_TOO_MANY_CONNECTIONS', // too_many_connections (also "slots reserved" for superusers)
  '57P03': 'PG_SERVER_STARTING', // cannot_connect_now; refined below
  '57P01': 'PG_CONNECTION_TERMINATED', // admin_shutdown
  '57P02': 'PG_CONNECTION_TERMINATED', // crash_shutdown
  '57P05': 'PG_CONNECTION_TERMINATED', // idle_session_timeout
  '25P03': 'PG_CONNECTION_TERMINATED', // idle_in_transaction_session_timeout
  '08006': 'PG_CONNECTION_LOST', // connection_failure
  '08P01': 'PG_PROTOCOL_ERROR', // protocol_violation
  '57014': 'PG_QUERY_CANCELED', // query_canceled (statement_timeout, pg_cancel_backend)
  '25006': 'PG_READ_ONLY_VIOLATION', // read_only_sql_transaction
  '42501': 'PG_PERMISSION_DENIED', // insufficient_privilege; refined below
};

/**
 * Some SQLSTATEs cover several situations a user must handle differently; the server's primary message
 * tells them apart. PostgreSQL translates messages with `lc_messages`, so these patterns only refine the
 * English text — a translated message keeps the SQLSTATE's general code, which is still correct.
 */
const MESSAGE_REFINEMENTS: readonly { sqlstate: string; pattern: RegExp; code: ErrorCode }[] = [
  // "no pg_hba.conf entry for host …, no encryption": the server found no line for an unencrypted TCP
  // connection. That is what a hostssl-only pg_hba.conf says, and also what it says to a role with no line at
  // all — the server cannot tell the two apart, so neither can this table. Only a TLS attempt that then gets in
  // proves TLS is required (the connect engine knows when it has made one). Over a Unix socket ("[local]") TLS
  // is impossible, so the message means no entry at all and keeps the general code.
  { sqlstate: '28000', pattern: /no pg_hba\.conf entry for host "(?!\[local\]")[^"]*".*no encryption/, code: 'PG_NO_HBA_ENTRY_PLAINTEXT' },
  { sqlstate: '28000', pattern: /^role ".*" does not exist/, code: 'PG_ROLE_NOT_FOUND' },
  { sqlstate: '28000', pattern: /is not permitted to log in/, code: 'PG_ROLE_CANNOT_LOGIN' },
  { sqlstate: '28000', pattern: /requires a valid client certificate/, code: 'TLS_CLIENT_CERT_REQUIRED' },
  { sqlstate: '28000', pattern: /certificate authentication failed|authenticated user name .* do not match/, code: 'TLS_CLIENT_CERT_REJECTED' },
  { sqlstate: '57P03', pattern: /shutting down/, code: 'PG_SERVER_SHUTTING_DOWN' },
  // A warm standby (hot_standby off) says "not accepting connections"; one still short of a consistent state
  // says "not yet accepting connections", and one starting "starting up": those two will let us in soon.
  { sqlstate: '57P03', pattern: /is not accepting connections/, code: 'PG_STANDBY_NOT_ACCEPTING' },
  { sqlstate: '42501', pattern: /permission denied for database|does not have CONNECT privilege/, code: 'PG_CONNECT_PRIVILEGE_MISSING' },
  { sqlstate: '55000', pattern: /is not currently accepting connections/, code: 'PG_DATABASE_NOT_ACCEPTING' },
];

/**
 * The code for a PostgreSQL error. With a cloud token as the password, a rejected password means the token
 * was refused (missing rds_iam grant, Entra not enabled, wrong principal), which needs a different hint.
 */
export function codeFromSqlState(sqlstate: string, serverMessage = '', authType?: AuthType): ErrorCode {
  if (sqlstate === '28P01' && authType === 'awsIam') return 'AWS_TOKEN_REJECTED';
  if (sqlstate === '28P01' && authType === 'entra') return 'ENTRA_TOKEN_REJECTED';
  const refined = MESSAGE_REFINEMENTS.find((r) => r.sqlstate === sqlstate && r.pattern.test(serverMessage));
  if (refined) return refined.code;
  const direct = lookup(SQLSTATE_CODES, sqlstate);
  if (direct) return direct;
  // Class 08 is "connection exception": whatever the detail, the connection did not come up.
  if (sqlstate.startsWith('08')) return 'NET_CONNECT_FAILED';
  return 'PG_SERVER_ERROR';
}

/**
 * Node `err.code` values from `net`, `dns` and `tls` (OpenSSL verification codes as Node reports them).
 * Codes not listed here have no better meaning than the stage they happened in; the bridge chooses then.
 */
export const NODE_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  /* DNS: getaddrinfo */
  ENOTFOUND: 'NET_DNS_UNKNOWN_HOST',
  EAI_NONAME: 'NET_DNS_UNKNOWN_HOST',
  EAI_NODATA: 'NET_DNS_UNKNOWN_HOST',
  EAI_AGAIN: 'NET_DNS_FAILED',
  EAI_FAIL: 'NET_DNS_FAILED',
  /* TCP */
  ECONNREFUSED: 'NET_REFUSED',
  ETIMEDOUT: 'NET_TIMEOUT',
  EHOSTUNREACH: 'NET_UNREACHABLE',
  ENETUNREACH: 'NET_UNREACHABLE',
  EHOSTDOWN: 'NET_UNREACHABLE',
  EADDRNOTAVAIL: 'NET_UNREACHABLE', // typically an IPv6 address on a host without IPv6
  EAFNOSUPPORT: 'NET_UNREACHABLE',
  ECONNRESET: 'NET_RESET',
  EPIPE: 'NET_RESET',
  ENOENT: 'NET_SOCKET_NOT_FOUND', // connecting to a Unix-domain socket path that does not exist
  /* TLS: server certificate verification */
  CERT_HAS_EXPIRED: 'TLS_CERT_EXPIRED',
  CERT_NOT_YET_VALID: 'TLS_CERT_NOT_YET_VALID',
  CERT_REVOKED: 'TLS_CERT_REVOKED',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS_CERT_UNTRUSTED',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS_CERT_UNTRUSTED',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS_CERT_UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT: 'TLS_CERT_UNTRUSTED',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS_CERT_UNTRUSTED',
  CERT_UNTRUSTED: 'TLS_CERT_UNTRUSTED',
  CERT_SIGNATURE_FAILURE: 'TLS_CERT_UNTRUSTED',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS_CERT_NAME_MISMATCH',
  HOSTNAME_MISMATCH: 'TLS_CERT_NAME_MISMATCH',
  /* TLS: the server's alerts about our client certificate */
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'TLS_CLIENT_CERT_REQUIRED',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'TLS_CLIENT_CERT_REJECTED',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'TLS_CLIENT_CERT_REJECTED',
  /* TLS: loading our own key */
  ERR_OSSL_BAD_DECRYPT: 'TLS_KEY_PASSPHRASE_WRONG',
  ERR_OSSL_EVP_BAD_DECRYPT: 'TLS_KEY_PASSPHRASE_WRONG',
  ERR_OSSL_X509_KEY_VALUES_MISMATCH: 'TLS_CLIENT_KEY_INVALID',
  ERR_OSSL_UNSUPPORTED: 'TLS_CLIENT_KEY_INVALID',
  /* TLS: no common version or cipher, or not TLS at all */
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS_HANDSHAKE_FAILED',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'TLS_HANDSHAKE_FAILED',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'TLS_HANDSHAKE_FAILED',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'TLS_HANDSHAKE_FAILED',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'TLS_HANDSHAKE_FAILED',
};

/** The code for a Node error's `code`, or `undefined` when the table has no opinion. */
export function codeFromNodeError(code: string): ErrorCode | undefined {
  return lookup(NODE_ERROR_CODES, code);
}

/** Own keys only: a library code such as `constructor` must not find `Object.prototype.constructor`. */
function lookup(table: Readonly<Record<string, ErrorCode>>, key: string): ErrorCode | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
