import { describe, expect, it } from 'vitest';
import { createProfile, type ProfileInit } from './defaults.js';
import type { ConnectionProfile, SshSettings } from './profile.js';
import { validateConnInfo, validateProfile, type ValidationContext } from './validate.js';

const FINGERPRINT = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

function profile(init: ProfileInit = {}): ConnectionProfile {
  return createProfile({ hosts: [{ host: 'db.example.com', port: 5432 }], auth: { type: 'password', user: 'app', savePassword: false }, ...init });
}
function issues(p: ConnectionProfile, context?: ValidationContext) {
  return validateProfile(p, context).map(({ field, code, severity }) => ({ field, code, severity }));
}
function codes(p: ConnectionProfile, context?: ValidationContext) {
  return validateProfile(p, context).map((i) => i.code);
}
const ssh = (over: Partial<SshSettings> = {}): SshSettings => ({
  enabled: true, host: 'bastion.example.com', port: 22, user: 'deploy', auth: { type: 'agent' }, ...over,
});

describe('validateProfile', () => {
  it('accepts a complete profile', () => {
    expect(validateProfile(profile())).toEqual([]);
  });

  describe('hosts and ports', () => {
    it('requires a server name', () => {
      expect(issues(profile({ hosts: [{ host: '', port: 5432 }] }))).toEqual([{ field: 'hosts.0.host', code: 'HOST_REQUIRED', severity: 'error' }]);
      expect(codes(profile({ hosts: [] }))).toEqual(['HOST_REQUIRED']);
    });

    it('does not require a host for a socket, a service or environment-variable mode', () => {
      expect(codes(profile({ hosts: [{ host: '/var/run/postgresql' }], ssl: { sslmode: 'prefer' } }))).toEqual([]);
      expect(codes(profile({ hosts: [{ host: '' }], service: 'reporting', ssl: { sslmode: 'prefer' } }))).toEqual([]);
      expect(codes(profile({ mode: 'envVar', envVar: 'USER_DEFINED_PG_URL', hosts: [] }))).toEqual([]);
    });

    it('warns that an empty entry later in the list means the local default server', () => {
      expect(issues(profile({ hosts: [{ host: 'a.example.com' }, { host: '' }] }))).toContainEqual({ field: 'hosts.1.host', code: 'HOST_EMPTY_ENTRY', severity: 'warning' });
    });

    it('accepts ports 1 to 65535 and rejects others', () => {
      expect(codes(profile({ hosts: [{ host: 'db.example.com', port: 1 }, { host: 'db2.example.com', port: 65535 }] }))).toEqual([]);
      expect(issues(profile({ hosts: [{ host: 'db.example.com', port: 0 }] }))).toEqual([{ field: 'hosts.0.port', code: 'PORT_OUT_OF_RANGE', severity: 'error' }]);
      expect(issues(profile({ hosts: [{ host: 'a.example.com' }, { host: 'b.example.com', port: 70000 }] }))).toEqual([{ field: 'hosts.1.port', code: 'PORT_OUT_OF_RANGE', severity: 'error' }]);
      expect(codes(profile({ hosts: [{ host: 'db.example.com', port: 5432.5 }] }))).toEqual(['PORT_NOT_INTEGER']);
    });

    it('needs one host address per host name, as libpq does', () => {
      const mismatch = validateProfile(profile({ hosts: [{ host: 'a.example.com' }], hostaddr: ['10.0.0.1', '10.0.0.2'] }));
      expect(mismatch.map((i) => i.code)).toEqual(['HOSTADDR_COUNT_MISMATCH']);
      expect(mismatch[0]?.hint).toMatch(/could not match 1 host names to 2 hostaddr values/);
      expect(codes(profile({ hosts: [{ host: 'a.example.com' }, { host: 'b.example.com' }], hostaddr: ['10.0.0.1', '10.0.0.2'] }))).toEqual([]);
      expect(codes(profile({ hosts: [{ host: '' }], hostaddr: ['10.0.0.1', '10.0.0.2'], ssl: { sslmode: 'require' } }))).toEqual([]);
    });

    it('takes only numeric addresses in hostaddr', () => {
      expect(issues(profile({ hostaddr: ['db.internal'] }))).toEqual([{ field: 'hostaddr.0', code: 'HOSTADDR_NOT_NUMERIC', severity: 'error' }]);
      expect(codes(profile({ hostaddr: ['2001:db8::10'] }))).toEqual([]);
    });
  });

  describe('environment variable mode', () => {
    it('requires a variable name starting with USER_DEFINED_', () => {
      expect(codes(profile({ mode: 'envVar' }))).toEqual(['ENV_VAR_REQUIRED']);
      expect(issues(profile({ mode: 'envVar', envVar: 'DATABASE_URL' }))).toEqual([{ field: 'envVar', code: 'ENV_VAR_NOT_ALLOWED', severity: 'error' }]);
      expect(codes(profile({ mode: 'envVar', envVar: 'USER_DEFINED_X; rm' }))).toEqual(['ENV_VAR_NOT_ALLOWED']);
    });
  });

  describe('authentication', () => {
    it('requires a user for password, AWS IAM, Entra and certificate logins', () => {
      expect(issues(profile({ auth: { type: 'password', user: ' ', savePassword: false } }))).toEqual([{ field: 'auth.user', code: 'USER_REQUIRED', severity: 'error' }]);
      expect(codes(profile({ auth: { type: 'certificate', user: '' } }))).toEqual(['USER_REQUIRED']);
      expect(codes(profile({ auth: { type: 'none' } }))).toEqual([]);
    });

    it('requires an account and a user for Microsoft Entra', () => {
      const entra = profile({ hosts: [{ host: 'mydemoserver.postgres.database.azure.com' }], auth: { type: 'entra', account: '', tenant: '', user: '' } });
      expect(issues(entra)).toEqual([
        { field: 'auth.user', code: 'USER_REQUIRED', severity: 'error' },
        { field: 'auth.account', code: 'ENTRA_ACCOUNT_REQUIRED', severity: 'error' },
      ]);
      expect(codes(profile({ auth: { type: 'entra', account: 'me@contoso.com', tenant: '', user: 'me@contoso.com' } }))).toEqual([]);
    });

    it('reads the AWS region from an RDS endpoint, so none needs entering', () => {
      expect(codes(profile({ hosts: [{ host: 'mydb.123456789012.us-east-1.rds.amazonaws.com' }], auth: { type: 'awsIam', user: 'iam_user' } }))).toEqual([]);
    });

    it('asks for the AWS region when the host does not contain one', () => {
      expect(issues(profile({ hosts: [{ host: 'my-global.global-ahvy3bfhwbrh.global.rds.amazonaws.com' }], auth: { type: 'awsIam', user: 'iam_user' } })))
        .toEqual([{ field: 'auth.region', code: 'AWS_IAM_REGION_REQUIRED', severity: 'error' }]);
      expect(codes(profile({ hosts: [{ host: 'my-global.global-ahvy3bfhwbrh.global.rds.amazonaws.com' }], auth: { type: 'awsIam', user: 'iam_user', region: 'eu-west-1' } }))).toEqual([]);
    });

    it('warns that a custom host name with an explicit region may not match the signed token', () => {
      expect(issues(profile({ hosts: [{ host: 'db.example.com' }], auth: { type: 'awsIam', user: 'iam_user', region: 'us-east-1' } })))
        .toEqual([{ field: 'hosts.0.host', code: 'AWS_IAM_HOST_NOT_RDS', severity: 'warning' }]);
    });

    it('rejects a region that is not an AWS region name', () => {
      expect(codes(profile({ hosts: [{ host: 'mydb.123456789012.us-east-1.rds.amazonaws.com' }], auth: { type: 'awsIam', user: 'u', region: 'Virginia' } }))).toEqual(['AWS_IAM_REGION_INVALID']);
    });

    it('needs a user for AWS IAM', () => {
      expect(codes(profile({ hosts: [{ host: 'mydb.123456789012.us-east-1.rds.amazonaws.com' }], auth: { type: 'awsIam', user: '' } }))).toEqual(['USER_REQUIRED']);
    });

    it('refuses to send a token without TLS, and warns when TLS is optional', () => {
      const iam = { type: 'awsIam', user: 'u' } as const;
      const host = [{ host: 'mydb.123456789012.us-east-1.rds.amazonaws.com' }];
      expect(issues(profile({ hosts: host, auth: iam, ssl: { sslmode: 'disable' } }))).toEqual([{ field: 'ssl.sslmode', code: 'TOKEN_WITHOUT_TLS', severity: 'error' }]);
      expect(issues(profile({ hosts: host, auth: iam, ssl: { sslmode: 'prefer' } }))).toEqual([{ field: 'ssl.sslmode', code: 'TOKEN_WITHOUT_TLS', severity: 'warning' }]);
      expect(codes(profile({ hosts: host, auth: iam, ssl: { sslmode: 'require' } }))).toEqual([]);
    });
  });

  describe('TLS', () => {
    it('accepts verify-full for an IP address host, since libpq checks IP addresses in the certificate', () => {
      expect(codes(profile({ hosts: [{ host: '10.1.2.3' }] }))).toEqual([]);
    });

    it('needs a host name or a TLS server name for verify-full', () => {
      const noName = profile({ hosts: [{ host: '' }], hostaddr: ['10.1.2.3'], ssl: { sslmode: 'verify-full', rootCert: 'system' } });
      expect(issues(noName)).toEqual([{ field: 'hosts.0.host', code: 'SSL_VERIFY_FULL_NO_HOST_NAME', severity: 'error' }]);
      expect(codes({ ...noName, ssl: { ...noName.ssl, serverName: 'db.example.com' } })).toEqual([]);
    });

    it('says sockets never use TLS: an error when verification was asked for, a warning for require', () => {
      const socket = [{ host: '/var/run/postgresql' }];
      expect(issues(profile({ hosts: socket, ssl: { sslmode: 'verify-full', rootCert: 'system' } }))).toEqual([{ field: 'hosts.0.host', code: 'SSL_NOT_USED_OVER_SOCKET', severity: 'error' }]);
      expect(issues(profile({ hosts: socket, ssl: { sslmode: 'require' } }))).toEqual([{ field: 'hosts.0.host', code: 'SSL_NOT_USED_OVER_SOCKET', severity: 'warning' }]);
      expect(codes(profile({ hosts: [{ host: '@abstract' }], ssl: { sslmode: 'prefer' } }))).toEqual([]);
    });

    it('needs a client certificate and key together', () => {
      const cert = { path: '/home/me/.postgresql/postgresql.crt' };
      const key = { path: '/home/me/.postgresql/postgresql.key' };
      expect(issues(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', clientCert: cert } }))).toEqual([{ field: 'ssl.clientKey', code: 'SSL_CLIENT_KEY_MISSING', severity: 'error' }]);
      expect(issues(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', clientKey: key } }))).toEqual([{ field: 'ssl.clientCert', code: 'SSL_CLIENT_CERT_MISSING', severity: 'error' }]);
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', clientCert: cert, clientKey: key } }))).toEqual([]);
    });

    it('allows the system trust store only with verify-full, as libpq does', () => {
      for (const sslmode of ['disable', 'allow', 'prefer', 'require', 'verify-ca'] as const) {
        const found = validateProfile(profile({ ssl: { sslmode, rootCert: 'system' } }));
        expect(found.map((i) => i.code), sslmode).toEqual(['SSL_WEAK_MODE_WITH_SYSTEM_ROOT']);
        expect(found[0]?.hint).toContain(`weak sslmode "${sslmode}" may not be used with sslrootcert=system`);
      }
    });

    it('allows direct TLS negotiation only with require, verify-ca or verify-full', () => {
      for (const sslmode of ['disable', 'allow', 'prefer'] as const) {
        expect(codes(profile({ ssl: { sslmode, sslnegotiation: 'direct' } })), sslmode).toEqual(['SSL_WEAK_MODE_WITH_DIRECT']);
      }
      expect(codes(profile({ ssl: { sslmode: 'require', sslnegotiation: 'direct' } }))).toEqual([]);
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', sslnegotiation: 'direct' } }))).toEqual([]);
    });

    it('rejects a TLS version range whose highest version is below the lowest, counting libpq\'s TLSv1.2 default', () => {
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', minTlsVersion: 'TLSv1.3', maxTlsVersion: 'TLSv1.2' } }))).toEqual(['TLS_VERSION_RANGE']);
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', maxTlsVersion: 'TLSv1.1' } }))).toEqual(['TLS_VERSION_RANGE']);
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', minTlsVersion: 'TLSv1', maxTlsVersion: 'TLSv1.1' } }))).toEqual([]);
    });

    it('warns when verify-full has no root certificate chosen', () => {
      expect(issues(profile({ ssl: { sslmode: 'verify-full' } }))).toEqual([{ field: 'ssl.rootCert', code: 'SSL_ROOT_CERT_UNSET', severity: 'warning' }]);
    });

    it('rejects values libpq does not know', () => {
      const bad = profile({ ssl: { sslmode: 'no-verify' as never } });
      expect(issues(bad)).toEqual([{ field: 'ssl.sslmode', code: 'VALUE_NOT_ALLOWED', severity: 'error' }]);
      expect(issues(profile({ client: { targetSessionAttrs: 'master' as never } }))).toEqual([{ field: 'client.targetSessionAttrs', code: 'VALUE_NOT_ALLOWED', severity: 'error' }]);
    });

    it('rejects channel binding without TLS or without SCRAM', () => {
      expect(codes(profile({ ssl: { sslmode: 'disable', channelBinding: 'require' } }))).toEqual(['CHANNEL_BINDING_NEEDS_TLS']);
      expect(codes(profile({ hosts: [{ host: 'mydemoserver.postgres.database.azure.com' }], auth: { type: 'entra', account: 'a', tenant: '', user: 'a' }, ssl: { sslmode: 'verify-full', rootCert: 'system', channelBinding: 'require' } })))
        .toEqual(['CHANNEL_BINDING_NEEDS_SCRAM']);
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: 'system', channelBinding: 'require' } }))).toEqual([]);
    });

    it('rejects an empty certificate source', () => {
      expect(issues(profile({ ssl: { sslmode: 'verify-full', rootCert: { pem: '  ' } } }))).toEqual([{ field: 'ssl.rootCert', code: 'PEM_SOURCE_EMPTY', severity: 'error' }]);
    });
  });

  describe('client settings', () => {
    it('takes a connect timeout of zero or more whole seconds', () => {
      expect(codes(profile({ client: { connectTimeoutSeconds: 0 } }))).toEqual([]);
      expect(issues(profile({ client: { connectTimeoutSeconds: -1 } }))).toEqual([{ field: 'client.connectTimeoutSeconds', code: 'CONNECT_TIMEOUT_INVALID', severity: 'error' }]);
      expect(codes(profile({ client: { connectTimeoutSeconds: 2.5 } }))).toEqual(['CONNECT_TIMEOUT_INVALID']);
    });

    it('takes a keepalive idle time the operating system accepts', () => {
      expect(codes(profile({ client: { keepalivesIdleSeconds: 60 } }))).toEqual([]);
      expect(codes(profile({ client: { keepalivesIdleSeconds: 0 } }))).toEqual(['KEEPALIVE_INVALID']);
    });

    it('checks require_auth the way libpq does', () => {
      const check = (requireAuth: string) => validateProfile(profile({ client: { requireAuth } }));
      expect(check('scram-sha-256')).toEqual([]);
      expect(check('!password,!md5')).toEqual([]);
      expect(check('password,!md5').map((i) => i.code)).toEqual(['REQUIRE_AUTH_MIXED']);
      expect(check('password,!md5')[0]?.hint).toBe('libpq: negative require_auth method "!md5" cannot be mixed with non-negative methods');
      expect(check('!md5,password')[0]?.hint).toBe('libpq: require_auth method "password" cannot be mixed with negative methods');
      expect(check('kerberos').map((i) => i.code)).toEqual(['REQUIRE_AUTH_UNKNOWN']);
      expect(check('md5,md5').map((i) => i.code)).toEqual(['REQUIRE_AUTH_DUPLICATE']);
      expect(check('scram-sha-256, md5').map((i) => i.code)).toEqual(['REQUIRE_AUTH_UNKNOWN']);
    });

    it('warns about application names PostgreSQL will cut or escape', () => {
      expect(codes(profile({ client: { applicationName: 'a'.repeat(63) } }))).toEqual([]);
      expect(issues(profile({ client: { applicationName: 'a'.repeat(64) } }))).toEqual([{ field: 'client.applicationName', code: 'APPLICATION_NAME_TOO_LONG', severity: 'warning' }]);
      expect(issues(profile({ client: { applicationName: 'café' } }))).toEqual([{ field: 'client.applicationName', code: 'APPLICATION_NAME_NOT_ASCII', severity: 'warning' }]);
      // 20 characters, but each é becomes two \xNN escapes on the server.
      expect(codes(profile({ client: { applicationName: 'é'.repeat(10) + 'x'.repeat(10) } }))).toEqual(['APPLICATION_NAME_NOT_ASCII', 'APPLICATION_NAME_TOO_LONG']);
    });
  });

  describe('SSH tunnel', () => {
    it('accepts a complete tunnel and ignores a disabled one', () => {
      expect(codes(profile({ ssh: ssh({ knownHostKey: FINGERPRINT }) }))).toEqual([]);
      expect(codes(profile({ ssh: ssh({ enabled: false, host: '', user: '', port: 0 }) }))).toEqual([]);
    });

    it('requires host, port, user and a key for key authentication', () => {
      expect(issues(profile({ ssh: ssh({ host: '', port: 0, user: '', auth: { type: 'privateKey', key: { path: '' }, savePassphrase: false } }) }))).toEqual([
        { field: 'ssh.host', code: 'HOST_REQUIRED', severity: 'error' },
        { field: 'ssh.port', code: 'PORT_OUT_OF_RANGE', severity: 'error' },
        { field: 'ssh.user', code: 'USER_REQUIRED', severity: 'error' },
        { field: 'ssh.auth.key', code: 'PEM_SOURCE_EMPTY', severity: 'error' },
      ]);
    });

    it('checks the pinned host key fingerprint shape', () => {
      expect(codes(profile({ ssh: ssh({ knownHostKey: 'MD5:16:27:ac' }) }))).toEqual(['SSH_HOST_KEY_INVALID']);
      expect(codes(profile({ ssh: ssh({ knownHostKey: 'SHA256:short' }) }))).toEqual(['SSH_HOST_KEY_INVALID']);
    });

    it('checks each jump host', () => {
      const jump = { host: 'jump.example.com', port: 22, user: '', auth: { type: 'agent' } as const };
      expect(issues(profile({ ssh: ssh({ jumpHosts: [jump] }) }))).toEqual([{ field: 'ssh.jumpHosts.0.user', code: 'USER_REQUIRED', severity: 'error' }]);
    });
  });

  describe('on a shared (server-mode) bridge', () => {
    const server = { bridge: 'server' } as const;
    it('refuses files, sockets, services, password files and the SSH agent of the bridge machine', () => {
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: { path: '/etc/ssl/ca.pem' } } }), server)).toEqual(['FILE_PATH_NOT_ALLOWED']);
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: { pem: '-----BEGIN CERTIFICATE-----' } } }), server)).toEqual([]);
      expect(codes(profile({ hosts: [{ host: '/var/run/postgresql' }], ssl: { sslmode: 'prefer' } }), server)).toEqual(['SOCKET_NOT_ALLOWED']);
      expect(codes(profile({ service: 'prod' }), server)).toEqual(['SERVICE_NOT_ALLOWED']);
      expect(codes(profile({ auth: { type: 'pgpass', user: 'app' } }), server)).toEqual(['FILE_PATH_NOT_ALLOWED']);
      expect(codes(profile({ ssh: ssh() }), server)).toEqual(['SSH_AGENT_NOT_ALLOWED']);
    });

    it('allows the same things on a local bridge', () => {
      expect(codes(profile({ ssl: { sslmode: 'verify-full', rootCert: { path: '/etc/ssl/ca.pem' } }, auth: { type: 'pgpass', user: 'app' }, ssh: ssh() }))).toEqual([]);
    });
  });
});

