/**
 * RDS IAM through the real SDKs (@aws-sdk/credential-providers, @aws-sdk/rds-signer) with every AWS endpoint
 * played by a local stand-in: credentials come from real config files, a real credential_process script, real
 * environment variables and a real SSO token cache plus a loopback SSO portal; every token is checked by an
 * independent SigV4 implementation; and the end-to-end tests log in to real PostgreSQL through a stand-in "RDS"
 * that accepts nothing but a valid token.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BridgeError, createProfile, type ConnectionProfile, type ProfileInit } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, type Cluster } from '../../../../test/harness/index.js';
import { connect } from '../connect/connect.js';
import type { PasswordTarget } from '../connect/types.js';
import { memoryLogger } from '../log/logger.js';
import { AwsIamAuth, type TokenIssued } from './aws-iam.js';
import { rdsTokenExpiry } from './aws/rds-token.js';
import { createTestCa, type ServerCert, type TestCa } from './testing/certs.js';
import { startSsoPortal, type SsoPortal } from './testing/aws-sso-portal.js';
import { startTokenProxy, type TokenProxy } from './testing/pg-token-proxy.js';
import { signingKey, verifyRdsToken, type KnownCredentials } from './testing/sigv4.js';

const ENDPOINT = 'mydb.abc123xyz.eu-west-1.rds.amazonaws.com';
const REGION = 'eu-west-1';
const DB_ROLE = 'iam_app';
const DB_ROLE_INNER_PASSWORD = 'inner-Pw-only-the-proxy-knows-3';

const STATIC: Required<Pick<KnownCredentials, 'accessKeyId' | 'secretAccessKey'>> = { accessKeyId: 'AKIASTATICEXAMPLE01', secretAccessKey: 'static/Secret+Key/EXAMPLE0000000000000001' };
const FORGED = { accessKeyId: STATIC.accessKeyId, secretAccessKey: 'not/the/real/secret/EXAMPLE000000000000000' };
const PROCESS: Required<KnownCredentials> = { accessKeyId: 'ASIAPROCESSEXAMPLE1', secretAccessKey: 'process/Secret/EXAMPLE000000000000000002', sessionToken: 'process-session-token/+=' };
const ENV: Required<KnownCredentials> = { accessKeyId: 'ASIAENVEXAMPLE00001', secretAccessKey: 'env/Secret/EXAMPLE0000000000000000000003', sessionToken: 'env-session-token' };
const SSO: Required<KnownCredentials> = { accessKeyId: 'ASIASSOEXAMPLE00001', secretAccessKey: 'sso/Secret/EXAMPLE0000000000000000000004', sessionToken: 'sso-session-token' };
const SSO_ACCESS_TOKEN = 'sso-portal-access-token-1';
const SSO_START_URL = 'https://example-org.awsapps.com/start';
const KNOWN: KnownCredentials[] = [STATIC, PROCESS, ENV, SSO];

let home: string;
let portal: SsoPortal;
let processLog: string;
const savedEnv = { ...process.env };

async function writeSsoCache(key: string, body: Record<string, string>): Promise<void> {
  const dir = join(home, '.aws', 'sso', 'cache');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${createHash('sha1').update(key).digest('hex')}.json`), JSON.stringify(body));
}

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');

beforeAll(async () => {
  home = await makeTempDir('aws-home');
  portal = await startSsoPortal([{ accessToken: SSO_ACCESS_TOKEN, accountId: '111122223333', roleName: 'DbConnect', credentials: SSO }]);
  processLog = join(home, 'credential-process.log');
  const script = join(home, 'credential-process.sh');
  // A real credential_process: prints the documented JSON (Version 1) and notes that it ran.
  await writeFile(script, [
    '#!/bin/sh',
    `echo ran >> '${processLog}'`,
    `printf '%s' '${JSON.stringify({ Version: 1, AccessKeyId: PROCESS.accessKeyId, SecretAccessKey: PROCESS.secretAccessKey, SessionToken: PROCESS.sessionToken, Expiration: inOneHour() })}'`,
    '',
  ].join('\n'));
  await chmod(script, 0o755);

  await mkdir(join(home, '.aws'), { recursive: true });
  await writeFile(join(home, '.aws', 'config'), [
    '[default]',
    'region = us-east-2',
    '',
    '[profile static]',
    'region = eu-west-1  # an inline comment, as the AWS CLI allows',
    '',
    '[profile process]',
    `credential_process = ${script}`,
    '',
    '[profile sso-legacy]',
    `sso_start_url = ${SSO_START_URL}`,
    'sso_region = eu-west-1',
    'sso_account_id = 111122223333',
    'sso_role_name = DbConnect',
    '',
    '[profile sso-new]',
    'sso_session = corp',
    'sso_account_id = 111122223333',
    'sso_role_name = DbConnect',
    '',
    '[sso-session corp]',
    `sso_start_url = ${SSO_START_URL}`,
    'sso_region = eu-west-1',
    'sso_registration_scopes = sso:account:access',
    '',
    '[profile sso-expired]',
    'sso_start_url = https://expired-org.awsapps.com/start',
    'sso_region = eu-west-1',
    'sso_account_id = 111122223333',
    'sso_role_name = DbConnect',
    '',
    '[profile sso-revoked]',
    'sso_start_url = https://revoked-org.awsapps.com/start',
    'sso_region = eu-west-1',
    'sso_account_id = 111122223333',
    'sso_role_name = DbConnect',
    '',
    '[profile ec2]',
    'credential_source = Ec2InstanceMetadata',
    'role_arn = arn:aws:iam::111122223333:role/Db',
    '',
    '[profile chained]',
    'role_arn = arn:aws:iam::111122223333:role/Db',
    'source_profile = ec2',
    '',
    '[services local]',
    'sso =',
    '  endpoint_url = http://127.0.0.1:1',
    '',
  ].join('\n'));
  await writeFile(join(home, '.aws', 'credentials'), [
    '[static]',
    `aws_access_key_id = ${STATIC.accessKeyId}`,
    `aws_secret_access_key = ${STATIC.secretAccessKey}`,
    '',
    '[forged]',
    `aws_access_key_id = ${FORGED.accessKeyId}`,
    `aws_secret_access_key = ${FORGED.secretAccessKey}`,
    '',
  ].join('\n'));
  await writeSsoCache(SSO_START_URL, { startUrl: SSO_START_URL, region: 'eu-west-1', accessToken: SSO_ACCESS_TOKEN, expiresAt: inOneHour() });
  await writeSsoCache('corp', { startUrl: SSO_START_URL, region: 'eu-west-1', accessToken: SSO_ACCESS_TOKEN, expiresAt: inOneHour() });
  await writeSsoCache('https://expired-org.awsapps.com/start', { startUrl: 'https://expired-org.awsapps.com/start', region: 'eu-west-1', accessToken: SSO_ACCESS_TOKEN, expiresAt: '2020-01-01T00:00:00Z' });
  await writeSsoCache('https://revoked-org.awsapps.com/start', { startUrl: 'https://revoked-org.awsapps.com/start', region: 'eu-west-1', accessToken: 'revoked-token', expiresAt: inOneHour() });
});

beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  // The SDK's own setting for a service endpoint (AWS "service-specific endpoints"): the SSO portal stand-in.
  process.env.AWS_ENDPOINT_URL_SSO = portal.url;
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

afterAll(async () => {
  await portal?.close();
  if (home) await removeTempDir(home);
});

function iamProfile(init: { awsProfile?: string; region?: string; host?: string; port?: number; sslmode?: ConnectionProfile['ssl']['sslmode'] } & ProfileInit = {}): ConnectionProfile {
  const { awsProfile, region, host, port, sslmode, ...rest } = init;
  return createProfile({
    hosts: [{ host: host ?? ENDPOINT, port: port ?? 5432 }],
    database: 'postgres',
    auth: { type: 'awsIam', user: DB_ROLE, ...(awsProfile !== undefined && { profile: awsProfile }), ...(region !== undefined && { region }) },
    ...rest,
    ssl: { sslmode: sslmode ?? 'verify-full', ...rest.ssl },
    client: { connectTimeoutSeconds: 10, applicationName: '', ...rest.client },
  });
}

/** What the connect engine asks the provider for when it logs in to one of the profile's hosts. */
function askingFor(profile: ConnectionProfile, index = 0): PasswordTarget {
  const entry = profile.hosts[index]!;
  return { host: entry.host, port: entry.port ?? 5432, user: DB_ROLE, database: profile.database || DB_ROLE };
}

