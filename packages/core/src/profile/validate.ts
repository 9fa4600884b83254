/**
 * Pure validation, shared by the dialog (which shows issues after interaction) and the bridge (which re-runs it
 * on everything it receives). Two entry points:
 *  - `validateProfile`: field-level issues with plain-language messages, for the form;
 *  - `validateConnInfo`: libpq's own connect-time checks on a raw keyword map, with libpq 18's messages, in the
 *    order libpq makes them (so the first issue is the error libpq would report).
 * Every message was checked against libpq 18 (`PQconnectStart`/`PQconnectdb`), not guessed.
 */
import { detectRds, inferRdsRegion } from '../providers/rds.js';
import { isIpLiteral, isSocketPath } from './hosts.js';
import { SSL_MODES, TARGET_SESSION_ATTRS, TLS_VERSIONS } from './profile.js';
import type { ConnectionProfile, HostPort, PemSource, SshAuth, TlsVersion } from './profile.js';

export type IssueSeverity = 'error' | 'warning';

/** Stable codes; the UI and the bridge may switch on them. */
export type ValidationCode =
  | 'HOST_REQUIRED'
  | 'HOST_EMPTY_ENTRY'
  | 'PORT_NOT_INTEGER'
  | 'PORT_OUT_OF_RANGE'
  | 'PORT_COUNT_MISMATCH'
  | 'HOSTADDR_COUNT_MISMATCH'
  | 'HOSTADDR_NOT_NUMERIC'
  | 'SOCKET_NOT_ALLOWED'
  | 'ENV_VAR_REQUIRED'
  | 'ENV_VAR_NOT_ALLOWED'
  | 'SERVICE_NOT_ALLOWED'
  | 'FILE_PATH_NOT_ALLOWED'
  | 'PEM_SOURCE_EMPTY'
  | 'USER_REQUIRED'
  | 'ENTRA_ACCOUNT_REQUIRED'
  | 'AWS_IAM_REGION_REQUIRED'
  | 'AWS_IAM_REGION_INVALID'
  | 'AWS_IAM_HOST_NOT_RDS'
  | 'TOKEN_WITHOUT_TLS'
  | 'VALUE_NOT_ALLOWED'
  | 'SSL_VERIFY_FULL_NO_HOST_NAME'
  | 'SSL_NOT_USED_OVER_SOCKET'
  | 'SSL_ROOT_CERT_UNSET'
  | 'SSL_CLIENT_KEY_MISSING'
  | 'SSL_CLIENT_CERT_MISSING'
  | 'SSL_WEAK_MODE_WITH_SYSTEM_ROOT'
  | 'SSL_WEAK_MODE_WITH_DIRECT'
  | 'TLS_VERSION_RANGE'
  | 'PROTOCOL_VERSION_RANGE'
  | 'CHANNEL_BINDING_NEEDS_TLS'
  | 'CHANNEL_BINDING_NEEDS_SCRAM'
  | 'INTEGER_INVALID'
  | 'CONNECT_TIMEOUT_INVALID'
  | 'KEEPALIVE_INVALID'
  | 'REQUIRE_AUTH_MIXED'
  | 'REQUIRE_AUTH_UNKNOWN'
  | 'REQUIRE_AUTH_DUPLICATE'
  | 'APPLICATION_NAME_TOO_LONG'
  | 'APPLICATION_NAME_NOT_ASCII'
  | 'SSH_HOST_KEY_INVALID'
  | 'SSH_AGENT_NOT_ALLOWED';

export interface ValidationIssue {
  /** Dotted path of the field the issue belongs to: `hosts.0.port`, `ssl.clientKey`, `auth.user`; for
   * `validateConnInfo`, the libpq keyword. */
  field: string;
  code: ValidationCode;
  message: string;
  /** An error blocks connecting; a warning is shown but the connection may proceed. */
  severity: IssueSeverity;
  hint?: string;
}

export interface ValidationContext {
  /**
   * Where the profile will be used. In `'server'` mode (a bridge reachable by other people) the bridge refuses
   * anything that reads the bridge machine's files or sockets: certificate and key paths, password files,
   * services, Unix sockets and the SSH agent. Default `'local'`: the page belongs to the user running the bridge.
   */
  bridge?: 'local' | 'server';
}

