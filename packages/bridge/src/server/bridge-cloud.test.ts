/**
 * Cloud sign-in through the bridge, over a real WebSocket, with the real SDKs pointed at the auth module's
 * loopback stand-ins: RDS IAM with a real credential_process and a stand-in "RDS" that accepts only a valid
 * SigV4 token; Microsoft Entra's device code sign-in against the stand-in authority, a connection whose token
 * reaches the stand-in Azure front end, and Browse Azure against the ARM stand-in. No token ever appears in a
 * frame or a log line (security.md T9). Also the store operations the page needed: `import.apply`,
 * `secrets.status` and group scopes.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, type Cluster } from '../../../../test/harness/index.js';
import { startArmServer, type ArmStandIn } from '../auth/testing/arm-server.js';
import { createTestCa, type TestCa } from '../auth/testing/certs.js';
import { startEntraAuthority, type DirectoryUser, type EntraAuthority } from '../auth/testing/entra-authority.js';
import { verifyJwt } from '../auth/testing/jwt.js';
import { startTokenProxy, type TokenProxy } from '../auth/testing/pg-token-proxy.js';
import { verifyRdsToken, type KnownCredentials } from '../auth/testing/sigv4.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';
import { errorCode, type TestClient } from './testing/ws-client.js';

const RDS_ENDPOINT = 'orders.abc123xyz.eu-west-1.rds.amazonaws.com';
const IAM_ROLE = { name: 'iam_app', password: 'inner-Pw-iam-only-the-proxy-knows-4' };
const PROCESS: Required<KnownCredentials> = { accessKeyId: 'ASIAPROCESSBRIDGE01', secretAccessKey: 'process/Secret/BRIDGE00000000000000000002', sessionToken: 'process-session-token-bridge' };

const CLIENT_ID = '5a8f0e5c-0b6e-4c1f-9b55-0c6f3e8f2a11';
const TENANT = '11111111-1111-4111-8111-111111111111';
const SUBSCRIPTION = '33333333-3333-4333-8333-333333333333';
const ALICE: DirectoryUser = { oid: 'aaaaaaaa-0000-4000-8000-000000000001', homeTenant: TENANT, username: 'alice@contoso.example', name: 'Alice Admin', tenants: [TENANT] };
const AZURE_SERVER = 'contoso-pg.postgres.database.azure.com';
const ENTRA_ROLE_PASSWORD = 'inner-Pw-of-the-entra-role-8';

let ca: TestCa;
let cluster: Cluster;
let rds: TokenProxy;
let azure: TokenProxy;
let authority: EntraAuthority;
let arm: ArmStandIn;
let dir: string;
let bridge: TestBridge;

beforeAll(async () => {
  dir = await makeTempDir('bridge-cloud');
  ca = await createTestCa();
  cluster = await startCluster({
    roles: [IAM_ROLE, { name: ALICE.username, password: ENTRA_ROLE_PASSWORD }],
    hba: [{ type: 'local', method: 'trust' }, { type: 'host', method: 'password' }],
  });
  rds = await startTokenProxy({
    tls: await ca.issue([RDS_ENDPOINT]),
    verify: (user, password) => {
      const verdict = verifyRdsToken(password, { endpoint: `${RDS_ENDPOINT}:${rds.port}`, user, region: 'eu-west-1', credentials: [PROCESS] });
      return verdict.ok ? undefined : verdict.reason;
    },
    upstream: { host: cluster.host, port: cluster.port, password: () => IAM_ROLE.password },
  });
  const authorityCert = await ca.issue(['localhost'], { ip: true });
  authority = await startEntraAuthority({ tls: authorityCert, users: [ALICE] });
  arm = await startArmServer({
    tls: authorityCert,
    key: authority.key,
    users: [ALICE],
    data: {
      tenants: [{ tenantId: TENANT, displayName: 'Contoso', defaultDomain: 'contoso.example' }],
      subscriptions: [{ subscriptionId: SUBSCRIPTION, displayName: 'Production', tenantId: TENANT, readers: [ALICE.oid] }],
      resourceGroups: [{ subscriptionId: SUBSCRIPTION, name: 'rg-data', location: 'westeurope' }],
      servers: [{ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-data', name: 'contoso-pg', location: 'westeurope', version: '16', entraAuth: true, passwordAuth: false }],
    },
  });
  azure = await startTokenProxy({
    tls: await ca.issue([AZURE_SERVER]),
    verify: (user, password) => {
      const verdict = verifyJwt(password, authority.key, { audience: 'https://ossrdbms-aad.database.windows.net' });
      if (!verdict.ok) return verdict.reason;
      return verdict.claims.upn === user ? undefined : `token is for ${String(verdict.claims.upn)}`;
    },
    upstream: { host: cluster.host, port: cluster.port, password: () => ENTRA_ROLE_PASSWORD },
  });

  // A real credential_process, as `aws configure` would set one up.
  const script = join(dir, 'credential-process.sh');
  const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const body = JSON.stringify({ Version: 1, AccessKeyId: PROCESS.accessKeyId, SecretAccessKey: PROCESS.secretAccessKey, SessionToken: PROCESS.sessionToken, Expiration: expiration });
  await writeFile(script, `#!/bin/sh\nprintf '%s' '${body}'\n`);
  await chmod(script, 0o755);
  await mkdir(join(dir, 'aws'));
  await writeFile(join(dir, 'aws', 'config'), `[profile process]\ncredential_process = ${script}\nregion = eu-west-1\n`);
  await writeFile(join(dir, 'aws', 'credentials'), '');

  bridge = await startTestBridge(join(dir, 'config'), {
    aws: { env: { AWS_CONFIG_FILE: join(dir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'), HOME: dir } },
    entra: { clientId: CLIENT_ID, authorityHost: authority.url, armBaseUrl: arm.url, extraCa: ca.cert },
  });
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  await Promise.all([rds?.close(), azure?.close(), arm?.close(), authority?.close()]);
  await cluster?.stop();
  await ca?.remove();
  if (dir) await removeTempDir(dir);
});

/** Whatever the stand-ins saw as a password (every token the bridge sent) appears in no frame and no log line. */
function expectNoTokens(client: TestClient, proxy: TokenProxy): void {
  const tokens = proxy.attempts.map((a) => a.password);
  expect(tokens.length).toBeGreaterThan(0);
  const visible = bridge.transcript(client);
  for (const token of tokens) expect(visible).not.toContain(token);
}