async function tokenFor(profile: ConnectionProfile, auth = new AwsIamAuth()): Promise<string> {
  const provider = await auth.passwordProvider(profile);
  const token = await provider(askingFor(profile));
  if (typeof token !== 'string') throw new Error('no token');
  return token;
}

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BridgeError);
  return error as BridgeError;
}

const expectation = (port = 5432) => ({ endpoint: `${ENDPOINT}:${port}`, user: DB_ROLE, region: REGION, credentials: KNOWN });

describe('the independent SigV4 checker', () => {
  it('derives the signing key of the AWS General Reference example', () => {
    // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
    const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam');
    expect(key.toString('hex')).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });
});

describe('AWS profiles', () => {
  it('lists the profiles of ~/.aws/config and ~/.aws/credentials with their region and SSO flag', async () => {
    const list = await new AwsIamAuth().listProfiles();
    expect(list.defaultRegion).toBe('us-east-2');
    expect(list.profiles[0]).toEqual({ name: 'default', region: 'us-east-2', sso: false });
    expect(list.profiles).toContainEqual({ name: 'static', region: 'eu-west-1', sso: false });
    expect(list.profiles).toContainEqual({ name: 'forged', sso: false });
    expect(list.profiles).toContainEqual({ name: 'sso-legacy', sso: true });
    expect(list.profiles).toContainEqual({ name: 'sso-new', sso: true });
    expect(list.profiles.map((p) => p.name)).not.toContain('corp'); // an sso-session, not a profile
    expect(list.profiles.map((p) => p.name)).not.toContain('local'); // a services section
  });

  it('reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
    const dir = join(home, 'elsewhere');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'cfg'), '[profile only-here]\nregion = ap-southeast-2\n');
    await writeFile(join(dir, 'creds'), '[keys-here]\naws_access_key_id = A\naws_secret_access_key = B\n');
    const env = { ...process.env, AWS_CONFIG_FILE: join(dir, 'cfg'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds'), AWS_REGION: 'sa-east-1' };
    const list = await new AwsIamAuth({ env }).listProfiles();
    expect(list).toEqual({ profiles: [{ name: 'keys-here', sso: false }, { name: 'only-here', region: 'ap-southeast-2', sso: false }], defaultRegion: 'sa-east-1' });
  });
});