/** PostgreSQL keeps application_name to NAMEDATALEN - 1 bytes. */
const APPLICATION_NAME_MAX_BYTES = 63;
const ENV_VAR_PATTERN = /^USER_DEFINED_[A-Za-z0-9_]*$/;
const SSH_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function validateProfile(profile: ConnectionProfile, context: ValidationContext = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (field: string, code: ValidationCode, message: string, extra: { hint?: string; severity?: IssueSeverity } = {}) =>
    issues.push({ field, code, message, severity: extra.severity ?? 'error', ...(extra.hint ? { hint: extra.hint } : {}) });
  const serverMode = context.bridge === 'server';

  checkSource(profile, serverMode, add);
  checkAuth(profile, serverMode, add);
  checkSsl(profile, serverMode, add);
  checkClient(profile, add);
  if (profile.ssh?.enabled) checkSsh(profile, serverMode, add);
  return issues;
}

type Add = (field: string, code: ValidationCode, message: string, extra?: { hint?: string; severity?: IssueSeverity }) => void;

function checkSource(profile: ConnectionProfile, serverMode: boolean, add: Add): void {
  if (profile.mode === 'envVar') {
    const name = profile.envVar ?? '';
    if (name === '') add('envVar', 'ENV_VAR_REQUIRED', 'Enter the name of the environment variable that holds the connection URL.');
    else if (!ENV_VAR_PATTERN.test(name)) {
      add('envVar', 'ENV_VAR_NOT_ALLOWED', 'Only environment variables whose names start with USER_DEFINED_ can be used.', {
        hint: 'The prefix keeps the bridge from handing out its own secrets, such as AWS or database credentials.',
      });
    }
    return;
  }
  if (profile.service !== undefined && profile.service !== '' && serverMode) {
    add('service', 'SERVICE_NOT_ALLOWED', 'Services from pg_service.conf cannot be used on a shared bridge.');
  }
  const hasService = profile.service !== undefined && profile.service !== '';
  const hostaddr = profile.hostaddr ?? [];

  if (profile.hosts.length === 0 && !hasService) {
    add('hosts.0.host', 'HOST_REQUIRED', 'Enter the server name or IP address.');
  }
  profile.hosts.forEach((entry, i) => {
    checkPort(entry, `hosts.${i}.port`, add);
    if (entry.host === '') {
      if (hostaddr[i]) return;
      if (i === 0 && !hasService) add(`hosts.${i}.host`, 'HOST_REQUIRED', 'Enter the server name or IP address.');
      else if (i > 0) {
        add(`hosts.${i}.host`, 'HOST_EMPTY_ENTRY', 'This empty entry connects to the default local server.', {
          severity: 'warning',
          hint: 'Type localhost or a socket directory to make that explicit, or remove the entry.',
        });
      }
    } else if (isSocketPath(entry.host) && serverMode) {
      add(`hosts.${i}.host`, 'SOCKET_NOT_ALLOWED', 'Unix-domain sockets on the bridge machine cannot be used on a shared bridge.');
    }
  });

  if (hostaddr.length > 0) {
    const singleDefaultHost = profile.hosts.length === 1 && profile.hosts[0]?.host === '';
    if (profile.hosts.length !== hostaddr.length && !singleDefaultHost) {
      add('hostaddr', 'HOSTADDR_COUNT_MISMATCH', `There are ${profile.hosts.length} host names but ${hostaddr.length} host addresses.`, {
        hint: `libpq: could not match ${profile.hosts.length} host names to ${hostaddr.length} hostaddr values. Give one address per host.`,
      });
    }
    hostaddr.forEach((address, i) => {
      if (address !== '' && !isIpLiteral(address)) {
        add(`hostaddr.${i}`, 'HOSTADDR_NOT_NUMERIC', `"${address}" is not an IP address.`, {
          hint: 'Host address takes numeric IPv4 or IPv6 addresses only; put names in the host field.',
        });
      }
    });
  }
}

function checkPort(entry: HostPort, field: string, add: Add): void {
  if (entry.port === undefined) return;
  if (!Number.isInteger(entry.port)) add(field, 'PORT_NOT_INTEGER', 'The port must be a whole number.');
  else if (entry.port < 1 || entry.port > 65535) add(field, 'PORT_OUT_OF_RANGE', 'The port must be between 1 and 65535.');
}

