/**
 * Microsoft Entra through the real @azure/msal-node, with the identity platform and Azure Resource Manager played
 * by loopback HTTPS stand-ins that speak their documented wire formats (trusted through the bridge's own HTTPS
 * client, never by turning verification off). The end-to-end tests log in to real PostgreSQL through a stand-in
 * Azure front end that accepts only a correctly signed, unexpired token for the ossrdbms audience whose UPN is
 * the role name — the check Azure Database for PostgreSQL makes.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError, createProfile, type ConnectionProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, type Cluster } from '../../../../test/harness/index.js';
import { connect } from '../connect/connect.js';
import { memoryLogger } from '../log/logger.js';
import { EncryptedFileBackend } from '../store/secrets-file.js';
import type { TokenIssued } from './aws-iam.js';
import { EntraAuth, type DeviceCodePrompt, type EntraOptions } from './entra.js';
import { startArmServer, type ArmStandIn } from './testing/arm-server.js';
import { createTestCa, type ServerCert, type TestCa } from './testing/certs.js';
import { startEntraAuthority, type DirectoryUser, type EntraAuthority } from './testing/entra-authority.js';
import { verifyJwt } from './testing/jwt.js';
import { startTokenProxy, type TokenProxy } from './testing/pg-token-proxy.js';

const CLIENT_ID = '5a8f0e5c-0b6e-4c1f-9b55-0c6f3e8f2a11';
const HOME = '11111111-1111-4111-8111-111111111111';
const PARTNER = '22222222-2222-4222-8222-222222222222';
const ALICE: DirectoryUser = { oid: 'aaaaaaaa-0000-4000-8000-000000000001', homeTenant: HOME, username: 'alice@contoso.example', name: 'Alice Admin', tenants: [HOME, PARTNER] };
const BOB: DirectoryUser = { oid: 'bbbbbbbb-0000-4000-8000-000000000002', homeTenant: HOME, username: 'bob@contoso.example', name: 'Bob Browser', tenants: [HOME] };
const SERVER = 'contoso-pg.postgres.database.azure.com';
const POSTGRES_AUDIENCE = 'https://ossrdbms-aad.database.windows.net';
const INNER_PASSWORD = 'inner-Pw-of-the-entra-role-7';
const SUB_PROD = '33333333-3333-4333-8333-333333333333';
const SUB_DEV = '44444444-4444-4444-8444-444444444444';
const SUB_PARTNER = '55555555-5555-4555-8555-555555555555';
const SUB_LOCKED = '66666666-6666-4666-8666-666666666666';

let ca: TestCa;
let authorityCert: ServerCert;
let authority: EntraAuthority;
let arm: ArmStandIn;
let aliceId: string;
let bobId: string;
/** One bridge-side EntraAuth holding both accounts, as the bridge would. */
let entra: EntraAuth;

/** The "user" enters the code once the bridge is polling, so the first poll sees authorization_pending. */
function approveWhenPolling(user: DirectoryUser, into: DeviceCodePrompt[]) {
  return (prompt: DeviceCodePrompt) => {
    into.push(prompt);
    const polls = () => authority.grants.filter((g) => g.grantType.endsWith('device_code')).length;
    const start = polls();
    const timer = setInterval(() => {
      if (polls() > start) {
        clearInterval(timer);
        authority.approveDeviceCode(prompt.userCode, user.oid);
      }
    }, 20);
  };
}

/** A browser that follows the authorize page's form_post back to MSAL's loopback listener. */
async function browser(url: string): Promise<void> {
  const html = await new Promise<string>((resolve, reject) => {
    httpsRequest(url, { ca: ca.cert }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject).end();
  });
  const action = new URL(/<form method="POST"[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&#38;', '&') ?? '');
  const fields = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m): [string, string] => [m[1]!, m[2]!]));
  await new Promise<void>((resolve, reject) => {
    const body = fields.toString();
    httpRequest({ host: action.hostname, port: action.port, path: action.pathname, method: 'POST', family: 4, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject).end(body);
  });
}

function entraOptions(extra: Partial<EntraOptions> = {}): EntraOptions {
  return { clientId: CLIENT_ID, authorityHost: authority.url, armBaseUrl: arm.url, extraCa: ca.cert, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BridgeError);
  return error as BridgeError;
}

