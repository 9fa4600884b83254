import { describe, expect, it } from 'vitest';
import { profileFromKeywords } from './from-keywords.js';
import { profileToKeywords } from './to-keywords.js';

describe('profileFromKeywords', () => {
  it('uses libpq defaults for what the string does not set', () => {
    expect(profileFromKeywords({}).profile).toEqual({
      mode: 'connectionString',
      hosts: [],
      auth: { type: 'password', user: '', savePassword: false },
      ssl: { sslmode: 'prefer' },
      client: { applicationName: '', connectTimeoutSeconds: 15, copilotAccessMode: 'global' },
    });
    expect(profileFromKeywords({ sslrootcert: 'system' }).profile.ssl.sslmode).toBe('verify-full');
  });

  it('pairs host, hostaddr and port lists the way libpq does', () => {
    expect(profileFromKeywords({ host: 'a,b', port: '5433' }).profile.hosts).toEqual([{ host: 'a', port: 5433 }, { host: 'b', port: 5433 }]);
    expect(profileFromKeywords({ host: 'a,b', port: ',5433' }).profile.hosts).toEqual([{ host: 'a' }, { host: 'b', port: 5433 }]);
    expect(profileFromKeywords({ hostaddr: '10.0.0.1,10.0.0.2' }).profile).toMatchObject({ hosts: [{ host: '' }, { host: '' }], hostaddr: ['10.0.0.1', '10.0.0.2'] });
  });

  it("warns in libpq's words about values libpq will refuse when connecting", () => {
    const { warnings } = profileFromKeywords({ host: 'a,b', port: '1,2,3', sslmode: 'REQUIRE', connect_timeout: 'soon' });
    expect(warnings.map((w) => w.message)).toEqual([
      'libpq will refuse to connect: could not match 3 port numbers to 2 hosts',
      'libpq will refuse to connect: invalid sslmode value: "REQUIRE"',
      'libpq will refuse to connect: invalid integer value "soon" for connection option "connect_timeout"',
    ]);
  });

  it('keeps credentials out of the profile and unknown keywords in extra', () => {
    const r = profileFromKeywords({ password: 'pw', sslpassword: 'kp', oauth_client_secret: 'cs', krbsrvname: 'pg' });
    expect(r.secrets).toEqual({ password: 'pw', sslpassword: 'kp', keywords: { oauth_client_secret: 'cs' } });
    expect(r.profile).toMatchObject({ ssl: { hasSslPassword: true }, extra: { krbsrvname: 'pg' } });
    expect(JSON.stringify(r.profile)).not.toMatch(/pw|kp|cs"/);
  });
});

describe('profileToKeywords', () => {
  it('gives back the keywords it was made from, in libpq order', () => {
    const keywords = { user: 'u', connect_timeout: '10', dbname: 'd', host: 'a,b', port: '1,2', sslmode: 'verify-ca', sslrootcert: '/ca.pem', target_session_attrs: 'read-write' };
    const { profile } = profileFromKeywords(keywords);
    expect(Object.entries(profileToKeywords(profile))).toEqual(Object.entries(keywords));
  });

  it('leaves out what libpq would do anyway', () => {
    const { profile } = profileFromKeywords({ host: 'h', sslmode: 'prefer' });
    expect(profileToKeywords(profile)).toEqual({ host: 'h' });
  });

  it('gives an unset connect_timeout the product default and keeps an explicit 0 ("wait for ever")', () => {
    expect(profileFromKeywords({ host: 'h' }).profile.client.connectTimeoutSeconds).toBe(15);
    const { profile } = profileFromKeywords({ host: 'h', connect_timeout: '0' });
    expect(profile.client.connectTimeoutSeconds).toBe(0);
    expect(profileToKeywords(profile)).toEqual({ connect_timeout: '0', host: 'h' });
  });

  it('writes secrets only when given', () => {
    const { profile, secrets } = profileFromKeywords({ host: 'h', password: 'pw' });
    expect(profileToKeywords(profile)).toEqual({ host: 'h' });
    expect(profileToKeywords(profile, secrets)).toEqual({ password: 'pw', host: 'h' });
  });
});