function checkAuth(profile: ConnectionProfile, serverMode: boolean, add: Add): void {
  const { auth } = profile;
  const needsUser = auth.type === 'password' || auth.type === 'awsIam' || auth.type === 'entra' || auth.type === 'certificate';
  // In environment-variable mode the user comes from the URL in the variable.
  if (needsUser && auth.user.trim() === '' && profile.mode !== 'envVar') {
    add('auth.user', 'USER_REQUIRED', auth.type === 'entra' ? 'Enter the Microsoft Entra user name (the PostgreSQL role).' : 'Enter the user name.');
  }
  if (auth.type === 'entra' && auth.account.trim() === '') {
    add('auth.account', 'ENTRA_ACCOUNT_REQUIRED', 'Choose the Microsoft Entra account to sign in with.');
  }
  if (auth.type === 'pgpass' && serverMode) {
    add('auth.passfile', 'FILE_PATH_NOT_ALLOWED', 'A password file on the bridge machine cannot be used on a shared bridge.');
  }
  if (auth.type === 'awsIam') checkAwsIam(profile, auth.region, add);

  if (auth.type === 'awsIam' || auth.type === 'entra') {
    const tokenName = auth.type === 'awsIam' ? 'The IAM token' : 'The Entra token';
    const mode = profile.ssl.sslmode;
    if (mode === 'disable') {
      add('ssl.sslmode', 'TOKEN_WITHOUT_TLS', `${tokenName} is sent as a clear-text password, so it needs TLS.`, {
        hint: 'Choose verify-full (or at least require).',
      });
    } else if (mode === 'allow' || mode === 'prefer') {
      add('ssl.sslmode', 'TOKEN_WITHOUT_TLS', `${tokenName} is sent as a clear-text password and ${mode} may connect without TLS.`, {
        severity: 'warning',
        hint: 'Choose verify-full (or at least require).',
      });
    }
  }
}

function checkAwsIam(profile: ConnectionProfile, region: string | undefined, add: Add): void {
  if (region !== undefined && region !== '') {
    if (!AWS_REGION.test(region)) add('auth.region', 'AWS_IAM_REGION_INVALID', `"${region}" is not an AWS region name such as us-east-1.`);
  }
  if (profile.mode === 'envVar') return;
  const regionGiven = region !== undefined && region !== '';
  let regionMissing = false;
  profile.hosts.forEach((entry, i) => {
    if (inferRdsRegion(entry.host) !== null) return;
    if (!regionGiven) regionMissing = true;
    // A global database endpoint is an RDS name without a region: with the region entered, it is fine.
    else if (detectRds(entry.host) === null) {
      add(`hosts.${i}.host`, 'AWS_IAM_HOST_NOT_RDS', 'This is not an RDS or Aurora endpoint name.', {
        severity: 'warning',
        hint: 'IAM tokens are signed for the host name; use the endpoint AWS gives you, not a CNAME or IP address.',
      });
    }
  });
  if (regionMissing) {
    add('auth.region', 'AWS_IAM_REGION_REQUIRED', 'Enter the AWS region: it cannot be read from this server name.', {
      hint: 'Standard RDS and Aurora endpoints contain the region; global database endpoints, IP addresses and CNAMEs do not.',
    });
  }
}

