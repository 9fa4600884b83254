import { describe, expect, it } from 'vitest';
import { createProfile, defaultSslFor, withDefaultSsl } from './defaults.js';
import { validateProfile } from './validate.js';

describe('createProfile', () => {
  it('starts a new connection with the dialog defaults', () => {
    const profile = createProfile();
    expect(profile.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(profile.hosts).toEqual([{ host: '', port: 5432 }]);
    expect(profile.auth).toEqual({ type: 'password', user: '', savePassword: false });
    expect(profile.client).toEqual({
      applicationName: 'pgconnect',
      connectTimeoutSeconds: 15,
      keepalives: true,
      copilotAccessMode: 'global',
    });
    expect(profile.mode).toBe('parameters');
    expect(profile.scope).toBe('user');
  });

  it('gives every profile its own id', () => {
    expect(createProfile().id).not.toBe(createProfile().id);
  });

  it('uses prefer for a server on this machine', () => {
    expect(createProfile({ hosts: [{ host: 'localhost', port: 5432 }] }).ssl).toEqual({ sslmode: 'prefer' });
    expect(createProfile({ hosts: [{ host: '/var/run/postgresql' }] }).ssl).toEqual({ sslmode: 'prefer' });
  });

  it('uses verify-full against the system trust store for a remote server', () => {
    expect(createProfile({ hosts: [{ host: 'db.example.com', port: 5432 }] }).ssl).toEqual({ sslmode: 'verify-full', rootCert: 'system' });
  });

  it('keeps an sslmode the caller chose, without adding a root certificate', () => {
    const profile = createProfile({ hosts: [{ host: 'db.example.com' }], ssl: { sslmode: 'require' } });
    expect(profile.ssl).toEqual({ sslmode: 'require' });
    expect(validateProfile(profile).filter((i) => i.field.startsWith('ssl'))).toEqual([]);
  });

  it('keeps a root certificate the caller chose and picks the sslmode for the host', () => {
    const rootCert = { pem: '-----BEGIN CERTIFICATE-----' };
    expect(createProfile({ hosts: [{ host: 'db.example.com' }], ssl: { rootCert } }).ssl).toEqual({ sslmode: 'verify-full', rootCert });
    expect(createProfile({ hosts: [{ host: 'localhost' }], ssl: { rootCert } }).ssl).toEqual({ sslmode: 'prefer', rootCert });
  });

  it('follows libpq when only the system trust store is given: verify-full, even for localhost', () => {
    expect(createProfile({ hosts: [{ host: 'localhost' }], ssl: { rootCert: 'system' } }).ssl).toEqual({ sslmode: 'verify-full', rootCert: 'system' });
  });

  it('merges client settings over the defaults', () => {
    const profile = createProfile({ client: { applicationName: 'reports', readOnly: true } });
    expect(profile.client).toMatchObject({ applicationName: 'reports', readOnly: true, connectTimeoutSeconds: 15 });
  });

  it('produces a profile that passes validation once a host and user are filled in', () => {
    const profile = createProfile({ hosts: [{ host: 'db.example.com', port: 5432 }], auth: { type: 'password', user: 'app', savePassword: false } });
    expect(validateProfile(profile)).toEqual([]);
  });
});

describe('defaultSslFor', () => {
  it('needs verification as soon as one host in the list is remote', () => {
    expect(defaultSslFor(['localhost', 'db.example.com'])).toEqual({ sslmode: 'verify-full', rootCert: 'system' });
    expect(defaultSslFor(['localhost', '127.0.0.2', '::1'])).toEqual({ sslmode: 'prefer' });
  });

  it('treats an IP address of another machine as remote', () => {
    expect(defaultSslFor([{ host: '10.1.2.3' }])).toEqual({ sslmode: 'verify-full', rootCert: 'system' });
  });
});

describe('withDefaultSsl', () => {
  it('follows the host while the user types it, keeping the other SSL settings', () => {
    let ssl = createProfile().ssl;
    ssl = withDefaultSsl({ ...ssl, sni: false }, ['d']);
    expect(ssl).toEqual({ sslmode: 'verify-full', rootCert: 'system', sni: false });
    ssl = withDefaultSsl(ssl, ['localhost']);
    expect(ssl).toEqual({ sslmode: 'prefer', sni: false });
  });
});
