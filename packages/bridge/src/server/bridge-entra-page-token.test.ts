/**
 * A Microsoft Entra token the page obtained itself (msal-browser's popup) and handed to the bridge in
 * `secrets.entraToken`, over a real WebSocket, in front of a real cluster: the stand-in Azure front end checks
 * the token it receives as the password. Refusals happen before anything is dialled, and the token appears in
 * no frame and no log line (security.md T9, T12).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type BridgeMessage, type ConnectionProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, type Cluster } from '../../../../test/harness/index.js';
import { createTestCa, type TestCa } from '../auth/testing/certs.js';
import { createSigningKey, signJwt, verifyJwt } from '../auth/testing/jwt.js';
import { startTokenProxy, type TokenProxy } from '../auth/testing/pg-token-proxy.js';
import { memoryLogger } from '../log/logger.js';
import { createBridge, type Bridge } from './bridge.js';
import { TestClient } from './testing/ws-client.js';

const AZURE_SERVER = 'contoso-pg.postgres.database.azure.com';
const INTERNAL_SERVER = 'pg.internal.example';
const USER = 'alice@contoso.example';
const ROLE_PASSWORD = 'inner-Pw-of-the-entra-role-9';
const AUDIENCE = 'https://ossrdbms-aad.database.windows.net';

const key = createSigningKey();
/** A token as Entra issues it for the ossrdbms scope; each carries a canary so a leak is found by grep. */
const pageToken = (claims: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ aud: AUDIENCE, iat: now, nbf: now, exp: now + 3600, upn: USER, canary: `page-token-canary-${Math.random()}`, ...claims }, key);
};

