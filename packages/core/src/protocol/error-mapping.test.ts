import { describe, expect, it } from 'vitest';
import { codeFromNodeError, codeFromSqlState, NODE_ERROR_CODES, SQLSTATE_CODES } from './error-mapping.js';
import { isErrorCode } from './errors.js';

describe('codeFromSqlState', () => {
  it.each([
    ['28P01', 'password authentication failed for user "alice"', 'PG_AUTH_FAILED'],
    ['28000', 'no pg_hba.conf entry for host "10.0.0.9", user "alice", database "orders", SSL encryption', 'PG_NO_HBA_ENTRY'],
    ['28000', 'no pg_hba.conf entry for host "10.0.0.9", user "alice", database "orders", no encryption', 'PG_NO_HBA_ENTRY_PLAINTEXT'],
    ['28000', 'no pg_hba.conf entry for host "[local]", user "alice", database "orders", no encryption', 'PG_NO_HBA_ENTRY'],
    ['28000', 'role "bob" does not exist', 'PG_ROLE_NOT_FOUND'],
    ['28000', 'role "readers" is not permitted to log in', 'PG_ROLE_CANNOT_LOGIN'],
    ['28000', 'connection requires a valid client certificate', 'TLS_CLIENT_CERT_REQUIRED'],
    ['28000', 'certificate authentication failed for user "alice"', 'TLS_CLIENT_CERT_REJECTED'],
    ['3D000', 'database "ordrs" does not exist', 'PG_DATABASE_NOT_FOUND'],
    ['53300', 'sorry, too many clients already', 'PG_TOO_MANY_CONNECTIONS'],
    ['57P03', 'the database system is starting up', 'PG_SERVER_STARTING'],
    ['57P03', 'the database system is shutting down', 'PG_SERVER_SHUTTING_DOWN'],
    ['57P03', 'the database system is not accepting connections', 'PG_STANDBY_NOT_ACCEPTING'],
    ['57P03', 'the database system is not yet accepting connections', 'PG_SERVER_STARTING'],
    ['57P01', 'terminating connection due to administrator command', 'PG_CONNECTION_TERMINATED'],
    ['42501', 'permission denied for database orders', 'PG_CONNECT_PRIVILEGE_MISSING'],
    ['42501', 'permission denied for table invoices', 'PG_PERMISSION_DENIED'],
    ['55000', 'database "template0" is not currently accepting connections', 'PG_DATABASE_NOT_ACCEPTING'],
    ['57014', 'canceling statement due to statement timeout', 'PG_QUERY_CANCELED'],
    ['25006', 'cannot execute INSERT in a read-only transaction', 'PG_READ_ONLY_VIOLATION'],
    ['08P01', 'invalid startup packet layout', 'PG_PROTOCOL_ERROR'],
    ['08001', 'could not connect', 'NET_CONNECT_FAILED'],
    ['42P01', 'relation "x" does not exist', 'PG_SERVER_ERROR'],
  ] as const)('maps %s "%s" to %s', (sqlstate, message, code) => {
    expect(codeFromSqlState(sqlstate, message)).toBe(code);
  });

  it('never claims the server requires TLS from a plaintext refusal alone: a role with no pg_hba line gets the same message', () => {
    const refusal = 'no pg_hba.conf entry for host "127.0.0.1", user "alice", database "orders", no encryption';
    expect(codeFromSqlState('28000', refusal)).not.toBe('TLS_REQUIRED_BY_SERVER');
  });

  it('keeps the general code when the server message is translated', () => {
    expect(codeFromSqlState('28000', 'aucune entrée dans pg_hba.conf')).toBe('PG_NO_HBA_ENTRY');
  });

  it('blames the cloud token, not a password, when IAM or Entra login is rejected', () => {
    expect(codeFromSqlState('28P01', 'PAM authentication failed for user "alice"', 'awsIam')).toBe('AWS_TOKEN_REJECTED');
    expect(codeFromSqlState('28P01', 'password authentication failed', 'entra')).toBe('ENTRA_TOKEN_REJECTED');
    expect(codeFromSqlState('28P01', 'password authentication failed', 'password')).toBe('PG_AUTH_FAILED');
  });

  it('maps only to codes in the table', () => {
    for (const code of Object.values(SQLSTATE_CODES)) expect(isErrorCode(code)).toBe(true);
  });
});

describe('codeFromNodeError', () => {
  it.each([
    ['ECONNREFUSED', 'NET_REFUSED'],
    ['ENOTFOUND', 'NET_DNS_UNKNOWN_HOST'],
    ['EAI_AGAIN', 'NET_DNS_FAILED'],
    ['ETIMEDOUT', 'NET_TIMEOUT'],
    ['EHOSTUNREACH', 'NET_UNREACHABLE'],
    ['ECONNRESET', 'NET_RESET'],
    ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
    ['CERT_NOT_YET_VALID', 'TLS_CERT_NOT_YET_VALID'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_CERT_UNTRUSTED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_CERT_UNTRUSTED'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_CERT_UNTRUSTED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_CERT_NAME_MISMATCH'],
    ['ERR_OSSL_BAD_DECRYPT', 'TLS_KEY_PASSPHRASE_WRONG'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'TLS_CLIENT_CERT_REQUIRED'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_HANDSHAKE_FAILED'],
  ] as const)('maps %s to %s', (nodeCode, code) => {
    expect(codeFromNodeError(nodeCode)).toBe(code);
  });

  it('has no opinion on codes it does not list, inherited names included', () => {
    expect(codeFromNodeError('EWHATEVER')).toBeUndefined();
    expect(codeFromNodeError('constructor')).toBeUndefined();
    expect(codeFromNodeError('__proto__')).toBeUndefined();
  });

  it('maps only to codes in the table', () => {
    for (const code of Object.values(NODE_ERROR_CODES)) expect(isErrorCode(code)).toBe(true);
  });
});