/** Each expected message below is what libpq 18's PQconnectStart/PQconnectdb reports for the same keywords. */
describe('validateConnInfo', () => {
  const messages = (keywords: Record<string, string>) => validateConnInfo(keywords).map((i) => i.message);

  it('accepts what libpq accepts', () => {
    const accepted: Record<string, string>[] = [
      { host: '/x', port: '+5432' },
      { host: '/x', port: '5432 ' },
      { host: '/x1,/x2', port: '1,' },
      { host: 'a,b', hostaddr: ',127.0.0.1', port: '1' },
      { sslrootcert: 'system' },
      { sslrootcert: 'system', sslnegotiation: 'direct' },
      { sslmode: 'verify-ca', sslnegotiation: 'direct' },
      { ssl_min_protocol_version: 'tlsv1.3' },
      { ssl_min_protocol_version: 'TLSv1', ssl_max_protocol_version: 'tlsv1.1' },
      { ssl_max_protocol_version: '' },
      { min_protocol_version: 'latest', max_protocol_version: '3.2' },
      { require_auth: '!password,!md5' },
      { require_auth: 'oauth' },
      { require_auth: '' },
      { connect_timeout: '-5' },
      { sslcertmode: 'require' },
    ];
    for (const keywords of accepted) {
      expect(validateConnInfo(keywords), JSON.stringify(keywords)).toEqual([]);
    }
  });

  it.each<[Record<string, string>, string]>([
    [{ host: '/x', port: 'abc' }, 'invalid integer value "abc" for connection option "port"'],
    [{ host: '/x', port: '0x10' }, 'invalid integer value "0x10" for connection option "port"'],
    [{ host: '/x', port: '2147483648' }, 'invalid integer value "2147483648" for connection option "port"'],
    [{ host: '/x', port: '0' }, 'invalid port number: "0"'],
    [{ host: '/x', port: '-0' }, 'invalid port number: "-0"'],
    [{ host: '/x', port: '70000' }, 'invalid port number: "70000"'],
    [{ host: '/x1,/x2', port: '1,2,3' }, 'could not match 3 port numbers to 2 hosts'],
    [{ host: '/x1', port: '1,2' }, 'could not match 2 port numbers to 1 hosts'],
    [{ hostaddr: '127.0.0.1,127.0.0.2', host: 'a' }, 'could not match 1 host names to 2 hostaddr values'],
    [{ hostaddr: '127.0.0.1,127.0.0.2', host: 'a,b,c' }, 'could not match 3 host names to 2 hostaddr values'],
    [{ sslmode: 'foo' }, 'invalid sslmode value: "foo"'],
    [{ sslmode: '' }, 'invalid sslmode value: ""'],
    [{ sslmode: 'REQUIRE' }, 'invalid sslmode value: "REQUIRE"'],
    [{ sslrootcert: 'system', sslmode: 'require' }, 'weak sslmode "require" may not be used with sslrootcert=system (use "verify-full")'],
    [{ sslrootcert: 'system', sslmode: 'verify-ca' }, 'weak sslmode "verify-ca" may not be used with sslrootcert=system (use "verify-full")'],
    [{ sslnegotiation: 'direct' }, 'weak sslmode "prefer" may not be used with sslnegotiation=direct (use "require", "verify-ca", or "verify-full")'],
    [{ sslnegotiation: 'direct', sslmode: 'allow' }, 'weak sslmode "allow" may not be used with sslnegotiation=direct (use "require", "verify-ca", or "verify-full")'],
    [{ sslnegotiation: 'bogus' }, 'invalid sslnegotiation value: "bogus"'],
    [{ gssencmode: 'x' }, 'invalid gssencmode value: "x"'],
    [{ target_session_attrs: 'bogus' }, 'invalid target_session_attrs value: "bogus"'],
    [{ load_balance_hosts: '' }, 'invalid load_balance_hosts value: ""'],
    [{ channel_binding: 'x' }, 'invalid channel_binding value: "x"'],
    [{ sslcertmode: 'x' }, 'invalid sslcertmode value: "x"'],
    [{ ssl_min_protocol_version: 'TLSv1.3', ssl_max_protocol_version: 'TLSv1.2' }, 'invalid SSL protocol version range'],
    [{ ssl_max_protocol_version: 'TLSv1.1' }, 'invalid SSL protocol version range'],
    [{ ssl_min_protocol_version: 'TLSv1.4' }, 'invalid "ssl_min_protocol_version" value: "TLSv1.4"'],
    [{ min_protocol_version: '3.2', max_protocol_version: '3.0' }, '"min_protocol_version" is greater than "max_protocol_version"'],
    [{ min_protocol_version: '3.1' }, 'invalid min_protocol_version value: "3.1"'],
    [{ max_protocol_version: 'LATEST' }, 'invalid max_protocol_version value: "LATEST"'],
    [{ require_auth: 'password,!md5' }, 'negative require_auth method "!md5" cannot be mixed with non-negative methods'],
    [{ require_auth: '!md5,password' }, 'require_auth method "password" cannot be mixed with negative methods'],
    [{ require_auth: 'foo' }, 'invalid require_auth value: "foo"'],
    [{ require_auth: ',md5' }, 'invalid require_auth value: ""'],
    [{ require_auth: 'md5,md5' }, 'require_auth method "md5" is specified more than once'],
    [{ require_auth: '!none,!none' }, 'require_auth method "!none" is specified more than once'],
    [{ connect_timeout: 'abc' }, 'invalid integer value "abc" for connection option "connect_timeout"'],
    [{ connect_timeout: '1.5' }, 'invalid integer value "1.5" for connection option "connect_timeout"'],
    [{ connect_timeout: '' }, 'invalid integer value "" for connection option "connect_timeout"'],
    [{ keepalives: 'abc' }, 'invalid integer value "abc" for connection option "keepalives"'],
    [{ keepalives_idle: 'abc' }, 'invalid integer value "abc" for connection option "keepalives_idle"'],
    [{ tcp_user_timeout: 'x' }, 'invalid integer value "x" for connection option "tcp_user_timeout"'],
  ])('rejects %j with libpq\'s message', (keywords, message) => {
    expect(messages(keywords)).toEqual([message]);
  });

  it('lists problems in the order libpq finds them, so the first is what libpq reports', () => {
    expect(messages({ port: 'abc', sslmode: 'x' })[0]).toBe('invalid sslmode value: "x"');
    expect(messages({ host: '/x,/y', port: '1,2,3', sslmode: 'x' })[0]).toBe('could not match 3 port numbers to 2 hosts');
    expect(messages({ require_auth: 'foo', channel_binding: 'x' })[0]).toBe('invalid require_auth value: "foo"');
    expect(messages({ sslnegotiation: 'x', sslrootcert: 'system', sslmode: 'require' })[0]).toBe('weak sslmode "require" may not be used with sslrootcert=system (use "verify-full")');
    expect(messages({ load_balance_hosts: 'x', min_protocol_version: 'x' })[0]).toBe('invalid load_balance_hosts value: "x"');
    expect(messages({ min_protocol_version: '3.2', max_protocol_version: '3.0', sslmode: 'x' })[0]).toBe('invalid sslmode value: "x"');
  });

  it('reports every bad port in a list, as libpq does while it tries each host', () => {
    expect(messages({ host: '/x,/y', port: '0,abc' })).toEqual(['invalid port number: "0"', 'invalid integer value "abc" for connection option "port"']);
  });

  it('names the keyword each problem belongs to', () => {
    expect(validateConnInfo({ sslrootcert: 'system', sslmode: 'prefer' })).toEqual([
      { field: 'sslmode', code: 'SSL_WEAK_MODE_WITH_SYSTEM_ROOT', message: 'weak sslmode "prefer" may not be used with sslrootcert=system (use "verify-full")', severity: 'error' },
    ]);
  });
});