function entraProfile(init: { accountId?: string; user?: string; tenant?: string; host?: string; port?: number; sslmode?: ConnectionProfile['ssl']['sslmode']; hostaddr?: string[]; rootCert?: string } = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host: init.host ?? SERVER, port: init.port ?? 5432 }],
    ...(init.hostaddr && { hostaddr: init.hostaddr }),
    database: 'postgres',
    auth: { type: 'entra', account: init.accountId ?? aliceId, tenant: init.tenant ?? '', user: init.user ?? ALICE.username },
    ssl: { sslmode: init.sslmode ?? 'verify-full', ...(init.rootCert && { rootCert: { pem: init.rootCert } }) },
    client: { connectTimeoutSeconds: 10, applicationName: '' },
  });
}

beforeAll(async () => {
  ca = await createTestCa();
  authorityCert = await ca.issue(['localhost'], { ip: true });
  // Under 300 s, so MSAL considers every cached token due for renewal: each connection exercises the refresh grant.
  authority = await startEntraAuthority({ tls: authorityCert, users: [ALICE, BOB], accessTokenLifetimeSeconds: 240 });
  arm = await startArmServer({
    tls: authorityCert,
    key: authority.key,
    users: [ALICE, BOB],
    pageSize: 1,
    data: {
      tenants: [
        { tenantId: HOME, displayName: 'Contoso', defaultDomain: 'contoso.example' },
        { tenantId: PARTNER, displayName: 'Fabrikam', defaultDomain: 'fabrikam.example' },
      ],
      subscriptions: [
        { subscriptionId: SUB_PROD, displayName: 'Production', tenantId: HOME, readers: [BOB.oid, ALICE.oid] },
        { subscriptionId: SUB_DEV, displayName: 'Development', tenantId: HOME, readers: [BOB.oid] },
        { subscriptionId: SUB_PARTNER, displayName: 'Partner', tenantId: PARTNER, readers: [ALICE.oid] },
        { subscriptionId: SUB_LOCKED, displayName: 'Locked', tenantId: HOME, readers: [] },
      ],
      resourceGroups: [
        { subscriptionId: SUB_PROD, name: 'rg-data', location: 'westeurope' },
        { subscriptionId: SUB_PROD, name: 'rg-web', location: 'westeurope' },
        { subscriptionId: SUB_PROD, name: 'rg-ops', location: 'northeurope' },
      ],
      servers: [
        { subscriptionId: SUB_PROD, resourceGroup: 'rg-data', name: 'contoso-pg', location: 'westeurope', version: '16', entraAuth: true, passwordAuth: false },
        { subscriptionId: SUB_PROD, resourceGroup: 'rg-data', name: 'contoso-pg-replica', location: 'westeurope', version: '16', entraAuth: true, passwordAuth: true },
        { subscriptionId: SUB_PROD, resourceGroup: 'rg-web', name: 'web-pg', location: 'westeurope', version: '17', entraAuth: false, passwordAuth: true },
        { subscriptionId: SUB_DEV, resourceGroup: 'rg-dev', name: 'dev-pg', location: 'northeurope', version: '17', entraAuth: true, passwordAuth: true },
      ],
    },
  });
  entra = new EntraAuth(entraOptions({ openBrowser: browser }));
  const prompts: DeviceCodePrompt[] = [];
  aliceId = (await entra.addAccount({ flow: 'deviceCode', onDeviceCode: approveWhenPolling(ALICE, prompts) })).accountId;
  authority.signInAs(BOB.oid);
  bobId = (await entra.addAccount({ flow: 'authCode' })).accountId;
});

afterAll(async () => {
  entra?.close();
  await arm?.close();
  await authority?.close();
  await ca?.remove();
});

