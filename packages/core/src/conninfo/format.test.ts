import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostPort } from '../profile/profile.js';
import { SSL_MODES, TARGET_SESSION_ATTRS, TLS_VERSIONS } from '../profile/profile.js';
import { parseConnectionString } from './detect.js';
import { formatConnectionString } from './format.js';
import type { OutputFormat, ProfileFields } from './types.js';

/** Text with the characters that break naive quoting: quotes, backslashes, separators, spaces, non-ASCII. */
const oddText = fc
  .string({ unit: fc.oneof(fc.constantFrom(...` '"\\;:=@/?&%#,+\t\n$\`{}[]()`), fc.constantFrom('a', 'Z', '0', '-', '_', 'é', '€', '😀')), minLength: 1, maxLength: 12 });

const port = fc.integer({ min: 1, max: 65535 });
const tcpHost = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6());
const socketDir = fc.constantFrom('/var/run/postgresql', '/tmp', '/run/my sockets', '@abstract');

const hostList = (sockets: boolean): fc.Arbitrary<HostPort[]> =>
  fc.array(fc.record({ host: sockets ? fc.oneof(tcpHost, socketDir) : tcpHost, port: fc.option(port, { nil: undefined }) }), { minLength: 1, maxLength: 3 })
    .map((hosts) => hosts.map(({ host, port }) => (port === undefined ? { host } : { host, port })));

const path = fc.constantFrom('/etc/ssl/root.crt', 'C:\\certs\\client.pem', '/home/me/my key.pem', 'rel/ca.crt');
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Drops the undefined members, so that generated profiles compare like parsed ones. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface Capabilities {
  sockets: boolean;
  hostaddr: boolean;
}

function profiles({ sockets, hostaddr }: Capabilities): fc.Arbitrary<{ profile: ProfileFields; password?: string }> {
  return fc
    .record({
      hosts: hostList(sockets),
      withHostaddr: hostaddr ? fc.boolean() : fc.constant(false),
      database: opt(oddText),
      user: fc.oneof(fc.constant(''), oddText),
      pgpass: opt(path),
      password: opt(oddText),
      sslmode: fc.constantFrom(...SSL_MODES),
      rootCert: opt(fc.oneof(fc.constant('system' as const), path.map((p) => ({ path: p })))),
      clientCert: opt(path.map((p) => ({ path: p }))),
      clientKey: opt(path.map((p) => ({ path: p }))),
      crl: opt(path.map((p) => ({ path: p }))),
      sslnegotiation: opt(fc.constantFrom('postgres' as const, 'direct' as const)),
      minTlsVersion: opt(fc.constantFrom(...TLS_VERSIONS)),
      maxTlsVersion: opt(fc.constantFrom(...TLS_VERSIONS)),
      sni: opt(fc.boolean()),
      certMode: opt(fc.constantFrom('disable' as const, 'allow' as const, 'require' as const)),
      channelBinding: opt(fc.constantFrom('disable' as const, 'prefer' as const, 'require' as const)),
      applicationName: fc.oneof(fc.constant(''), oddText),
      connectTimeoutSeconds: fc.integer({ min: 0, max: 600 }),
      options: opt(fc.oneof(oddText, fc.constant('-c search_path=app,public'))),
      clientEncoding: opt(fc.constantFrom('UTF8', 'LATIN1')),
      targetSessionAttrs: opt(fc.constantFrom(...TARGET_SESSION_ATTRS)),
      loadBalanceHosts: opt(fc.constantFrom('disable' as const, 'random' as const)),
      keepalives: opt(fc.boolean()),
      keepalivesIdleSeconds: opt(fc.integer({ min: 1, max: 7200 })),
      requireAuth: opt(fc.constantFrom('scram-sha-256', '!password,!md5')),
      gssencmode: opt(fc.constantFrom('disable' as const, 'prefer' as const, 'require' as const)),
      service: opt(fc.constantFrom('prod', 'my service')),
      krbsrvname: opt(fc.constantFrom('postgres', 'pg svc')),
    })
    .map((r) => {
      const profile: ProfileFields = defined({
        mode: 'connectionString' as const,
        hosts: r.hosts,
        hostaddr: r.withHostaddr ? r.hosts.map((_, i) => `10.0.0.${i + 1}`) : undefined,
        database: r.database,
        service: r.service,
        auth: r.pgpass !== undefined ? { type: 'pgpass' as const, user: r.user, passfile: r.pgpass } : { type: 'password' as const, user: r.user, savePassword: false },
        ssl: defined({
          sslmode: r.sslmode,
          rootCert: r.rootCert,
          clientCert: r.clientCert,
          clientKey: r.clientKey,
          crl: r.crl,
          sslnegotiation: r.sslnegotiation,
          minTlsVersion: r.minTlsVersion,
          maxTlsVersion: r.maxTlsVersion,
          sni: r.sni,
          certMode: r.certMode,
          channelBinding: r.channelBinding,
        }),
        client: defined({
          applicationName: r.applicationName,
          connectTimeoutSeconds: r.connectTimeoutSeconds,
          copilotAccessMode: 'global' as const,
          options: r.options,
          clientEncoding: r.clientEncoding,
          targetSessionAttrs: r.targetSessionAttrs,
          loadBalanceHosts: r.loadBalanceHosts,
          keepalives: r.keepalives,
          keepalivesIdleSeconds: r.keepalivesIdleSeconds,
          requireAuth: r.requireAuth,
          gssencmode: r.gssencmode,
        }),
        extra: r.krbsrvname === undefined ? undefined : { krbsrvname: r.krbsrvname },
      });
      return r.password === undefined ? { profile } : { profile, password: r.password };
    });
}

