import { describe, expect, it } from 'vitest';
import { BridgeError, createProfile, type ConnectionProfile } from '@pgconnect/core';
import { createSigningKey, signJwt } from '../testing/jwt.js';
import { ENTRA_CLOUDS } from './clouds.js';
import { pageTokenPassword } from './page-token.js';

const key = createSigningKey();
const SERVER = 'contoso-pg.postgres.database.azure.com';
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
const token = (claims: Record<string, unknown>) => signJwt({ aud: 'https://ossrdbms-aad.database.windows.net', exp: T0 / 1000 + 3600, upn: 'alice@contoso.example', ...claims }, key);
const profile = (patch: Partial<ConnectionProfile> = {}): ConnectionProfile =>
  createProfile({
    hosts: [{ host: SERVER, port: 5432 }],
    auth: { type: 'entra', account: 'page-account', tenant: '', user: 'alice@contoso.example' },
    ssl: { sslmode: 'verify-full' },
    ...patch,
  });
const at = (host: string) => ({ host, port: 5432, user: 'alice@contoso.example', database: 'postgres' });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof BridgeError ? error.code : String(error);
  }
  return undefined;
};

describe('pageTokenPassword', () => {
  it('hands the page token to the engine as the password and reports its expiry', async () => {
    const issued: Date[] = [];
    const jwt = token({});
    const provider = pageTokenPassword(profile(), jwt, { now: () => T0 }, { onToken: (t) => issued.push(t.expiresAt) });
    expect(await provider(at(SERVER))).toBe(jwt);
    expect(issued).toEqual([new Date(T0 + 3_600_000)]);
  });

  it('fails new pooled connections with ENTRA_TOKEN_EXPIRED once the token has run out', () => {
    let now = T0;
    const provider = pageTokenPassword(profile(), token({}), { now: () => now });
    now = T0 + 3_600_000;
    expect(codeOf(() => provider(at(SERVER)))).toBe('ENTRA_TOKEN_EXPIRED');
  });

  it('refuses a token for another audience, and one for another cloud than the bridge serves', () => {
    expect(codeOf(() => pageTokenPassword(profile(), token({ aud: 'https://management.azure.com' }), { now: () => T0 }))).toBe('ENTRA_TOKEN_REJECTED');
    const usgov = token({ aud: 'https://ossrdbms-aad.database.usgovcloudapi.net' });
    expect(codeOf(() => pageTokenPassword(profile(), usgov, { cloud: ENTRA_CLOUDS.public, now: () => T0 }))).toBe('ENTRA_TOKEN_REJECTED');
  });

  it('takes the cloud from the audience when the bridge has no Entra configuration', async () => {
    const usgov = token({ aud: 'https://ossrdbms-aad.database.usgovcloudapi.net' });
    const host = 'gov-pg.postgres.database.usgovcloudapi.net';
    const provider = pageTokenPassword(profile({ hosts: [{ host, port: 5432 }] }), usgov, { now: () => T0 });
    expect(await provider(at(host))).toBe(usgov);
    // …and a public-cloud server does not get a US Gov token.
    expect(codeOf(() => pageTokenPassword(profile(), usgov, { now: () => T0 }))).toBe('ENTRA_HOST_NOT_ALLOWED');
  });

  it('refuses what is not a JWT without repeating it', () => {
    try {
      pageTokenPassword(profile(), 'aaaa.bbbb-canary.cccc', { now: () => T0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'ENTRA_TOKEN_REJECTED' });
      expect(JSON.stringify((error as BridgeError).toJSON())).not.toContain('canary');
    }
  });
});