describe('adding Entra accounts', () => {
  it('signs in with a device code, after the user enters it', async () => {
    const fresh = new EntraAuth(entraOptions());
    const prompts: DeviceCodePrompt[] = [];
    const before = authority.grants.length;
    const account = await fresh.addAccount({ flow: 'deviceCode', onDeviceCode: approveWhenPolling(ALICE, prompts) });
    expect(account).toEqual({ accountId: `${ALICE.oid}.${HOME}`, username: ALICE.username, displayName: ALICE.name, tenantId: HOME });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]?.verificationUri).toBe(`${authority.url}/devicelogin`);
    expect(prompts[0]?.userCode).toMatch(/^[0-9A-F]{9}$/);
    expect(prompts[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const polls = authority.grants.slice(before).filter((g) => g.grantType.endsWith('device_code'));
    expect(polls.length).toBeGreaterThanOrEqual(2); // authorization_pending, then the token
    expect(polls.at(-1)).toMatchObject({ oid: ALICE.oid, scope: expect.stringContaining('https://ossrdbms-aad.database.windows.net/.default') });
    fresh.close();
  });

  it('signs in through the browser with PKCE and a loopback redirect', async () => {
    const opened: URL[] = [];
    const fresh = new EntraAuth(entraOptions({ openBrowser: async (url) => { opened.push(new URL(url)); await browser(url); } }));
    authority.signInAs(BOB.oid);
    const account = await fresh.addAccount({ flow: 'authCode' });
    expect(account).toMatchObject({ username: BOB.username, tenantId: HOME });
    const query = opened[0]!.searchParams;
    expect(opened[0]!.origin + opened[0]!.pathname).toBe(`${authority.url}/organizations/oauth2/v2.0/authorize`);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(query.get('response_mode')).toBe('form_post');
    fresh.close();
  });

  it('stops waiting for the browser when the sign-in is cancelled, and closes the loopback listener', async () => {
    let redirect: URL | undefined;
    const controller = new AbortController();
    const fresh = new EntraAuth(entraOptions({ openBrowser: async (url) => {
      redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
      controller.abort(); // the user closed the tab; nothing comes back
    } }));
    const error = await failure(fresh.addAccount({ flow: 'authCode', signal: controller.signal }));
    expect(error.code).toBe('BRIDGE_CANCELLED');
    const refused = await new Promise<string>((resolve) => {
      httpRequest({ host: '127.0.0.1', port: redirect!.port, path: '/' }, () => resolve('answered')).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error')).end();
    });
    expect(refused).toBe('ECONNREFUSED');
    fresh.close();
  });

  it('reports an expired device code', async () => {
    const shortLived = await startEntraAuthority({ tls: authorityCert, users: [ALICE], deviceCodeLifetimeSeconds: 1 });
    const fresh = new EntraAuth(entraOptions({ authorityHost: shortLived.url }));
    const error = await failure(fresh.addAccount({ flow: 'deviceCode', onDeviceCode: () => {} }));
    expect(error.code).toBe('ENTRA_DEVICE_CODE_EXPIRED');
    fresh.close();
    await shortLived.close();
  });
});

describe('managing Entra accounts', () => {
  it('lists the signed-in accounts', async () => {
    const accounts = await entra.listAccounts();
    expect(accounts.map((a) => a.username).sort()).toEqual([ALICE.username, BOB.username]);
  });

  it('lists the tenants of an account, following nextLink', async () => {
    expect(await entra.listTenants(aliceId)).toEqual([
      { tenantId: HOME, displayName: 'Contoso', defaultDomain: 'contoso.example' },
      { tenantId: PARTNER, displayName: 'Fabrikam', defaultDomain: 'fabrikam.example' },
    ]);
  });

  it('keeps the token cache encrypted in the secret store, for the next bridge run', async () => {
    const dir = await makeTempDir('entra-cache');
    try {
      const backend = new EncryptedFileBackend(join(dir, 'secrets.enc.json'), { key: randomBytes(32), source: 'test' });
      const first = new EntraAuth(entraOptions({ secretBackend: backend }));
      const account = await first.addAccount({ flow: 'deviceCode', onDeviceCode: approveWhenPolling(ALICE, []) });
      first.close();
      const stored = await readFile(join(dir, 'secrets.enc.json'), 'utf8');
      expect(stored).not.toContain(ALICE.username);
      expect(stored).not.toContain('RefreshToken');

      const second = new EntraAuth(entraOptions({ secretBackend: backend }));
      expect((await second.listAccounts()).map((a) => a.accountId)).toEqual([account.accountId]);
      const before = authority.grants.filter((g) => g.grantType === 'refresh_token').length;
      await second.acquireToken(account.accountId, { scope: second.cloud.managementScope });
      expect(authority.grants.filter((g) => g.grantType === 'refresh_token').length).toBe(before + 1);
      second.close();
    } finally {
      await removeTempDir(dir);
    }
  });

  it('clears cached access tokens but keeps the account signed in', async () => {
    const local = new EntraAuth(entraOptions());
    const account = await local.addAccount({ flow: 'deviceCode', onDeviceCode: approveWhenPolling(BOB, []) });
    await local.clearCache(account.accountId);
    expect((await local.listAccounts()).map((a) => a.accountId)).toEqual([account.accountId]);
    const token = await local.acquireToken(account.accountId, { scope: local.cloud.postgresScope });
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now());
    local.close();
  });

  it('removes an account, after which it cannot be used', async () => {
    const local = new EntraAuth(entraOptions());
    const account = await local.addAccount({ flow: 'deviceCode', onDeviceCode: approveWhenPolling(BOB, []) });
    await local.removeAccount(account.accountId);
    expect(await local.listAccounts()).toEqual([]);
    expect((await failure(local.acquireToken(account.accountId, { scope: local.cloud.postgresScope }))).code).toBe('ENTRA_ACCOUNT_MISSING');
    local.close();
  });
});