type Projection = (p: ProfileFields) => ProfileFields;

/** Removes what a format cannot carry (see formatConnectionString), so what remains must survive. */
const without =
  (ssl: readonly string[], client: readonly string[], top: readonly string[] = []): Projection =>
  (p) => {
    const copy = structuredClone(p) as unknown as Record<string, unknown> & ProfileFields;
    for (const key of top) delete copy[key];
    for (const key of ssl) delete (copy.ssl as unknown as Record<string, unknown>)[key];
    for (const key of client) delete (copy.client as unknown as Record<string, unknown>)[key];
    return copy;
  };

const everything: Projection = (p) => p;

/** JDBC: TCP hosts only, no passfile, and pgjdbc has no read-write/read-only target. */
const jdbcProjection: Projection = (p) => {
  const copy = without(['crl', 'sni', 'certMode', 'minTlsVersion', 'maxTlsVersion', 'channelBinding', 'sslnegotiation'], ['clientEncoding', 'requireAuth', 'keepalivesIdleSeconds'], ['extra', 'hostaddr'])(p);
  if (copy.ssl.rootCert === 'system') delete copy.ssl.rootCert;
  if (copy.client.targetSessionAttrs === 'read-write' || copy.client.targetSessionAttrs === 'read-only') delete copy.client.targetSessionAttrs;
  copy.auth = { type: 'password', user: copy.auth.user ?? '', savePassword: false };
  return copy;
};

const npgsqlProjection: Projection = (p) => {
  const copy = without(['crl', 'sni', 'certMode', 'minTlsVersion', 'maxTlsVersion'], [], ['hostaddr', 'service'])(p);
  if (copy.ssl.rootCert === 'system') delete copy.ssl.rootCert;
  return copy;
};

const cases: { format: OutputFormat; caps: Capabilities; project: Projection }[] = [
  { format: 'uri', caps: { sockets: true, hostaddr: true }, project: everything },
  { format: 'keyValue', caps: { sockets: true, hostaddr: true }, project: everything },
  { format: 'psql', caps: { sockets: true, hostaddr: true }, project: everything },
  { format: 'env', caps: { sockets: true, hostaddr: true }, project: without([], ['keepalives', 'keepalivesIdleSeconds'], ['extra']) },
  { format: 'jdbc', caps: { sockets: false, hostaddr: false }, project: jdbcProjection },
  { format: 'npgsql', caps: { sockets: false, hostaddr: false }, project: npgsqlProjection },
];