function checkSsl(profile: ConnectionProfile, serverMode: boolean, add: Add): void {
  const { ssl } = profile;
  if (!SSL_MODES.includes(ssl.sslmode)) {
    add('ssl.sslmode', 'VALUE_NOT_ALLOWED', `"${String(ssl.sslmode)}" is not an sslmode.`, { hint: `Use one of ${SSL_MODES.join(', ')}.` });
    return;
  }
  for (const [key, source] of [['rootCert', ssl.rootCert], ['clientCert', ssl.clientCert], ['clientKey', ssl.clientKey], ['crl', ssl.crl]] as const) {
    if (source !== undefined && source !== 'system') checkPemSource(source, `ssl.${key}`, serverMode, add);
  }
  if (ssl.clientCert && !ssl.clientKey) {
    add('ssl.clientKey', 'SSL_CLIENT_KEY_MISSING', 'A client certificate needs its private key.');
  } else if (ssl.clientKey && !ssl.clientCert) {
    add('ssl.clientCert', 'SSL_CLIENT_CERT_MISSING', 'A client key needs its certificate.');
  }

  if (ssl.rootCert === 'system' && ssl.sslmode !== 'verify-full') {
    add('ssl.sslmode', 'SSL_WEAK_MODE_WITH_SYSTEM_ROOT', 'The system trust store can only be used with verify-full.', {
      hint: `libpq refuses it: weak sslmode "${ssl.sslmode}" may not be used with sslrootcert=system. Any public CA will issue a certificate for someone else's name, so only a name check makes it safe.`,
    });
  }
  checkEnum(ssl.sslnegotiation, ['postgres', 'direct'], 'ssl.sslnegotiation', add);
  if (ssl.sslnegotiation === 'direct' && !['require', 'verify-ca', 'verify-full'].includes(ssl.sslmode)) {
    add('ssl.sslmode', 'SSL_WEAK_MODE_WITH_DIRECT', 'Direct TLS negotiation needs an sslmode that always encrypts.', {
      hint: `libpq refuses weak sslmode "${ssl.sslmode}" with sslnegotiation=direct: use require, verify-ca or verify-full.`,
    });
  }
  checkEnum(ssl.minTlsVersion, TLS_VERSIONS, 'ssl.minTlsVersion', add);
  checkEnum(ssl.maxTlsVersion, TLS_VERSIONS, 'ssl.maxTlsVersion', add);
  if (ssl.maxTlsVersion && tlsIndex(ssl.minTlsVersion ?? 'TLSv1.2') > tlsIndex(ssl.maxTlsVersion)) {
    add('ssl.maxTlsVersion', 'TLS_VERSION_RANGE', `The highest TLS version is below the lowest (${ssl.minTlsVersion ?? 'TLSv1.2, the default'}).`);
  }
  checkEnum(ssl.certMode, ['disable', 'allow', 'require'], 'ssl.certMode', add);
  checkEnum(ssl.channelBinding, ['disable', 'prefer', 'require'], 'ssl.channelBinding', add);
  if (ssl.channelBinding === 'require') {
    if (ssl.sslmode === 'disable') {
      add('ssl.channelBinding', 'CHANNEL_BINDING_NEEDS_TLS', 'Channel binding needs TLS, and sslmode is disable.');
    } else if (['awsIam', 'entra', 'none', 'certificate'].includes(profile.auth.type)) {
      add('ssl.channelBinding', 'CHANNEL_BINDING_NEEDS_SCRAM', 'Channel binding works only with SCRAM password authentication.', {
        hint: 'Tokens and certificates do not use SCRAM, so libpq would refuse the connection.',
      });
    }
  }

  if (ssl.sslmode === 'verify-ca' || ssl.sslmode === 'verify-full') {
    if (ssl.rootCert === undefined) {
      add('ssl.rootCert', 'SSL_ROOT_CERT_UNSET', 'No root certificate is chosen: libpq falls back to ~/.postgresql/root.crt and fails if it is missing.', {
        severity: 'warning',
        hint: 'Choose the system trust store for publicly trusted servers, or your provider\'s CA certificate.',
      });
    }
  }
  if (profile.mode !== 'envVar') checkTlsPerHost(profile, add);
}

/** Sockets never use TLS, and verify-full needs a name to compare the certificate with. */
function checkTlsPerHost(profile: ConnectionProfile, add: Add): void {
  const { sslmode, serverName } = profile.ssl;
  if (sslmode !== 'require' && sslmode !== 'verify-ca' && sslmode !== 'verify-full') return;
  profile.hosts.forEach((entry, i) => {
    if (isSocketPath(entry.host)) {
      const verifying = sslmode !== 'require';
      add(`hosts.${i}.host`, 'SSL_NOT_USED_OVER_SOCKET', `Unix-domain sockets never use TLS, so ${sslmode} cannot be honoured for this host.`, {
        severity: verifying ? 'error' : 'warning',
        hint: 'libpq connects over a socket without encryption. Use a TCP host name, or choose prefer for local sockets.',
      });
    } else if (sslmode === 'verify-full' && entry.host === '' && !serverName) {
      add(`hosts.${i}.host`, 'SSL_VERIFY_FULL_NO_HOST_NAME', 'verify-full needs a host name to check the certificate against.', {
        hint: 'Enter the server name (an IP address works when the certificate lists it), or set the TLS server name.',
      });
    }
  });
}