describe('Browse Azure with a second account', () => {
  it('lists subscriptions, resource groups and servers as the browsing account, page by page', async () => {
    const before = arm.calls.length;
    expect(await entra.arm.subscriptions(bobId)).toEqual([
      { subscriptionId: SUB_DEV, displayName: 'Development', tenantId: HOME },
      { subscriptionId: SUB_PROD, displayName: 'Production', tenantId: HOME },
    ]);
    expect(await entra.arm.resourceGroups(bobId, SUB_PROD)).toEqual([
      { name: 'rg-data', location: 'westeurope' },
      { name: 'rg-ops', location: 'northeurope' },
      { name: 'rg-web', location: 'westeurope' },
    ]);
    expect(await entra.arm.servers(bobId, SUB_PROD, { resourceGroup: 'rg-data' })).toEqual([
      { name: 'contoso-pg', resourceGroup: 'rg-data', location: 'westeurope', fqdn: SERVER, version: '16', state: 'Ready', entraAuth: true, passwordAuth: false },
      { name: 'contoso-pg-replica', resourceGroup: 'rg-data', location: 'westeurope', fqdn: `contoso-pg-replica.${SERVER.split('.').slice(1).join('.')}`, version: '16', state: 'Ready', entraAuth: true, passwordAuth: true },
    ]);
    expect((await entra.arm.servers(bobId, SUB_PROD)).map((s) => s.name)).toEqual(['contoso-pg', 'contoso-pg-replica', 'web-pg']);
    const calls = arm.calls.slice(before);
    expect(new Set(calls.map((c) => c.oid))).toEqual(new Set([BOB.oid]));
    expect(calls.filter((c) => c.path.endsWith('/resourcegroups'))).toHaveLength(3); // one page per group
  });

  it('lists subscriptions in every tenant of the account', async () => {
    expect((await entra.arm.subscriptions(aliceId)).map((s) => s.subscriptionId)).toEqual([SUB_PARTNER, SUB_PROD]);
  });

  it('fetches the subscription and resource group of a server by its host name', async () => {
    expect(await entra.arm.metadata(bobId, `${SERVER.toUpperCase()}.`)).toEqual({ subscriptionId: SUB_PROD, resourceGroup: 'rg-data', serverName: 'contoso-pg', location: 'westeurope' });
    expect((await failure(entra.arm.metadata(bobId, 'nowhere.postgres.database.azure.com'))).code).toBe('AZURE_SERVER_NOT_FOUND');
  });

  it('reports a subscription the account may not read', async () => {
    expect((await failure(entra.arm.resourceGroups(bobId, SUB_LOCKED))).code).toBe('AZURE_ACCESS_DENIED');
  });
});

describe('which connections may get an Entra token', () => {
  it('refuses a host that is not an Azure PostgreSQL server, without fetching a token', async () => {
    const before = authority.grants.length;
    expect((await failure(entra.passwordProvider(entraProfile({ host: 'evil.example' })))).code).toBe('ENTRA_HOST_NOT_ALLOWED');
    expect((await failure(entra.passwordProvider(entraProfile({ host: `${SERVER}.evil.example` })))).code).toBe('ENTRA_HOST_NOT_ALLOWED');
    expect(authority.grants.length).toBe(before);
  });

  it('allows a host the operator listed', async () => {
    const allowing = new EntraAuth(entraOptions({ allowedHosts: ['pg.internal.example'] }));
    // The account lives in the other instance's cache, so this one knows no accounts: the host check passed first.
    expect((await failure(allowing.passwordProvider(entraProfile({ host: 'pg.internal.example' })))).code).toBe('ENTRA_ACCOUNT_MISSING');
    allowing.close();
  });

  it.each(['require', 'verify-ca', 'prefer'] as const)('refuses sslmode %s', async (sslmode) => {
    expect((await failure(entra.passwordProvider(entraProfile({ sslmode })))).code).toBe('ENTRA_TLS_NOT_VERIFIED');
  });

  it('names an account that is not signed in', async () => {
    expect((await failure(entra.passwordProvider(entraProfile({ accountId: 'nobody.nowhere' })))).code).toBe('ENTRA_ACCOUNT_MISSING');
  });

  it('gives no token to a host the plan did not allow, even when asked directly', async () => {
    const provider = await entra.passwordProvider(entraProfile());
    const asked = Promise.resolve().then(() => provider({ host: 'evil.example', port: 5432, user: ALICE.username, database: 'postgres' }));
    expect((await failure(asked)).code).toBe('ENTRA_HOST_NOT_ALLOWED');
  });

  it('gets the token in the tenant the profile names', async () => {
    const provider = await entra.passwordProvider(entraProfile({ tenant: PARTNER }));
    const verdict = verifyJwt(String(await provider({ host: SERVER, port: 5432, user: ALICE.username, database: 'postgres' })), authority.key, { audience: POSTGRES_AUDIENCE });
    expect(verdict).toMatchObject({ ok: true, claims: { tid: PARTNER, upn: ALICE.username } });
  });
});