describe('formatConnectionString', () => {
  for (const { format, caps, project } of cases) {
    it(`writes ${format} that parses back to the same profile and password`, () => {
      fc.assert(
        fc.property(profiles(caps), ({ profile, password }) => {
          const text = formatConnectionString(profile, format, { password, includePassword: true });
          const parsed = parseConnectionString(text);
          if (!parsed.ok) throw new Error(`${text}\n${JSON.stringify(parsed.error)}`);
          expect(parsed.format).toBe(format);
          expect(project(parsed.profile)).toEqual(project(profile));
          expect(parsed.secrets.password).toBe(password);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('leaves the password out unless asked to include it', () => {
    const profile = sample({ hosts: [{ host: 'db.example.com' }] });
    for (const format of ['uri', 'keyValue', 'jdbc', 'npgsql', 'psql', 'env'] as const) {
      expect(formatConnectionString(profile, format, { password: 's3cret' })).not.toContain('s3cret');
      expect(formatConnectionString(profile, format, { password: 's3cret', includePassword: true })).toContain('s3cret');
    }
  });

  it('writes a URI with IPv6 hosts in brackets, socket directories encoded and per-host ports', () => {
    const profile = sample({ hosts: [{ host: '::1', port: 5433 }, { host: '/var/run/postgresql' }, { host: 'db', port: 6432 }], database: 'my db' });
    expect(formatConnectionString(profile, 'uri')).toBe('postgresql://[::1]:5433,%2Fvar%2Frun%2Fpostgresql,db:6432/my%20db');
  });

  it('percent-encodes the characters libpq splits a URI on', () => {
    const profile = sample({ auth: { type: 'password', user: 'a:b@c', savePassword: false }, database: 'x?y' });
    expect(formatConnectionString(profile, 'uri', { password: 'p@ss/w:rd', includePassword: true })).toBe('postgresql://a%3Ab%40c:p%40ss%2Fw:rd@h/x%3Fy');
  });

  it('quotes key=value values that have spaces, quotes or backslashes', () => {
    const profile = sample({ client: { applicationName: "it's a\\b", connectTimeoutSeconds: 15, copilotAccessMode: 'global', options: '' } });
    expect(formatConnectionString(profile, 'keyValue')).toBe("host=h options='' application_name='it\\'s a\\\\b'");
  });

  it('writes JDBC with pgjdbc property names', () => {
    const profile = sample({ ssl: { sslmode: 'verify-full' }, client: { applicationName: 'my app', connectTimeoutSeconds: 10, copilotAccessMode: 'global', targetSessionAttrs: 'prefer-standby' } });
    expect(formatConnectionString(profile, 'jdbc')).toBe('jdbc:postgresql://h/?sslmode=verify-full&ApplicationName=my%20app&connectTimeout=10&targetServerType=preferSecondary');
  });

  it('writes Npgsql with quoted values where a ; or quote would be misread', () => {
    const profile = sample({ hosts: [{ host: 'h1', port: 5433 }, { host: 'h2' }], auth: { type: 'password', user: 'u;x', savePassword: false }, ssl: { sslmode: 'verify-ca' } });
    expect(formatConnectionString(profile, 'npgsql')).toBe('Host=h1:5433,h2;Username="u;x";SSL Mode=VerifyCA');
  });

  it('writes psql flags for a plain profile and a connection string otherwise', () => {
    expect(formatConnectionString(sample({ database: 'd', auth: { type: 'password', user: 'u', savePassword: false } }), 'psql', { password: "it's", includePassword: true }))
      .toBe("PGPASSWORD='it'\\''s' psql -h h -U u -d d");
    expect(formatConnectionString(sample({ ssl: { sslmode: 'require' } }), 'psql')).toBe("psql 'host=h sslmode=require'");
    expect(formatConnectionString(sample({ database: 'a=b' }), 'psql')).toBe("psql 'dbname=a=b host=h'");
  });

  it('writes env exports', () => {
    expect(formatConnectionString(sample({ hosts: [{ host: 'h', port: 5433 }], client: { applicationName: 'a b', connectTimeoutSeconds: 15, copilotAccessMode: 'global' } }), 'env'))
      .toBe("export PGHOST=h\nexport PGPORT=5433\nexport PGAPPNAME='a b'");
  });

  it('writes one .pgpass line per host with : and \\ escaped', () => {
    const profile = sample({ hosts: [{ host: 'h1', port: 5433 }, { host: '/tmp' }], database: 'd:b', auth: { type: 'password', user: 'u\\x', savePassword: false } });
    expect(formatConnectionString(profile, 'pgpass', { password: 'p:w', includePassword: true })).toBe('h1:5433:d\\:b:u\\\\x:p\\:w\nlocalhost:5432:d\\:b:u\\\\x:p\\:w');
    expect(formatConnectionString(sample({}), 'pgpass')).toBe('h:5432:*:*:');
  });
});

function sample(overrides: Partial<ProfileFields>): ProfileFields {
  return {
    mode: 'connectionString',
    hosts: [{ host: 'h' }],
    auth: { type: 'password', user: '', savePassword: false },
    ssl: { sslmode: 'prefer' },
    client: { applicationName: '', connectTimeoutSeconds: 15, copilotAccessMode: 'global' },
    ...overrides,
  };
}