let ca: TestCa;
let cluster: Cluster;
let azure: TokenProxy;
let dir: string;
let plain: Bridge;
let configured: Bridge;
let logs: string[][] = [];
const given: string[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  dir = await makeTempDir('bridge-entra-page-token');
  ca = await createTestCa();
  cluster = await startCluster({ roles: [{ name: USER, password: ROLE_PASSWORD }], hba: [{ type: 'local', method: 'trust' }, { type: 'host', method: 'password' }] });
  azure = await startTokenProxy({
    tls: await ca.issue([AZURE_SERVER, INTERNAL_SERVER]),
    verify: (user, password) => {
      const verdict = verifyJwt(password, key, { audience: AUDIENCE });
      if (!verdict.ok) return verdict.reason;
      return verdict.claims.upn === user ? undefined : `token is for ${String(verdict.claims.upn)}`;
    },
    upstream: { host: cluster.host, port: cluster.port, password: () => ROLE_PASSWORD },
  });
  const a = memoryLogger();
  const b = memoryLogger();
  logs = [a.lines, b.lines];
  // No Entra client id: the bridge cannot sign in at all, but the page can.
  plain = createBridge({ logger: a.logger, stores: { userDir: join(dir, 'plain'), secretStore: 'encrypted-file', env: {} }, limits: { connectsPerMinute: 100, globalConnectsPerMinute: 100 } });
  configured = createBridge({
    logger: b.logger,
    stores: { userDir: join(dir, 'configured'), secretStore: 'encrypted-file', env: {} },
    limits: { connectsPerMinute: 100, globalConnectsPerMinute: 100 },
    entra: { clientId: '5a8f0e5c-0b6e-4c1f-9b55-0c6f3e8f2a11', allowedHosts: [INTERNAL_SERVER] },
  });
  await Promise.all([plain.listen(), configured.listen()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all([plain?.close(), configured?.close()]);
  await azure?.close();
  await cluster?.stop();
  await ca?.remove();
  if (dir) await removeTempDir(dir);
});

/** One session per bridge for the whole file (a bridge caps sessions per client). */
const sessions = new Map<Bridge, Promise<TestClient>>();
function session(bridge: Bridge): Promise<TestClient> {
  let opened = sessions.get(bridge);
  if (!opened) {
    opened = TestClient.connect(bridge.url ?? '', { token: bridge.token }).then(({ client }) => (clients.push(client), client));
    sessions.set(bridge, opened);
  }
  return opened;
}

const profile = (patch: Partial<ConnectionProfile> = {}): ConnectionProfile =>
  createProfile({
    name: 'Contoso on Azure',
    hosts: [{ host: AZURE_SERVER, port: azure.port }],
    hostaddr: ['127.0.0.1'],
    database: 'postgres',
    auth: { type: 'entra', account: 'msal-browser-account', tenant: '', user: USER },
    ssl: { sslmode: 'verify-full', rootCert: { pem: ca.cert } },
    client: { connectTimeoutSeconds: 10, applicationName: 'pgconnect-page-token-test' },
    ...patch,
  });

let testIds = 0;
async function test(client: TestClient, target: ConnectionProfile, entraToken: string): Promise<BridgeMessage> {
  given.push(entraToken);
  const testId = `pt${++testIds}`;
  return client.request(testId, 'connection.test', { testId, profile: target, secrets: { entraToken } });
}

describe('a page-supplied Entra token', () => {
  it('reaches the server as the password and connects, on a bridge without Entra configured', async () => {
    const client = await session(plain);
    const token = pageToken();
    const report = await test(client, profile(), token);
    expect(report).toMatchObject({ type: 'connection.test.result', ok: true, server: { user: USER } });
    expect(azure.attempts.at(-1)).toMatchObject({ user: USER, accepted: true, password: token });
  });

  it('opens a pooled connection with it, and reports the token expiry', async () => {
    const client = await session(plain);
    const entraToken = pageToken();
    given.push(entraToken);
    const opened = await client.request('o1', 'connection.open', { profile: profile(), secrets: { entraToken } });
    expect(opened).toMatchObject({ type: 'connection.open.result', server: { user: USER } });
    if (opened.type !== 'connection.open.result') return;
    expect(await client.next((m) => m.type === 'event.token.refreshed')).toMatchObject({ connectionId: opened.connectionId, provider: 'entra' });
    expect(await client.request('q1', 'query', { connectionId: opened.connectionId, sql: 'SELECT current_user' })).toMatchObject({ rows: [[USER]] });
  });

  it.each<[string, Partial<ConnectionProfile>, Record<string, unknown>, string]>([
    ['a token for another audience', {}, { aud: 'https://management.azure.com' }, 'ENTRA_TOKEN_REJECTED'],
    ['an expired token', {}, { exp: Math.floor(Date.now() / 1000) - 60 }, 'ENTRA_TOKEN_EXPIRED'],
    ['a password profile', { auth: { type: 'password', user: USER, savePassword: false } }, {}, 'PROFILE_INVALID_VALUE'],
    ['a host that is not an Azure server', { hosts: [{ host: 'evil.example', port: 5432 }] }, {}, 'ENTRA_HOST_NOT_ALLOWED'],
    ['a host only an operator could allow', { hosts: [{ host: INTERNAL_SERVER, port: 5432 }] }, {}, 'ENTRA_HOST_NOT_ALLOWED'],
    ['sslmode require', { ssl: { sslmode: 'require' } }, {}, 'ENTRA_TLS_NOT_VERIFIED'],
  ])('refuses %s before dialling anything', async (_name, patch, claims, code) => {
    const client = await session(plain);
    const before = azure.attempts.length;
    const report = await test(client, profile(patch), pageToken(claims));
    expect(report).toMatchObject({ type: 'connection.test.result', ok: false, code, stages: [] });
    expect(azure.attempts.length).toBe(before);
  });

  it('goes to a host the operator allowed, on a bridge with Entra configured', async () => {
    const client = await session(configured);
    const token = pageToken();
    const report = await test(client, profile({ hosts: [{ host: INTERNAL_SERVER, port: azure.port }] }), token);
    expect(report).toMatchObject({ type: 'connection.test.result', ok: true, server: { user: USER } });
    expect(azure.attempts.at(-1)).toMatchObject({ accepted: true, password: token });
  });

  it('is refused by a bridge configured for the public cloud when it is a US Gov token', async () => {
    const client = await session(configured);
    const report = await test(client, profile(), pageToken({ aud: 'https://ossrdbms-aad.database.usgovcloudapi.net' }));
    expect(report).toMatchObject({ type: 'connection.test.result', ok: false, code: 'ENTRA_TOKEN_REJECTED', stages: [] });
  });

  it('appears in no frame and no log line (canary)', () => {
    expect(given.length).toBeGreaterThan(8);
    const lines = logs.flat();
    expect(lines.length).toBeGreaterThan(0);
    const visible = [...clients.flatMap((c) => c.frames), ...lines].join('\n');
    for (const token of given) {
      expect(visible).not.toContain(token);
      // The payload (which holds the canary claim) is the part a careless log would show.
      expect(visible).not.toContain(token.split('.')[1]);
    }
    expect(visible).not.toContain('page-token-canary');
  });
});
