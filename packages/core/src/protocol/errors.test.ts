import { describe, expect, it } from 'vitest';
import { BridgeError, ERROR_CODES, ERROR_TABLE, errorInfo, formatErrorMessage, isErrorCode } from './errors.js';

describe('the error table', () => {
  it.each(ERROR_CODES)('%s has a message and a hint a user can act on', (code) => {
    const info = errorInfo(code);
    expect(formatErrorMessage(info.message).trim()).not.toBe('');
    expect(formatErrorMessage(info.hint).length).toBeGreaterThan(10);
    expect(formatErrorMessage(info.message)).not.toMatch(/[{}]|undefined/);
  });

  it('uses stable, domain-prefixed codes', () => {
    const domains = /^(PARSE|PROFILE|NET|TLS|PG|SSH|AWS|ENTRA|AZURE|SECRET|STORE|IMPORT|ENV|PROTOCOL|BRIDGE)_[A-Z0-9_]+$/;
    for (const code of ERROR_CODES) expect(code).toMatch(domains);
  });

  it('covers the codes the security test list relies on', () => {
    for (const code of [
      'NET_TARGET_NOT_ALLOWED', 'SECRET_SAVED_NOT_APPLICABLE', 'PG_CLEARTEXT_AUTH_REFUSED', 'SSH_HOST_KEY_CHANGED',
      'SSH_HOST_KEY_UNKNOWN', 'BRIDGE_RATE_LIMITED', 'BRIDGE_BUSY', 'PROTOCOL_INVALID_MESSAGE', 'SECRET_KEYCHAIN_UNAVAILABLE',
      'AWS_HOST_NOT_ALLOWED', 'ENTRA_HOST_NOT_ALLOWED', 'ENV_NOT_ALLOWED', 'PG_PASSWORD_REQUIRED', 'BRIDGE_NOT_VERIFIED',
    ]) expect(isErrorCode(code)).toBe(true);
  });

  it('names only profile fields that exist as focus targets', () => {
    const roots = ['hosts', 'database', 'auth', 'ssl', 'ssh', 'client', 'secrets', 'envVar', 'scope', 'groupId'];
    for (const info of Object.values(ERROR_TABLE)) {
      if ('field' in info) expect(roots).toContain(info.field.split(/[.[]/)[0]);
    }
  });

  it('does not mistake inherited names for codes', () => {
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('formatErrorMessage', () => {
  it('fills placeholders from data', () => {
    expect(formatErrorMessage(ERROR_TABLE.NET_REFUSED.message, { host: 'db.example.com', port: 6432 })).toBe(
      'db.example.com refused the connection on port 6432.',
    );
  });

  it('falls back to plain words when data is missing', () => {
    expect(formatErrorMessage(ERROR_TABLE.NET_REFUSED.message)).toBe('The server refused the connection on port 5432.');
    expect(formatErrorMessage(ERROR_TABLE.PG_DATABASE_NOT_FOUND.message)).toBe('The database does not exist.');
    expect(formatErrorMessage(ERROR_TABLE.PG_DATABASE_NOT_FOUND.message, { database: 'orders' })).toBe('The database orders does not exist.');
  });

  it('treats empty and non-text values as missing', () => {
    expect(formatErrorMessage('Host {host|unknown}.', { host: '' })).toBe('Host unknown.');
    expect(formatErrorMessage('Host {host|unknown}.', { host: ['a'] })).toBe('Host unknown.');
  });

  it('leaves the spacing inside values alone', () => {
    expect(formatErrorMessage('Error: {serverMessage}.', { serverMessage: 'a  b .c' })).toBe('Error: a  b .c.');
  });

  it('does not read inherited properties as data', () => {
    expect(formatErrorMessage('{constructor|none}', {})).toBe('none');
  });
});

describe('BridgeError', () => {
  it('takes its message and hint from the table', () => {
    const error = new BridgeError('PG_AUTH_FAILED', { data: { user: 'alice' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BridgeError');
    expect(error.code).toBe('PG_AUTH_FAILED');
    expect(error.message).toBe('Password authentication failed for alice.');
    expect(error.hint).toBe(ERROR_TABLE.PG_AUTH_FAILED.hint);
  });

  it('serialises to the wire shape, without its cause', () => {
    const cause = Object.assign(new Error('boom'), { connectionParameters: { password: 'canary-pw' } });
    const error = new BridgeError('SSH_HOST_KEY_CHANGED', {
      data: { host: 'bastion', expected: 'SHA256:old', received: 'SHA256:new' },
      cause,
    });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toEqual({
      code: 'SSH_HOST_KEY_CHANGED',
      message: 'The host key of bastion has changed: expected SHA256:old, received SHA256:new.',
      hint: ERROR_TABLE.SSH_HOST_KEY_CHANGED.hint,
      data: { host: 'bastion', expected: 'SHA256:old', received: 'SHA256:new' },
    });
    expect(JSON.stringify(error)).not.toContain('canary-pw');
    expect(error.cause).toBe(cause);
  });

  it('omits data when there is none', () => {
    expect(new BridgeError('BRIDGE_BUSY').toJSON()).toEqual({
      code: 'BRIDGE_BUSY',
      message: 'The bridge is already running the maximum number of connection attempts for this page.',
      hint: ERROR_TABLE.BRIDGE_BUSY.hint,
    });
  });

  it('keeps an explicit message and hint', () => {
    const error = new BridgeError('PROTOCOL_INVALID_MESSAGE', { message: 'profile.port must be at most 65535', hint: 'fix it' });
    expect(error.toJSON()).toEqual({ code: 'PROTOCOL_INVALID_MESSAGE', message: 'profile.port must be at most 65535', hint: 'fix it' });
  });

  it('round-trips through its payload', () => {
    const original = new BridgeError('NET_TIMEOUT', { data: { host: 'h', port: 5432, seconds: 10 } });
    const copy = BridgeError.fromPayload(original.toJSON());
    expect(copy.toJSON()).toEqual(original.toJSON());
  });
});