function checkClient(profile: ConnectionProfile, add: Add): void {
  const { client } = profile;
  if (!Number.isInteger(client.connectTimeoutSeconds) || client.connectTimeoutSeconds < 0) {
    add('client.connectTimeoutSeconds', 'CONNECT_TIMEOUT_INVALID', 'The connect timeout must be a whole number of seconds, 0 or more (0 waits for ever).');
  }
  if (client.keepalivesIdleSeconds !== undefined) {
    // Linux accepts TCP_KEEPIDLE from 1 to 32767 seconds; libpq reports the setsockopt failure at connect time.
    const idle = client.keepalivesIdleSeconds;
    if (!Number.isInteger(idle) || idle < 1 || idle > 32767) {
      add('client.keepalivesIdleSeconds', 'KEEPALIVE_INVALID', 'The keepalive idle time must be a whole number of seconds from 1 to 32767.');
    }
  }
  checkEnum(client.targetSessionAttrs, TARGET_SESSION_ATTRS, 'client.targetSessionAttrs', add);
  checkEnum(client.loadBalanceHosts, ['disable', 'random'], 'client.loadBalanceHosts', add);
  checkEnum(client.gssencmode, ['disable', 'prefer', 'require'], 'client.gssencmode', add);
  if (client.requireAuth) {
    const problem = checkRequireAuth(client.requireAuth);
    if (problem) add('client.requireAuth', problem.code, problem.plain, { hint: `libpq: ${problem.libpq}` });
  }
  checkApplicationName(client.applicationName, add);
}

function checkApplicationName(name: string, add: Add): void {
  // PostgreSQL 16+ replaces each byte outside printable ASCII with a \xNN escape, then keeps 63 bytes.
  let serverBytes = 0;
  let nonAscii = false;
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) serverBytes += 1;
    else {
      nonAscii = true;
      serverBytes += 4 * utf8Length(code);
    }
  }
  if (nonAscii) {
    add('client.applicationName', 'APPLICATION_NAME_NOT_ASCII', 'PostgreSQL shows characters outside plain ASCII as escapes such as \\xc3\\xa9.', { severity: 'warning' });
  }
  if (serverBytes > APPLICATION_NAME_MAX_BYTES) {
    add('client.applicationName', 'APPLICATION_NAME_TOO_LONG', `PostgreSQL keeps only the first ${APPLICATION_NAME_MAX_BYTES} bytes of the application name.`, { severity: 'warning' });
  }
}

function checkSsh(profile: ConnectionProfile, serverMode: boolean, add: Add): void {
  const ssh = profile.ssh;
  if (!ssh) return;
  const hops = [{ prefix: 'ssh', hop: ssh }, ...(ssh.jumpHosts ?? []).map((hop, i) => ({ prefix: `ssh.jumpHosts.${i}`, hop }))];
  for (const { prefix, hop } of hops) {
    if (hop.host.trim() === '') add(`${prefix}.host`, 'HOST_REQUIRED', 'Enter the SSH server name or IP address.');
    checkPort({ host: hop.host, port: hop.port }, `${prefix}.port`, add);
    if (hop.user.trim() === '') add(`${prefix}.user`, 'USER_REQUIRED', 'Enter the SSH user name.');
    checkSshAuth(hop.auth, `${prefix}.auth`, serverMode, add);
    if (hop.knownHostKey !== undefined && !SSH_FINGERPRINT.test(hop.knownHostKey.trim())) {
      add(`${prefix}.knownHostKey`, 'SSH_HOST_KEY_INVALID', 'The host key fingerprint must look like SHA256:… (43 base64 characters).', {
        hint: 'Run ssh-keygen -lf on the server\'s public host key, or ssh-keyscan HOST | ssh-keygen -lf -, and copy the SHA256 value.',
      });
    }
  }
  if (ssh.keepaliveSeconds !== undefined && (!Number.isInteger(ssh.keepaliveSeconds) || ssh.keepaliveSeconds < 0)) {
    add('ssh.keepaliveSeconds', 'KEEPALIVE_INVALID', 'The SSH keepalive interval must be a whole number of seconds, 0 or more (0 turns it off).');
  }
}

function checkSshAuth(auth: SshAuth, field: string, serverMode: boolean, add: Add): void {
  if (auth.type === 'privateKey') checkPemSource(auth.key, `${field}.key`, serverMode, add);
  if (auth.type === 'agent' && serverMode) {
    add(`${field}.type`, 'SSH_AGENT_NOT_ALLOWED', 'The SSH agent of the bridge machine cannot be used on a shared bridge.');
  }
}