describe('RDS IAM tokens', () => {
  it('signs a static-key profile token that an independent SigV4 check accepts', async () => {
    const token = await tokenFor(iamProfile({ awsProfile: 'static' }));
    const verdict = verifyRdsToken(token, expectation());
    expect(verdict).toMatchObject({ ok: true, accessKeyId: STATIC.accessKeyId });
    if (!verdict.ok) return;
    expect(verdict.query.get('X-Amz-Expires')).toBe('900');
    expect(verdict.query.get('X-Amz-Credential')).toMatch(new RegExp(`^${STATIC.accessKeyId}/\\d{8}/${REGION}/rds-db/aws4_request$`));
    expect(token.startsWith(`${ENDPOINT}:5432/?Action=connect&DBUser=${DB_ROLE}&`)).toBe(true);
    expect(rdsTokenExpiry(token).getTime() - verdict.signedAt.getTime()).toBe(900_000);
  });

  it('refuses a token signed with another secret for the same key id', async () => {
    const token = await tokenFor(iamProfile({ awsProfile: 'forged' }));
    expect(verifyRdsToken(token, expectation())).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('signs for the endpoint and port of the profile, not for another server', async () => {
    const token = await tokenFor(iamProfile({ awsProfile: 'static', port: 6543 }));
    expect(verifyRdsToken(token, expectation(6543)).ok).toBe(true);
    expect(verifyRdsToken(token, expectation(5432))).toMatchObject({ ok: false, reason: expect.stringContaining('signed for') });
  });

  it('runs a credential_process profile and signs with the credentials it printed', async () => {
    const token = await tokenFor(iamProfile({ awsProfile: 'process' }));
    expect(verifyRdsToken(token, expectation())).toMatchObject({ ok: true, accessKeyId: PROCESS.accessKeyId });
    expect(new URLSearchParams(token.split('?')[1]).get('X-Amz-Security-Token')).toBe(PROCESS.sessionToken);
  });

  it('uses environment keys when no profile is chosen, and ignores them when one is', async () => {
    process.env.AWS_ACCESS_KEY_ID = ENV.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = ENV.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = ENV.sessionToken;
    expect(verifyRdsToken(await tokenFor(iamProfile()), expectation())).toMatchObject({ ok: true, accessKeyId: ENV.accessKeyId });
    expect(verifyRdsToken(await tokenFor(iamProfile({ awsProfile: 'static' })), expectation())).toMatchObject({ ok: true, accessKeyId: STATIC.accessKeyId });
  });

  it('gets SSO role credentials from the portal with the cached sign-in, once for many tokens', async () => {
    const auth = new AwsIamAuth();
    const profile = iamProfile({ awsProfile: 'sso-legacy' });
    const provider = await auth.passwordProvider(profile);
    const before = portal.calls.length;
    const tokens = [await provider(askingFor(profile)), await provider(askingFor(profile)), await provider(askingFor(profile))] as string[];
    for (const token of tokens) expect(verifyRdsToken(token, expectation())).toMatchObject({ ok: true, accessKeyId: SSO.accessKeyId });
    expect(portal.calls.slice(before)).toEqual([{ accountId: '111122223333', roleName: 'DbConnect', known: true }]);
  });

  it('reads an sso-session profile the same way', async () => {
    const token = await tokenFor(iamProfile({ awsProfile: 'sso-new' }));
    expect(verifyRdsToken(token, expectation())).toMatchObject({ ok: true, accessKeyId: SSO.accessKeyId });
  });

  it('tells the user to run aws sso login when the cached SSO sign-in has expired', async () => {
    const before = portal.calls.length;
    const error = await failure(tokenFor(iamProfile({ awsProfile: 'sso-expired' })));
    expect(error.code).toBe('AWS_SSO_EXPIRED');
    expect(error.hint).toContain('aws sso login --profile sso-expired');
    expect(portal.calls.length).toBe(before);
  });

  it('reports an SSO sign-in the portal no longer accepts as expired too', async () => {
    const error = await failure(tokenFor(iamProfile({ awsProfile: 'sso-revoked' })));
    expect(error.code).toBe('AWS_SSO_EXPIRED');
    expect(portal.calls.at(-1)).toEqual({ accountId: '111122223333', roleName: 'DbConnect', known: false });
  });

  it('refuses profiles whose credentials come from credential_source, directly or through source_profile', async () => {
    for (const awsProfile of ['ec2', 'chained']) {
      const error = await failure(new AwsIamAuth().passwordProvider(iamProfile({ awsProfile })));
      expect(error.code).toBe('AWS_CREDENTIAL_SOURCE_UNSUPPORTED');
      expect(error.message).toContain('credential_source = Ec2InstanceMetadata');
    }
    expect(process.env.AWS_EC2_METADATA_DISABLED).toBe('true');
  });

  it('names a profile that does not exist', async () => {
    const error = await failure(new AwsIamAuth().passwordProvider(iamProfile({ awsProfile: 'nope' })));
    expect(error.code).toBe('AWS_PROFILE_NOT_FOUND');
    expect(error.message).toContain('nope');
  });

  it('reports missing credentials when the default chain finds none', async () => {
    const env = { ...process.env, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') };
    const profile = iamProfile();
    const provider = await new AwsIamAuth({ env }).passwordProvider(profile);
    expect((await failure(Promise.resolve().then(() => provider(askingFor(profile))))).code).toBe('AWS_NO_CREDENTIALS');
  });
});

describe('which connections may get an IAM token', () => {
  it('refuses a host that is not an RDS or Aurora endpoint before any credential is resolved', async () => {
    await rm(processLog, { force: true });
    const error = await failure(new AwsIamAuth().passwordProvider(iamProfile({ awsProfile: 'process', host: 'evil.example', region: REGION })));
    expect(error.code).toBe('AWS_HOST_NOT_ALLOWED');
    expect(await readFile(processLog, 'utf8').catch(() => 'not run')).toBe('not run');
  });

  it('signs for a host the operator allowed', async () => {
    const auth = new AwsIamAuth({ allowedHosts: ['*.db.internal.example'] });
    const token = await tokenFor(iamProfile({ awsProfile: 'static', host: 'orders.db.internal.example', region: REGION }), auth);
    expect(verifyRdsToken(token, { ...expectation(), endpoint: 'orders.db.internal.example:5432' }).ok).toBe(true);
    await expect(tokenFor(iamProfile({ awsProfile: 'static', host: 'db.internal.example', region: REGION }), auth)).rejects.toMatchObject({ code: 'AWS_HOST_NOT_ALLOWED' });
  });

  it.each(['disable', 'prefer', 'require', 'verify-ca'] as const)('refuses sslmode %s', async (sslmode) => {
    const error = await failure(new AwsIamAuth().passwordProvider(iamProfile({ awsProfile: 'static', sslmode })));
    expect(error.code).toBe('AWS_TLS_NOT_VERIFIED');
  });

  it('asks for the region when the endpoint has none, and uses the one entered', async () => {
    const global = 'orders.global-abc123.global.rds.amazonaws.com';
    expect((await failure(new AwsIamAuth().passwordProvider(iamProfile({ awsProfile: 'static', host: global })))).code).toBe('AWS_REGION_UNKNOWN');
    const token = await tokenFor(iamProfile({ awsProfile: 'static', host: global, region: 'ap-northeast-1' }));
    expect(verifyRdsToken(token, { ...expectation(), endpoint: `${global}:5432`, region: 'ap-northeast-1' }).ok).toBe(true);
  });

  it('signs with the endpoint region even when another region was entered', async () => {
    const plan = await new AwsIamAuth().plan(iamProfile({ awsProfile: 'static', region: 'us-west-2' }));
    expect(plan.targets).toEqual([{ host: ENDPOINT, port: 5432, region: REGION, regionSource: 'host' }]);
    expect(plan.warnings[0]).toContain('us-west-2');
  });
});

describe('multi-host profiles', () => {
  const WRITER = 'orders.cluster-abc123xyz.eu-west-1.rds.amazonaws.com';
  const REPLICA = 'orders-replica.def456uvw.us-east-1.rds.amazonaws.com';
  const twoHosts = () => iamProfile({ awsProfile: 'static', hosts: [{ host: WRITER, port: 5432 }, { host: REPLICA, port: 5433 }] });

  it('signs each token for the host that asks, in that host\'s own region', async () => {
    const profile = twoHosts();
    const provider = await new AwsIamAuth().passwordProvider(profile);
    const writerToken = String(await provider(askingFor(profile, 0)));
    const replicaToken = String(await provider(askingFor(profile, 1)));
    const writer = { ...expectation(), endpoint: `${WRITER}:5432`, region: 'eu-west-1' };
    const replica = { ...expectation(), endpoint: `${REPLICA}:5433`, region: 'us-east-1' };
    expect(verifyRdsToken(writerToken, writer).ok).toBe(true);
    expect(verifyRdsToken(replicaToken, replica).ok).toBe(true);
    expect(verifyRdsToken(replicaToken, writer).ok).toBe(false);
  });

  it('signs for no host the profile does not list, whoever asks', async () => {
    const profile = twoHosts();
    const provider = await new AwsIamAuth().passwordProvider(profile);
    const asked = Promise.resolve().then(() => provider({ ...askingFor(profile, 0), host: 'other.abc123xyz.eu-west-1.rds.amazonaws.com' }));
    expect((await failure(asked)).code).toBe('AWS_HOST_NOT_ALLOWED');
    const wrongPort = Promise.resolve().then(() => provider({ ...askingFor(profile, 0), port: 5433 }));
    expect((await failure(wrongPort)).code).toBe('AWS_HOST_NOT_ALLOWED');
  });

  it('refuses the profile when any of its hosts is not an RDS endpoint', async () => {
    const profile = iamProfile({ awsProfile: 'static', hosts: [{ host: WRITER, port: 5432 }, { host: 'evil.example', port: 5432 }] });
    expect((await failure(new AwsIamAuth().passwordProvider(profile))).code).toBe('AWS_HOST_NOT_ALLOWED');
  });
});

describe('logging in to PostgreSQL with an IAM token', () => {
  let ca: TestCa;
  let cluster: Cluster;
  let proxy: TokenProxy;
  let clock = () => new Date();

  beforeAll(async () => {
    ca = await createTestCa();
    cluster = await startCluster({
      roles: [{ name: DB_ROLE, password: DB_ROLE_INNER_PASSWORD }],
      hba: [{ type: 'local', method: 'trust' }, { type: 'host', user: DB_ROLE, method: 'password' }, { type: 'host', method: 'scram-sha-256' }],
    });
    const tls = await ca.issue([ENDPOINT]);
    proxy = await startTokenProxy({
      tls,
      verify: (user, password) => {
        const verdict = verifyRdsToken(password, { endpoint: `${ENDPOINT}:${proxy.port}`, user, region: REGION, credentials: KNOWN, now: clock() });
        return verdict.ok ? undefined : verdict.reason;
      },
      upstream: { host: cluster.host, port: cluster.port, password: () => DB_ROLE_INNER_PASSWORD },
      refusalMessage: (user) => `PAM authentication failed for user "${user}"`,
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
    await ca?.remove();
  });

  afterEach(() => {
    clock = () => new Date();
  });

  /** The RDS name is dialled on 127.0.0.1 (`hostaddr`), and TLS is verified against that name with the test CA. */
  const throughProxy = (awsProfile: string) =>
    iamProfile({ awsProfile, port: proxy.port, hostaddr: ['127.0.0.1'], ssl: { sslmode: 'verify-full', rootCert: { pem: ca.cert } } });

  it('logs in with a fresh token for every new connection', async () => {
    const issued: TokenIssued[] = [];
    const { logger, lines } = memoryLogger();
    const profile = throughProxy('static');
    const password = await new AwsIamAuth({ logger }).passwordProvider(profile, { onToken: (t) => issued.push(t) });
    const before = proxy.attempts.length;
    for (let i = 0; i < 2; i++) {
      const { client, endpoint } = await connect(profile, {}, { password, homeDir: null, logger });
      try {
        const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
        expect(rows[0]?.user).toBe(DB_ROLE);
        expect(endpoint.tls).toMatchObject({ encrypted: true, verified: true });
      } finally {
        await client.end();
      }
    }
    const attempts = proxy.attempts.slice(before);
    expect(attempts.map((a) => a.accepted)).toEqual([true, true]);
    expect(issued).toHaveLength(2);
    expect(issued[0]?.provider).toBe('awsIam');
    for (const attempt of attempts) {
      // The token reached the server as the password, and it was never written to the log.
      expect(lines.join('\n')).not.toContain(attempt.password);
      expect(lines.join('\n')).not.toContain(new URLSearchParams(attempt.password.split('?')[1]).get('X-Amz-Signature'));
    }
  });

  /** An "RDS endpoint" that accepts only tokens signed for its own name, port and region. */
  async function rdsStandIn(host: string, region: string, tls: ServerCert): Promise<TokenProxy> {
    const standIn: TokenProxy = await startTokenProxy({
      tls,
      verify: (user, password) => {
        const verdict = verifyRdsToken(password, { endpoint: `${host}:${standIn.port}`, user, region, credentials: KNOWN });
        return verdict.ok ? undefined : verdict.reason;
      },
      upstream: { host: cluster.host, port: cluster.port, password: () => DB_ROLE_INNER_PASSWORD },
      refusalMessage: (user) => `PAM authentication failed for user "${user}"`,
    });
    return standIn;
  }

  it('signs for the host that asks as the engine walks a multi-host profile', async () => {
    const hosts = [
      { host: 'orders-a.abc123xyz.eu-west-1.rds.amazonaws.com', region: 'eu-west-1' },
      { host: 'orders-b.def456uvw.us-east-1.rds.amazonaws.com', region: 'us-east-1' },
    ];
    const tls = await ca.issue(hosts.map((h) => h.host));
    const [a, b] = await Promise.all(hosts.map((h) => rdsStandIn(h.host, h.region, tls))) as [TokenProxy, TokenProxy];
    try {
      // prefer-standby visits both (neither is a standby) and then settles on the first: tokens for A, B, A.
      const profile = iamProfile({
        awsProfile: 'static',
        hosts: [{ host: hosts[0]!.host, port: a.port }, { host: hosts[1]!.host, port: b.port }],
        hostaddr: ['127.0.0.1', '127.0.0.1'],
        ssl: { sslmode: 'verify-full', rootCert: { pem: ca.cert } },
        client: { targetSessionAttrs: 'prefer-standby' },
      });
      const { client, endpoint } = await connect(profile, {}, { password: await new AwsIamAuth().passwordProvider(profile), homeDir: null });
      await client.end();
      expect(endpoint.host).toBe(hosts[0]!.host);
      expect(a.attempts.map((t) => t.accepted)).toEqual([true, true]);
      expect(b.attempts.map((t) => t.accepted)).toEqual([true]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('is refused with AWS_TOKEN_REJECTED when the token was signed with the wrong secret', async () => {
    const before = proxy.attempts.length;
    const profile = throughProxy('forged');
    const error = await failure(connect(profile, {}, { password: await new AwsIamAuth().passwordProvider(profile), homeDir: null }));
    expect(error.code).toBe('AWS_TOKEN_REJECTED');
    expect(proxy.attempts.slice(before)).toMatchObject([{ accepted: false, reason: 'signature does not match' }]);
  });

  it('is refused once the token is older than 15 minutes', async () => {
    clock = () => new Date(Date.now() + 16 * 60_000); // the server sees the token 16 minutes after it was signed
    const before = proxy.attempts.length;
    const profile = throughProxy('static');
    const error = await failure(connect(profile, {}, { password: await new AwsIamAuth().passwordProvider(profile), homeDir: null }));
    expect(error.code).toBe('AWS_TOKEN_REJECTED');
    expect(proxy.attempts.slice(before)).toMatchObject([{ accepted: false, reason: 'token expired' }]);
  });
});