describe('hello.result', () => {
  it('offers AWS IAM, Entra and Browse Azure when they are configured', async () => {
    const { client, hello } = await bridge.connect();
    expect(hello.capabilities).toEqual(expect.arrayContaining(['ssh', 'awsIam', 'awsProfiles', 'entra', 'azureBrowse']));
    await client.close();
  });

  it('leaves Entra out without a client id, and says how to configure it', async () => {
    const plain = await startTestBridge(join(dir, 'plain'));
    try {
      const { client, hello } = await plain.connect();
      expect(hello.capabilities).not.toContain('entra');
      expect(hello.capabilities).not.toContain('azureBrowse');
      const reply = await client.request('e1', 'entra.accounts.list');
      expect(reply).toMatchObject({ type: 'error', error: { code: 'ENTRA_NOT_CONFIGURED', hint: expect.stringContaining('--entra-client-id') } });
      await client.close();
    } finally {
      await plain.close();
    }
  });
});

describe('AWS IAM through the bridge', () => {
  const profile = (): ConnectionProfile =>
    createProfile({
      name: 'Orders on RDS',
      hosts: [{ host: RDS_ENDPOINT, port: rds.port }],
      hostaddr: ['127.0.0.1'],
      database: 'postgres',
      auth: { type: 'awsIam', user: IAM_ROLE.name, profile: 'process' },
      ssl: { sslmode: 'verify-full', rootCert: { pem: ca.cert } },
      client: { connectTimeoutSeconds: 10, applicationName: 'pgconnect-iam-test' },
    });

  it('lists the AWS profiles of the user running the bridge', async () => {
    const client = await bridge.session();
    expect(await client.request('a1', 'aws.profiles.list')).toMatchObject({ profiles: [{ name: 'process', region: 'eu-west-1', sso: false }] });
    await client.close();
  });

  it('logs in with a signed token, pushes its expiry, and never shows the token', async () => {
    const client = await bridge.session();
    const opened = await client.request('o1', 'connection.open', { profile: profile() });
    expect(opened).toMatchObject({ type: 'connection.open.result', server: { user: IAM_ROLE.name } });
    if (opened.type !== 'connection.open.result') return;
    const refreshed = await client.next((m) => m.type === 'event.token.refreshed');
    expect(refreshed).toMatchObject({ connectionId: opened.connectionId, provider: 'awsIam' });
    if (refreshed.type === 'event.token.refreshed') expect(Date.parse(refreshed.expiresAt)).toBeGreaterThan(Date.now());
    expect(await client.request('q1', 'query', { connectionId: opened.connectionId, sql: 'SELECT current_user' })).toMatchObject({ rows: [[IAM_ROLE.name]] });
    expect(rds.attempts.at(-1)).toMatchObject({ user: IAM_ROLE.name, accepted: true });
    expectNoTokens(client, rds);
    await client.close();
  });

  it('refuses IAM below verify-full before signing anything', async () => {
    const client = await bridge.session();
    const before = rds.attempts.length;
    const weak = { ...profile(), ssl: { sslmode: 'require' as const } };
    const report = await client.request('t1', 'connection.test', { testId: 'weak', profile: weak });
    expect(report).toMatchObject({ type: 'connection.test.result', ok: false, code: 'AWS_TLS_NOT_VERIFIED' });
    expect(rds.attempts.length).toBe(before);
    await client.close();
  });
});

