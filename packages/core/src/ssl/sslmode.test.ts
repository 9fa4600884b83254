import { describe, expect, it } from 'vitest';
import { SSL_MODES } from '../profile/profile.js';
import { ENCRYPTED_ONLY_MODES, SSLMODE_SEMANTICS, describeTlsGuarantee, effectiveSslmode } from './sslmode.js';

describe('the sslmode table', () => {
  it('describes every sslmode libpq knows', () => {
    expect(Object.keys(SSLMODE_SEMANTICS).sort()).toEqual([...SSL_MODES].sort());
  });

  it('tries plaintext first with allow and TLS first with prefer', () => {
    expect(SSLMODE_SEMANTICS.allow.attempts).toEqual(['plain', 'tls']);
    expect(SSLMODE_SEMANTICS.prefer.attempts).toEqual(['tls', 'plain']);
    expect(SSLMODE_SEMANTICS.disable.attempts).toEqual(['plain']);
  });

  it('never falls back to plaintext from require, verify-ca or verify-full', () => {
    for (const mode of ENCRYPTED_ONLY_MODES) {
      expect(SSLMODE_SEMANTICS[mode].attempts).toEqual(['tls']);
      expect(SSLMODE_SEMANTICS[mode].fallback).toBeNull();
    }
  });

  it('falls back from prefer when the server declines TLS, the handshake fails or startup errors', () => {
    expect(SSLMODE_SEMANTICS.prefer.fallback).toEqual({
      to: 'plain',
      when: ['server-declines-tls', 'tls-handshake-fails', 'server-error-during-startup'],
    });
    expect(SSLMODE_SEMANTICS.allow.fallback).toEqual({ to: 'tls', when: ['server-error-during-startup'] });
  });

  it('checks the chain in every TLS mode once a root certificate is loaded, and fails verify-* without one', () => {
    for (const mode of ['allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const) {
      expect(SSLMODE_SEMANTICS[mode].chain.withRootCert).toBe(true);
    }
    expect(SSLMODE_SEMANTICS.require.chain.withoutRootCert).toBe('not-checked');
    expect(SSLMODE_SEMANTICS['verify-ca'].chain.withoutRootCert).toBe('connection-fails');
    expect(SSLMODE_SEMANTICS['verify-full'].chain.withoutRootCert).toBe('connection-fails');
  });

  it('checks the host name only in verify-full', () => {
    expect(SSL_MODES.filter((m) => SSLMODE_SEMANTICS[m].hostnameChecked)).toEqual(['verify-full']);
  });

  it('has a one-line summary and an explanation for each mode', () => {
    for (const mode of SSL_MODES) {
      expect(SSLMODE_SEMANTICS[mode].summary).toMatch(/\.$/);
      expect(SSLMODE_SEMANTICS[mode].explanation.length).toBeGreaterThan(SSLMODE_SEMANTICS[mode].summary.length);
    }
  });
});

describe('effectiveSslmode', () => {
  it('defaults to prefer, and to verify-full with the system trust store', () => {
    expect(effectiveSslmode({})).toBe('prefer');
    expect(effectiveSslmode({ rootCert: 'system' })).toBe('verify-full');
  });

  it('treats require with a root certificate as verify-ca', () => {
    expect(effectiveSslmode({ sslmode: 'require', rootCert: { path: '/etc/ca.pem' } })).toBe('verify-ca');
    expect(effectiveSslmode({ sslmode: 'require' }, { homeRootCert: true })).toBe('verify-ca');
    expect(effectiveSslmode({ sslmode: 'require' })).toBe('require');
  });

  it('keeps an explicit mode otherwise', () => {
    expect(effectiveSslmode({ sslmode: 'verify-full', rootCert: 'system' })).toBe('verify-full');
    expect(effectiveSslmode({ sslmode: 'prefer', rootCert: { pem: 'x' } })).toBe('prefer');
  });
});

describe('describeTlsGuarantee', () => {
  it('says disable is never encrypted', () => {
    expect(describeTlsGuarantee({ sslmode: 'disable' })).toMatchObject({ encryption: 'never', serverVerified: false, nameChecked: false });
  });

  it('says prefer can be downgraded even with a root certificate', () => {
    const guarantee = describeTlsGuarantee({ sslmode: 'prefer', rootCert: { pem: 'x' } });
    expect(guarantee).toMatchObject({ encryption: 'if-offered', serverVerified: false, nameChecked: false });
    expect(guarantee.headline).toMatch(/attacker can force a plaintext connection/);
    expect(guarantee.details.join(' ')).toMatch(/falls back to plaintext/);
  });

  it('says require without a root certificate encrypts but does not verify', () => {
    const guarantee = describeTlsGuarantee({ sslmode: 'require' });
    expect(guarantee).toMatchObject({ encryption: 'always', serverVerified: false, nameChecked: false });
    expect(guarantee.headline).toMatch(/not verified/);
  });

  it('says require with a root certificate verifies the CA, as verify-ca', () => {
    const guarantee = describeTlsGuarantee({ sslmode: 'require', rootCert: { path: '/ca.pem' } });
    expect(guarantee).toMatchObject({ encryption: 'always', serverVerified: true, nameChecked: false });
    expect(guarantee.details.join(' ')).toMatch(/behaves|as verify-ca/);
  });

  it('says verify-full with the system trust store verifies the server and its name', () => {
    expect(describeTlsGuarantee({ sslmode: 'verify-full', rootCert: 'system' })).toMatchObject({ encryption: 'always', serverVerified: true, nameChecked: true, details: [] });
  });

  it('warns that verify-full without a root certificate needs ~/.postgresql/root.crt', () => {
    expect(describeTlsGuarantee({ sslmode: 'verify-full' }).details.join(' ')).toMatch(/root\.crt/);
    expect(describeTlsGuarantee({ sslmode: 'verify-full' }, { homeRootCert: true }).details).toEqual([]);
  });

  it('says a Unix socket is never encrypted, whatever the sslmode', () => {
    expect(describeTlsGuarantee({ sslmode: 'verify-full', rootCert: 'system' }, { hosts: [{ host: '/var/run/postgresql' }] }))
      .toMatchObject({ encryption: 'never', serverVerified: false, nameChecked: false });
    const mixed = describeTlsGuarantee({ sslmode: 'verify-full', rootCert: 'system' }, { hosts: [{ host: '/tmp' }, { host: 'db.example.com' }] });
    expect(mixed.encryption).toBe('always');
    expect(mixed.details.join(' ')).toMatch(/Socket hosts/);
  });
});