describe('logging in to PostgreSQL with an Entra token', () => {
  let cluster: Cluster;
  let proxy: TokenProxy;

  beforeAll(async () => {
    cluster = await startCluster({
      roles: [{ name: ALICE.username, password: INNER_PASSWORD }],
      hba: [{ type: 'local', method: 'trust' }, { type: 'host', user: ALICE.username, method: 'password' }, { type: 'host', method: 'scram-sha-256' }],
    });
    proxy = await startTokenProxy({
      tls: await ca.issue([SERVER]),
      // What Azure checks: the token's signature, audience and lifetime, and that its UPN is the role logging in.
      verify: (user, password) => {
        const verdict = verifyJwt(password, authority.key, { audience: POSTGRES_AUDIENCE });
        if (!verdict.ok) return verdict.reason;
        return verdict.claims.upn === user ? undefined : `token is for ${String(verdict.claims.upn)}`;
      },
      upstream: { host: cluster.host, port: cluster.port, password: () => INNER_PASSWORD },
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
  });

  const throughProxy = (init: Parameters<typeof entraProfile>[0] = {}) =>
    entraProfile({ port: proxy.port, hostaddr: ['127.0.0.1'], rootCert: ca.cert, ...init });

  it('logs in with the device-code account\'s token, refreshed silently for each new connection', async () => {
    const { logger, lines } = memoryLogger();
    const issued: TokenIssued[] = [];
    const profile = throughProxy();
    const password = await entra.passwordProvider(profile, { onToken: (t) => issued.push(t) });
    const refreshes = () => authority.grants.filter((g) => g.grantType === 'refresh_token' && g.oid === ALICE.oid).length;
    const before = { attempts: proxy.attempts.length, refreshes: refreshes() };
    for (let i = 0; i < 2; i++) {
      const { client, endpoint } = await connect(profile, {}, { password, homeDir: null, logger });
      try {
        const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
        expect(rows[0]?.user).toBe(ALICE.username);
        expect(endpoint.tls.verified).toBe(true);
      } finally {
        await client.end();
      }
    }
    const attempts = proxy.attempts.slice(before.attempts);
    expect(attempts.map((a) => a.accepted)).toEqual([true, true]);
    expect(attempts[0]?.password).not.toBe(attempts[1]?.password);
    expect(refreshes()).toBe(before.refreshes + 2);
    expect(issued.map((t) => t.provider)).toEqual(['entra', 'entra']);
    for (const attempt of attempts) expect(lines.join('\n')).not.toContain(attempt.password);
  });

  it('is refused with ENTRA_TOKEN_REJECTED when the token belongs to another principal', async () => {
    const before = proxy.attempts.length;
    const profile = throughProxy({ accountId: bobId, user: ALICE.username });
    const error = await failure(connect(profile, {}, { password: await entra.passwordProvider(profile), homeDir: null }));
    expect(error.code).toBe('ENTRA_TOKEN_REJECTED');
    expect(proxy.attempts.slice(before)).toMatchObject([{ accepted: false, reason: `token is for ${BOB.username}` }]);
  });

  it('asks for a new sign-in when the refresh token was revoked, and sends nothing', async () => {
    const local = new EntraAuth(entraOptions());
    const account = await local.addAccount({ flow: 'deviceCode', onDeviceCode: approveWhenPolling(ALICE, []) });
    authority.revokeRefreshTokens(ALICE.oid);
    const before = proxy.attempts.length;
    const profile = throughProxy({ accountId: account.accountId });
    const error = await failure(connect(profile, {}, { password: await local.passwordProvider(profile), homeDir: null }));
    expect(error.code).toBe('ENTRA_TOKEN_EXPIRED');
    expect(proxy.attempts.length).toBe(before);
    local.close();
  });
});