describe('Microsoft Entra through the bridge', () => {
  let accountId: string;

  it('adds an account with a device code shown to the page', async () => {
    const client = await bridge.session();
    const adding = client.request('add1', 'entra.accounts.add', { flow: 'deviceCode', tenantId: TENANT });
    const code = await client.next((m) => m.type === 'event.entra.deviceCode');
    expect(code).toMatchObject({ requestId: 'add1', verificationUri: `${authority.url}/devicelogin` });
    if (code.type !== 'event.entra.deviceCode') return;
    authority.approveDeviceCode(code.userCode, ALICE.oid);
    const added = await adding;
    expect(added).toMatchObject({ type: 'entra.accounts.add.result', account: { username: ALICE.username, tenantId: TENANT } });
    if (added.type !== 'entra.accounts.add.result') return;
    accountId = added.account.accountId;
    expect(await client.request('l1', 'entra.accounts.list')).toMatchObject({ accounts: [{ accountId, username: ALICE.username }] });
    await client.close();
  });

  it('logs in to the Azure server with the account\'s token, never showing it', async () => {
    const client = await bridge.session();
    const profile = createProfile({
      name: 'Contoso on Azure',
      hosts: [{ host: AZURE_SERVER, port: azure.port }],
      hostaddr: ['127.0.0.1'],
      database: 'postgres',
      auth: { type: 'entra', account: accountId, tenant: '', user: ALICE.username },
      ssl: { sslmode: 'verify-full', rootCert: { pem: ca.cert } },
      client: { connectTimeoutSeconds: 10, applicationName: 'pgconnect-entra-test' },
    });
    const opened = await client.request('o2', 'connection.open', { profile });
    expect(opened).toMatchObject({ type: 'connection.open.result', server: { user: ALICE.username } });
    if (opened.type !== 'connection.open.result') return;
    expect(await client.next((m) => m.type === 'event.token.refreshed')).toMatchObject({ connectionId: opened.connectionId, provider: 'entra' });
    expect(azure.attempts.at(-1)).toMatchObject({ user: ALICE.username, accepted: true });
    expectNoTokens(client, azure);
    await client.close();
  });

  it('browses the account\'s Azure subscriptions, resource groups and servers', async () => {
    const client = await bridge.session();
    expect(await client.request('s1', 'azure.subscriptions.list', { accountId })).toMatchObject({
      subscriptions: [{ subscriptionId: SUBSCRIPTION, displayName: 'Production', tenantId: TENANT }],
    });
    expect(await client.request('s2', 'azure.resourceGroups.list', { accountId, subscriptionId: SUBSCRIPTION, tenantId: TENANT })).toMatchObject({
      resourceGroups: [{ name: 'rg-data', location: 'westeurope' }],
    });
    expect(await client.request('s3', 'azure.servers.list', { accountId, subscriptionId: SUBSCRIPTION })).toMatchObject({
      servers: [{ name: 'contoso-pg', fqdn: AZURE_SERVER, entraAuth: true }],
    });
    expect(await client.request('s4', 'azure.metadata.fetch', { accountId, host: AZURE_SERVER })).toMatchObject({ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-data', serverName: 'contoso-pg' });
    expect(arm.calls.every((c) => c.oid === ALICE.oid && c.status === 200)).toBe(true);
    await client.close();
  });

  it('clears the token cache and removes the account', async () => {
    const client = await bridge.session();
    expect((await client.request('c1', 'entra.accounts.clearCache', { accountId })).type).toBe('entra.accounts.clearCache.result');
    expect((await client.request('r1', 'entra.accounts.remove', { accountId })).type).toBe('entra.accounts.remove.result');
    expect(await client.request('l2', 'entra.accounts.list')).toMatchObject({ accounts: [] });
    expect(errorCode(await client.request('t2', 'entra.tenants.list', { accountId }))).toBe('ENTRA_ACCOUNT_MISSING');
    await client.close();
  });
});

describe('stores over the socket', () => {
  it('reports where secrets are kept', async () => {
    const client = await bridge.session();
    expect(await client.request('k1', 'secrets.status')).toMatchObject({ type: 'secrets.status.result', kind: 'encrypted-file', location: expect.stringContaining(dir) });
    await client.close();
  });

  it('applies an import and reports what was imported, merged and skipped', async () => {
    const client = await bridge.session();
    const orders = (init: Partial<ConnectionProfile>) =>
      createProfile({ hosts: [{ host: 'orders.example.com', port: 5432 }], database: 'orders', auth: { type: 'password', user: 'app', savePassword: false }, ...init });
    const saved = await client.request('p0', 'profiles.save', { profile: orders({ id: 'saved-orders', name: 'Orders (saved)' }) });
    expect(saved.type).toBe('profiles.save.result');
    const text = JSON.stringify({
      format: 'pgconnect',
      version: 1,
      groups: [{ id: 'imported-group', name: 'Imported' }],
      profiles: [
        orders({ id: 'imp-1', name: 'Same target as saved', groupId: 'imported-group' }),
        orders({ id: 'imp-2', name: 'Billing', hosts: [{ host: 'billing.example.com', port: 5432 }] }),
      ],
    });
    const report = await client.request('i1', 'import.apply', { format: 'pgconnect', text });
    expect(report).toMatchObject({
      type: 'import.apply.result',
      imported: [{ name: 'Billing' }],
      merged: [{ name: 'Same target as saved', into: 'saved-orders' }],
      skipped: [],
      groupsCreated: [{ name: 'Imported' }],
    });
    const listed = await client.request('p1', 'profiles.list');
    expect(listed).toMatchObject({ profiles: expect.arrayContaining([expect.objectContaining({ name: 'Billing' }), expect.objectContaining({ id: 'saved-orders' })]) });
    await client.close();
  });

  it('lists groups with the scope they are stored in, without the built-in default group the page shows itself', async () => {
    const client = await bridge.session();
    expect(await client.request('g1', 'groups.save', { group: { id: 'team', name: 'Team' } })).toMatchObject({ group: { id: 'team', scope: 'user' } });
    const listed = await client.request('g2', 'groups.list');
    expect(listed).toMatchObject({ groups: expect.arrayContaining([{ id: 'team', name: 'Team', scope: 'user' }]) });
    expect((listed as { groups: { id: string }[] }).groups.map((g) => g.id)).not.toContain('default');
    expect(errorCode(await client.request('g3', 'groups.save', { group: { id: 'ws', name: 'Workspace', scope: 'workspace' } }))).toBe('STORE_WORKSPACE_UNAVAILABLE');
    await client.close();
  });
});
