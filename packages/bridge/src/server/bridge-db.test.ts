/**
 * The bridge against a real PostgreSQL cluster, over a real WebSocket: Test Connection streaming its stages,
 * open connections with pools, `query` read-only by the server's rules, saved secrets bound to their target,
 * canary secrets that never come back, and DB connections released when the page goes away
 * (security.md §3 items 22, 32, 33, 43, 45).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type ProfileInit } from '@pgconnect/core';
import { createCerts, makeTempDir, removeTempDir, startCluster, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';
import { errorCode } from './testing/ws-client.js';

const ALICE = { name: 'alice', password: 'alice-Real-Pw-9' };
const CANARY = 'CANARY_PW_7f3Kq9';

let certs: TestCerts;
let cluster: Cluster;
let dir: string;
let bridge: TestBridge;

beforeAll(async () => {
  certs = await createCerts();
  cluster = await startCluster({ roles: [ALICE], ssl: { cert: certs.server.good }, databases: [{ name: 'app', owner: ALICE.name }] });
  dir = await makeTempDir('bridge-db');
  bridge = await startTestBridge(dir);
});

afterAll(async () => {
  await bridge?.close();
  await cluster?.stop();
  await certs?.remove();
  if (dir) await removeTempDir(dir);
});

function profile(init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    name: 'Local app',
    hosts: [{ host: 'localhost', port: cluster.port }],
    database: 'app',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert }, ...init.ssl },
    client: { connectTimeoutSeconds: 10, applicationName: 'pgconnect-bridge-test', ...init.client },
  });
}

async function backends(applicationName: string): Promise<number> {
  const rows = await cluster.sql<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return Number(rows[0]?.n ?? 0);
}

describe('connection.test over the socket', () => {
  it('streams the stages, then reports TLS, the server, its facts and the privileges', async () => {
    const client = await bridge.session();
    const result = await client.request('t1', 'connection.test', { testId: 'test-1', profile: profile(), secrets: { password: ALICE.password }, privileges: true });
    expect(result).toMatchObject({ type: 'connection.test.result', testId: 'test-1', ok: true, tls: { encrypted: true, verified: true } });
    if (result.type !== 'connection.test.result') return;
    expect(result.server).toMatchObject({ user: ALICE.name, database: 'app', host: 'localhost', port: cluster.port, inRecovery: false });
    expect(result.facts?.sessionUser).toBe(ALICE.name);
    expect(result.privileges?.database).toMatchObject({ name: 'app', connect: true, create: true });

    const events = client.messages.filter((m) => m.type === 'event.test.stage');
    const finished = events.filter((e) => e.type === 'event.test.stage' && e.status !== 'running').map((e) => e.type === 'event.test.stage' && e.stage);
    expect(finished).toEqual(expect.arrayContaining(['dns', 'tcp', 'tls', 'auth', 'ready', 'facts', 'privileges']));
    // Every stage event arrived before the result.
    expect(client.messages.indexOf(result)).toBeGreaterThan(client.messages.indexOf(events.at(-1)!));
    expect(client.invalid).toEqual([]);
    await client.close();
  });

  it('fails a wrong password with PG_AUTH_FAILED and never echoes it anywhere', async () => {
    const client = await bridge.session();
    const result = await client.request('t2', 'connection.test', { testId: 'test-2', profile: profile(), secrets: { password: CANARY } });
    expect(result).toMatchObject({ type: 'connection.test.result', ok: false, code: 'PG_AUTH_FAILED' });
    await client.close();
    const forms = [CANARY, encodeURIComponent(CANARY), Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY).toString('base64url')];
    const seen = bridge.transcript(client);
    for (const form of forms) expect(seen).not.toContain(form);
  });
});

describe('open connections and query', () => {
  it('keeps a read-only connection read-only whatever the SQL says', async () => {
    const client = await bridge.session();
    const opened = await client.request('o1', 'connection.open', { profile: profile({ client: { readOnly: true } }), secrets: { password: ALICE.password } });
    expect(opened).toMatchObject({ type: 'connection.open.result', readOnly: true, server: { user: ALICE.name } });
    if (opened.type !== 'connection.open.result') return;
    const { connectionId } = opened;

    expect(await client.request('q1', 'query', { connectionId, sql: 'SELECT $1::int + 1 AS n, true AS b, 1.5::float8 AS f, 9007199254740993::int8 AS big', params: [41] })).toMatchObject({
      rows: [[42, true, 1.5, '9007199254740993']],
      fields: [{ name: 'n' }, { name: 'b' }, { name: 'f' }, { name: 'big' }],
      truncated: false,
    });
    expect(errorCode(await client.request('q2', 'query', { connectionId, sql: 'CREATE TABLE nope (i int)' }))).toBe('PG_READ_ONLY_VIOLATION');
    // Turning the setting off is rolled back with the query's own read-only transaction.
    expect((await client.request('q3', 'query', { connectionId, sql: 'SET default_transaction_read_only = off' })).type).toBe('query.result');
    expect(errorCode(await client.request('q4', 'query', { connectionId, sql: 'CREATE TABLE nope (i int)' }))).toBe('PG_READ_ONLY_VIOLATION');
    // A second statement cannot ride along to leave the transaction.
    expect((await client.request('q5', 'query', { connectionId, sql: 'COMMIT; CREATE TABLE nope (i int)' })).type).toBe('error');
    expect(await cluster.sql("SELECT 1 FROM pg_class WHERE relname = 'nope'")).toEqual([]);
    await client.close();
  });

  it('cuts results at rowLimit and says so', async () => {
    const client = await bridge.session();
    const opened = await client.request('o2', 'connection.open', { profile: profile(), secrets: { password: ALICE.password } });
    if (opened.type !== 'connection.open.result') throw new Error(`open failed: ${JSON.stringify(opened)}`);
    const { connectionId } = opened;
    const cut = await client.request('q1', 'query', { connectionId, sql: 'SELECT g FROM generate_series(1, 50) g', rowLimit: 10 });
    expect(cut).toMatchObject({ truncated: true });
    if (cut.type === 'query.result') expect(cut.rows).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1]));
    expect(await client.request('q2', 'query', { connectionId, sql: 'SELECT g FROM generate_series(1, 50) g', rowLimit: 50 })).toMatchObject({ truncated: false, rowCount: 50 });
    // The connection is still usable after a cut and after an error.
    expect(errorCode(await client.request('q3', 'query', { connectionId, sql: 'SELECT * FROM missing_table' }))).toBe('PG_SERVER_ERROR');
    expect(await client.request('q4', 'query', { connectionId, sql: 'CREATE TABLE IF NOT EXISTS written (i int)' })).toMatchObject({ command: 'CREATE' });
    expect(await client.request('q5', 'query', { connectionId, sql: 'INSERT INTO written SELECT generate_series(1, 5) RETURNING i', rowLimit: 2 })).toMatchObject({ truncated: true, rows: [[1], [2]] });

    expect(await client.request('d1', 'databases.list', { connectionId })).toMatchObject({ databases: expect.arrayContaining([expect.objectContaining({ name: 'app', owner: ALICE.name, canConnect: true })]) });
    expect(await client.request('l1', 'connection.list')).toMatchObject({ connections: [{ connectionId, database: 'app', user: ALICE.name, state: 'open' }] });
    expect((await client.request('c1', 'connection.close', { connectionId })).type).toBe('connection.close.result');
    expect(errorCode(await client.request('q6', 'query', { connectionId, sql: 'SELECT 1' }))).toBe('BRIDGE_CONNECTION_NOT_FOUND');
    await client.close();
  });

  it('lists databases from a profile before anything is opened', async () => {
    const client = await bridge.session();
    const reply = await client.request('d2', 'databases.list', { profile: profile(), secrets: { password: ALICE.password } });
    expect(reply).toMatchObject({ databases: expect.arrayContaining([expect.objectContaining({ name: 'postgres' }), expect.objectContaining({ name: 'app' })]) });
    await client.close();
  });

  it('ends the session pools when the page goes away', async () => {
    const applicationName = 'pgconnect-release-test';
    const client = await bridge.session();
    const opened = await client.request('o3', 'connection.open', { profile: profile({ client: { applicationName } }), secrets: { password: ALICE.password } });
    expect(opened.type).toBe('connection.open.result');
    expect(await backends(applicationName)).toBeGreaterThan(0);
    client.ws.terminate();
    await expect.poll(() => backends(applicationName), { timeout: 30_000 }).toBe(0);
  });
});

describe('saved secrets', () => {
  it('uses a saved password for its own target only, and never sends it back', async () => {
    const client = await bridge.session();
    const saved = profile({ name: 'Saved app', auth: { type: 'password', user: ALICE.name, savePassword: true } });
    expect(await client.request('s1', 'profiles.save', { profile: saved, secrets: { password: ALICE.password } })).toMatchObject({ secrets: { hasPassword: true } });
    expect(await client.request('s2', 'secrets.has', { profileId: saved.id })).toMatchObject({ secrets: { hasPassword: true } });
    expect(await client.request('s3', 'connection.test', { testId: 'saved-1', profile: saved })).toMatchObject({ ok: true });

    const moved = { ...saved, hosts: [{ host: '127.0.0.1', port: cluster.port }] };
    expect(errorCode(await client.request('s4', 'connection.test', { testId: 'saved-2', profile: moved }))).toBe('SECRET_SAVED_NOT_APPLICABLE');
    const lowered = { ...saved, ssl: { sslmode: 'require' as const } };
    expect(errorCode(await client.request('s5', 'connection.test', { testId: 'saved-3', profile: lowered }))).toBe('SECRET_SAVED_NOT_APPLICABLE');

    expect(await client.request('s6', 'profiles.list')).toMatchObject({ profiles: [expect.objectContaining({ id: saved.id, hasPassword: true })] });
    expect((await client.request('s7', 'profiles.get', { profileId: saved.id })).type).toBe('profiles.get.result');
    expect((await client.request('s8', 'export', { format: 'pgconnect' })).type).toBe('export.result');
    expect(await client.request('s9', 'secrets.delete', { profileId: saved.id })).toMatchObject({ secrets: { hasPassword: false } });
    await client.close();
    for (const text of client.frames) expect(text).not.toContain(ALICE.password);
  });
});
