/**
 * SSH tunnels through the bridge, over a real WebSocket, against a real OpenSSH sshd and real PostgreSQL behind
 * it: the first-use host key question asked and answered over the protocol (trusted → connected; refused →
 * SSH_HOST_KEY_REJECTED before any login), a changed key as a hard failure with both fingerprints, a pooled
 * connection whose queries go through the tunnel, and the tunnel cut and restored under an open connection
 * (security.md T10, T11; checklist 39, 41).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type BridgeMessage, type ConnectionProfile, type SshSettings } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, startSshd, type Cluster, type Sshd } from '../../../../test/harness/index.js';
import { authLinesSince, ownListeningPorts } from '../tunnel/testing/tunnel-run.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';
import type { TestClient } from './testing/ws-client.js';

const ALICE = { name: 'alice', password: 'CANARY_PW_tunnel_8kPz' };

let sshd: Sshd;
let cluster: Cluster;
let dir: string;
let knownHosts: string;
let bridge: TestBridge;

beforeAll(async () => {
  [sshd, cluster] = await Promise.all([startSshd(), startCluster({ roles: [ALICE], hba: [{ type: 'host', method: 'scram-sha-256' }] })]);
  dir = await makeTempDir('bridge-ssh');
  // Known to nobody yet: every first connection asks the page.
  knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, '');
  bridge = await startTestBridge(dir, { ssh: { knownHostsPath: knownHosts, reconnect: { initialDelayMs: 100, maxDelayMs: 500, maxAttempts: 20 } } });
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  await Promise.all([sshd?.stop(), cluster?.stop()]);
  if (dir) await removeTempDir(dir);
});

function ssh(over: Partial<SshSettings> = {}): SshSettings {
  return {
    enabled: true,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user.name,
    auth: { type: 'privateKey', key: { pem: sshd.clientKeys.ed25519.privateKey }, savePassphrase: false },
    ...over,
  };
}

/** The database as the SSH host sees it, reached only through the tunnel. */
function profile(over: Partial<SshSettings> = {}): ConnectionProfile {
  return createProfile({
    name: 'Through the bastion',
    hosts: [{ host: '127.0.0.1', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ssl: { sslmode: 'disable' },
    ssh: ssh(over),
    client: { connectTimeoutSeconds: 0, applicationName: 'pgconnect-ssh-test' },
  });
}

type HostKeyEvent = Extract<BridgeMessage, { type: 'event.ssh.hostKey' }>;

/** Answers the next host key question of `requestId` with `trust`, and resolves with the question. */
async function answer(client: TestClient, requestId: string, trust: boolean): Promise<HostKeyEvent> {
  const asked = (await client.next((m) => m.type === 'event.ssh.hostKey' && m.requestId === requestId)) as HostKeyEvent;
  const reply = await client.request(`confirm-${asked.promptId}`, 'ssh.hostKey.confirm', { promptId: asked.promptId, trust });
  expect(reply.type).toBe('ssh.hostKey.confirm.result');
  return asked;
}

const noSecretIn = (client: TestClient) => {
  expect(bridge.transcript(client)).not.toContain(ALICE.password);
};

describe('connection.test through an SSH tunnel', () => {
  it('offers SSH tunnels in hello.result', async () => {
    const { client, hello } = await bridge.connect();
    expect(hello.capabilities).toContain('ssh');
    await client.close();
  });

  it('asks the page about a first-use host key, and connects once the user trusts it', async () => {
    const client = await bridge.session();
    const result = client.request('t1', 'connection.test', { testId: 'trust', profile: profile(), secrets: { password: ALICE.password } });
    const asked = await answer(client, 't1', true);
    expect(asked).toMatchObject({ host: sshd.host, port: sshd.port, hop: 0 });
    expect(Object.values(sshd.hostKeyFingerprints())).toContain(asked.fingerprint);

    const report = await result;
    expect(report).toMatchObject({ type: 'connection.test.result', testId: 'trust', ok: true, server: { user: ALICE.name } });
    if (report.type !== 'connection.test.result') return;
    expect(report.stages.find((s) => s.stage === 'ssh')).toMatchObject({ status: 'ok', target: `${sshd.host}:${sshd.port}` });
    noSecretIn(client);
    await client.close();
  });

  it('fails with SSH_HOST_KEY_REJECTED when the user refuses the key, before any login is attempted', async () => {
    const client = await bridge.session();
    const mark = sshd.logs().length;
    const result = client.request('t2', 'connection.test', { testId: 'refuse', profile: profile(), secrets: { password: ALICE.password } });
    const asked = await answer(client, 't2', false);
    const report = await result;
    expect(report).toMatchObject({ type: 'connection.test.result', ok: false, code: 'SSH_HOST_KEY_REJECTED' });
    if (report.type === 'connection.test.result') expect(report.data?.fingerprint).toBe(asked.fingerprint);
    expect(authLinesSince(sshd.logs(), mark)).toEqual([]);
    await client.close();
  });

  it('refuses an answer to a question nobody is asking', async () => {
    const client = await bridge.session();
    const reply = await client.request('c1', 'ssh.hostKey.confirm', { promptId: 'no-such-prompt', trust: true });
    expect(reply).toMatchObject({ type: 'error', id: 'c1', error: { code: 'PROTOCOL_INVALID_MESSAGE', data: { field: 'promptId' } } });
    await client.close();
  });

  it('ends a waiting question when the page closes, and keeps no tunnel open', async () => {
    const client = await bridge.session();
    void client.request('t3', 'connection.test', { testId: 'walk-away', profile: profile(), secrets: { password: ALICE.password } });
    await client.next((m) => m.type === 'event.ssh.hostKey');
    await client.close();
    await expect.poll(() => bridge.bridge.sessionCount).toBe(0);
  });
});

describe('an open connection through an SSH tunnel', () => {
  it('runs queries through the tunnel, with no local listening port, and recovers after the tunnel is cut', async () => {
    const client = await bridge.session();
    const listeningBefore = await ownListeningPorts();
    const opening = client.request('o1', 'connection.open', { profile: profile(), secrets: { password: ALICE.password } });
    await answer(client, 'o1', true);
    const opened = await opening;
    expect(opened).toMatchObject({ type: 'connection.open.result', server: { user: ALICE.name } });
    if (opened.type !== 'connection.open.result') return;
    const { connectionId } = opened;
    // The tunnel is an ssh2 channel handed to pg as its stream: nothing listens locally (T11).
    expect(await ownListeningPorts()).toEqual(listeningBefore);

    const first = await client.request('q1', 'query', { connectionId, sql: 'SELECT current_user AS who, inet_client_addr() IS NOT NULL AS tcp' });
    expect(first).toMatchObject({ type: 'query.result', rows: [[ALICE.name, true]] });

    expect(await sshd.cutConnections()).toBeGreaterThan(0);
    const lost = await client.next((m) => m.type === 'event.connection.lost' && m.connectionId === connectionId);
    expect(lost).toMatchObject({ reconnecting: true });
    await client.next((m) => m.type === 'event.connection.restored' && m.connectionId === connectionId);
    // One loss, reported once by the tunnel that is coming back, never once more by the pool's dropped clients.
    const changes = client.messages.filter((m) => (m.type === 'event.connection.lost' || m.type === 'event.connection.restored') && m.connectionId === connectionId);
    expect(changes.map((m) => (m.type === 'event.connection.lost' ? `lost:${m.reconnecting}` : 'restored'))).toEqual(['lost:true', 'restored']);

    // The restored tunnel insists on the key trusted before: no second question.
    const again = await client.request('q2', 'query', { connectionId, sql: 'SELECT 1 AS one' });
    expect(again).toMatchObject({ type: 'query.result', rows: [[1]] });
    expect(client.messages.filter((m) => m.type === 'event.ssh.hostKey')).toHaveLength(1);
    const listed = await client.request('l1', 'connection.list');
    expect(listed).toMatchObject({ connections: [{ connectionId, state: 'open' }] });
    noSecretIn(client);
    await client.close();
  });
});

describe('a tunnel that does not come back', () => {
  it('reports one loss while it retries, then one final loss when it gives up', async () => {
    const own = await startSshd();
    const ownKnownHosts = join(dir, 'own_known_hosts');
    await writeFile(ownKnownHosts, `${own.knownHostsLine()}\n`);
    const giving = await startTestBridge(join(dir, 'giving-up'), {
      ssh: { knownHostsPath: ownKnownHosts, reconnect: { initialDelayMs: 50, maxDelayMs: 100, maxAttempts: 2 } },
    });
    try {
      const client = await giving.session();
      const viaOwn = profile({ host: own.host, port: own.port, auth: { type: 'privateKey', key: { pem: own.clientKeys.ed25519.privateKey }, savePassphrase: false } });
      const opened = await client.request('o1', 'connection.open', { profile: viaOwn, secrets: { password: ALICE.password } });
      if (opened.type !== 'connection.open.result') throw new Error(`not opened: ${JSON.stringify(opened)}`);
      await own.stop();
      const final = await client.next((m) => m.type === 'event.connection.lost' && !m.reconnecting);
      expect(final).toMatchObject({ connectionId: opened.connectionId });
      const changes = client.messages.filter((m) => m.type === 'event.connection.lost' || m.type === 'event.connection.restored');
      expect(changes.map((m) => (m.type === 'event.connection.lost' ? `lost:${m.reconnecting}` : 'restored'))).toEqual(['lost:true', 'lost:false']);
      await client.close();
    } finally {
      await giving.close();
      await own.stop();
    }
  });
});

describe('a host key question nobody answers', () => {
  it('fails with SSH_HOST_KEY_PROMPT_TIMEOUT, naming the fingerprint, and logs in nowhere', async () => {
    await writeFile(knownHosts, '');
    const impatient = await startTestBridge(join(dir, 'impatient'), { ssh: { knownHostsPath: knownHosts, hostKeyPromptTimeoutMs: 50 } });
    try {
      const client = await impatient.session();
      const mark = sshd.logs().length;
      const report = await client.request('t5', 'connection.test', { testId: 'unanswered', profile: profile(), secrets: { password: ALICE.password } });
      const asked = (await client.next((m) => m.type === 'event.ssh.hostKey')) as HostKeyEvent;
      expect(report).toMatchObject({ type: 'connection.test.result', ok: false, code: 'SSH_HOST_KEY_PROMPT_TIMEOUT' });
      if (report.type === 'connection.test.result') {
        expect(report.data).toMatchObject({ fingerprint: asked.fingerprint, host: sshd.host, port: sshd.port });
        expect(report.hint).toMatch(/answer|pin/i);
      }
      // The page's late answer finds no question waiting.
      const late = await client.request('c2', 'ssh.hostKey.confirm', { promptId: asked.promptId, trust: true });
      expect(late).toMatchObject({ type: 'error', error: { code: 'PROTOCOL_INVALID_MESSAGE' } });
      expect(authLinesSince(sshd.logs(), mark)).toEqual([]);
      await client.close();
    } finally {
      await impatient.close();
    }
  });
});

describe('a changed SSH host key', () => {
  it('fails with SSH_HOST_KEY_CHANGED naming both fingerprints, without asking and without logging in', async () => {
    await writeFile(knownHosts, `${sshd.knownHostsLine()}\n`);
    const before = sshd.hostKeyFingerprints().ed25519;
    await sshd.restartWithNewHostKey();
    const after = sshd.hostKeyFingerprints().ed25519;
    const client = await bridge.session();
    const mark = sshd.logs().length;
    const report = await client.request('t4', 'connection.test', { testId: 'changed', profile: profile(), secrets: { password: ALICE.password } });
    expect(report).toMatchObject({ type: 'connection.test.result', ok: false, code: 'SSH_HOST_KEY_CHANGED' });
    if (report.type === 'connection.test.result') {
      expect(report.data).toMatchObject({ expected: before, received: after });
    }
    expect(client.messages.some((m) => m.type === 'event.ssh.hostKey')).toBe(false);
    expect(authLinesSince(sshd.logs(), mark)).toEqual([]);
    await client.close();
  });
});