function checkPemSource(source: PemSource, field: string, serverMode: boolean, add: Add): void {
  if ('path' in source) {
    if (source.path.trim() === '') add(field, 'PEM_SOURCE_EMPTY', 'Choose a file.');
    else if (serverMode) add(field, 'FILE_PATH_NOT_ALLOWED', 'Files on the bridge machine cannot be used on a shared bridge: paste the PEM text instead.');
  } else if (source.pem.trim() === '') {
    add(field, 'PEM_SOURCE_EMPTY', 'Paste the PEM text.');
  }
}

function checkEnum<T extends string>(value: T | undefined, allowed: readonly T[], field: string, add: Add): void {
  if (value !== undefined && !allowed.includes(value)) {
    add(field, 'VALUE_NOT_ALLOWED', `"${value}" is not allowed here.`, { hint: `Use one of ${allowed.join(', ')}.` });
  }
}

function tlsIndex(version: string): number {
  return TLS_VERSIONS.findIndex((v) => v.toLowerCase() === version.toLowerCase());
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* require_auth, parsed the way pqConnectOptions2 parses it                                                      */

const REQUIRE_AUTH_METHODS = ['password', 'md5', 'gss', 'sspi', 'scram-sha-256', 'oauth', 'none'];

interface RequireAuthProblem {
  code: 'REQUIRE_AUTH_MIXED' | 'REQUIRE_AUTH_UNKNOWN' | 'REQUIRE_AUTH_DUPLICATE';
  libpq: string;
  plain: string;
}

/** Comma-separated, no trimming; either every method is negated (`!md5,!password`) or none is. */
function checkRequireAuth(value: string): RequireAuthProblem | null {
  let negated = false;
  const seen = new Set<string>();
  for (const [i, part] of value.split(',').entries()) {
    let method = part;
    if (method.startsWith('!')) {
      if (i > 0 && !negated) {
        return { code: 'REQUIRE_AUTH_MIXED', libpq: `negative require_auth method "${part}" cannot be mixed with non-negative methods`, plain: 'Either list the methods to allow or the methods to refuse (with !), not both.' };
      }
      negated = true;
      method = method.slice(1);
    } else if (negated) {
      return { code: 'REQUIRE_AUTH_MIXED', libpq: `require_auth method "${part}" cannot be mixed with negative methods`, plain: 'Either list the methods to allow or the methods to refuse (with !), not both.' };
    }
    if (!REQUIRE_AUTH_METHODS.includes(method)) {
      return { code: 'REQUIRE_AUTH_UNKNOWN', libpq: `invalid require_auth value: "${method}"`, plain: `"${method}" is not an authentication method. Use ${REQUIRE_AUTH_METHODS.join(', ')}.` };
    }
    if (seen.has(method)) {
      return { code: 'REQUIRE_AUTH_DUPLICATE', libpq: `require_auth method "${part}" is specified more than once`, plain: `"${part}" is listed twice.` };
    }
    seen.add(method);
  }
  return null;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* libpq's connect-time checks on a raw keyword map                                                             */

/**
 * The checks libpq 18 makes after parsing and before (or while) connecting, on keywords as `PQconninfoParse`
 * returns them: no environment variables, no service file. Issues come in libpq's order, so the first one is
 * what libpq itself would report; the rest are what it would report after that one was fixed.
 */
export function validateConnInfo(keywords: Record<string, string>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fail = (field: string, code: ValidationCode, message: string) => issues.push({ field, code, message, severity: 'error' });
  const set = (key: string): string | undefined => keywords[key];
  const nonEmpty = (key: string): string | undefined => (keywords[key] ? keywords[key] : undefined);
  const values = (key: string, allowed: readonly string[]) => {
    const value = set(key);
    if (value !== undefined && !allowed.includes(value)) fail(key, 'VALUE_NOT_ALLOWED', `invalid ${key} value: "${value}"`);
  };

  // Host slots: hostaddr decides the count when given, then host, else one default host.
  const hostaddr = nonEmpty('hostaddr');
  const host = nonEmpty('host');
  const hostCount = hostaddr ? countList(hostaddr) : host ? countList(host) : 1;
  if (hostaddr && host && countList(host) !== hostCount) {
    fail('host', 'HOSTADDR_COUNT_MISMATCH', `could not match ${countList(host)} host names to ${hostCount} hostaddr values`);
  }
  const port = nonEmpty('port');
  if (port && countList(port) !== 1 && countList(port) !== hostCount) {
    fail('port', 'PORT_COUNT_MISMATCH', `could not match ${countList(port)} port numbers to ${hostCount} hosts`);
  }

  const requireAuth = nonEmpty('require_auth');
  if (requireAuth) {
    const problem = checkRequireAuth(requireAuth);
    if (problem) fail('require_auth', problem.code, problem.libpq);
  }
  values('channel_binding', ['disable', 'prefer', 'require']);
  values('sslmode', SSL_MODES);

  // An explicit sslmode wins; otherwise sslrootcert=system raises libpq's default from prefer to verify-full.
  const system = set('sslrootcert') === 'system';
  const sslmode = set('sslmode') ?? (system ? 'verify-full' : 'prefer');
  const sslmodeValid = (SSL_MODES as readonly string[]).includes(sslmode);
  if (system && sslmodeValid && sslmode !== 'verify-full') {
    fail('sslmode', 'SSL_WEAK_MODE_WITH_SYSTEM_ROOT', `weak sslmode "${sslmode}" may not be used with sslrootcert=system (use "verify-full")`);
  }
  values('sslnegotiation', ['postgres', 'direct']);
  if (set('sslnegotiation') === 'direct' && sslmodeValid && !['require', 'verify-ca', 'verify-full'].includes(sslmode)) {
    fail('sslmode', 'SSL_WEAK_MODE_WITH_DIRECT', `weak sslmode "${sslmode}" may not be used with sslnegotiation=direct (use "require", "verify-ca", or "verify-full")`);
  }

  const sslMin = set('ssl_min_protocol_version');
  const sslMax = set('ssl_max_protocol_version');
  for (const [key, value] of [['ssl_min_protocol_version', sslMin], ['ssl_max_protocol_version', sslMax]] as const) {
    // An empty value means "no limit"; names compare case-insensitively.
    if (value && tlsIndex(value) < 0) fail(key, 'VALUE_NOT_ALLOWED', `invalid "${key}" value: "${value}"`);
  }
  const effectiveMin: TlsVersion | string = sslMin || 'TLSv1.2';
  if (sslMax && tlsIndex(sslMax) >= 0 && tlsIndex(effectiveMin) >= 0 && tlsIndex(effectiveMin) > tlsIndex(sslMax)) {
    fail('ssl_max_protocol_version', 'TLS_VERSION_RANGE', 'invalid SSL protocol version range');
  }

  values('sslcertmode', ['disable', 'allow', 'require']);
  values('gssencmode', ['disable', 'prefer', 'require']);
  values('target_session_attrs', TARGET_SESSION_ATTRS);
  values('load_balance_hosts', ['disable', 'random']);

  // 'latest' is currently 3.2.
  const protocols: Record<string, number> = { '3.0': 0, '3.2': 2, latest: 2 };
  const minProtocol = set('min_protocol_version');
  const maxProtocol = set('max_protocol_version');
  values('min_protocol_version', Object.keys(protocols));
  values('max_protocol_version', Object.keys(protocols));
  const minRank = minProtocol === undefined ? undefined : protocols[minProtocol];
  const maxRank = maxProtocol === undefined ? undefined : protocols[maxProtocol];
  if (minRank !== undefined && maxRank !== undefined && minRank > maxRank) {
    fail('min_protocol_version', 'PROTOCOL_VERSION_RANGE', '"min_protocol_version" is greater than "max_protocol_version"');
  }

  // From here on libpq checks while connecting: each host's port as it is tried, then the TCP options.
  if (port) {
    for (const entry of port.split(',')) {
      if (entry === '') continue; // an empty entry means 5432
      const value = parseIntParam(entry);
      if (value === null) fail('port', 'PORT_NOT_INTEGER', `invalid integer value "${entry}" for connection option "port"`);
      else if (value < 1 || value > 65535) fail('port', 'PORT_OUT_OF_RANGE', `invalid port number: "${entry}"`);
    }
  }
  for (const key of ['connect_timeout', 'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout']) {
    const value = set(key);
    if (value !== undefined && parseIntParam(value) === null) {
      fail(key, 'INTEGER_INVALID', `invalid integer value "${value}" for connection option "${key}"`);
    }
  }
  return issues;
}

function countList(list: string): number {
  return list.split(',').length;
}

/** libpq's `parse_int_param`: strtol with surrounding whitespace allowed, and the result must fit an int. */
function parseIntParam(text: string): number | null {
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)[ \t\n\v\f\r]*$/.exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return value >= -2147483648 && value <= 2147483647 ? value : null;
}
