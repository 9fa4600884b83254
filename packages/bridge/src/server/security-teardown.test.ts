/**
 * Nothing outlives the page (security.md §3 items 41 and 42), over a real WebSocket with a real OpenSSH sshd: an
 * SSH server that never finishes its handshake ends in SSH_TIMEOUT, a database that accepts the tunnelled
 * connection and never answers ends in NET_TIMEOUT, and a page that closes its socket in the middle of either
 * leaves no socket behind — the ssh client, the database socket, the tunnel's channel. "Behind" is counted with
 * `process.getActiveResourcesInfo()` (this process is the bridge) and on the test's own listeners; the waits are
 * failure guards, not timings.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startSshd, type Sshd } from '../../../../test/harness/index.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';
import type { TestClient } from './testing/ws-client.js';

let sshd: Sshd;
let dir: string;
let bridge: TestBridge;

beforeAll(async () => {
  sshd = await startSshd();
  dir = await makeTempDir('security-teardown');
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `${sshd.knownHostsLine()}\n`);
  bridge = await startTestBridge(dir, { ssh: { knownHostsPath: knownHosts, readyTimeoutMs: 1_500, reconnect: false } });
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  await sshd?.stop();
  if (dir) await removeTempDir(dir);
});

/** A TCP listener that accepts and never says a word: a blackholed SSH port, or a hung database. */
interface Silent {
  port: number;
  accepted: number;
  /** Accepted connections still open. */
  open: () => number;
  close: () => Promise<void>;
}

async function silentListener(): Promise<Silent> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    silent.accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // Reads and drops what arrives, so the peer's FIN is seen and the socket closes with it.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const silent: Silent = {
    port: (server.address() as AddressInfo).port,
    accepted: 0,
    open: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return silent;
}

/** TCP sockets and servers this process holds: the bridge's and the test's own. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;
}

async function until(condition: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} (sessions ${bridge.bridge.sessionCount}, tcp handles ${tcpHandles()}: ${process.getActiveResourcesInfo().join(',')})`);
    await sleep(25);
  }
}

function tunnelled(dbPort: number, sshPort: number, connectTimeoutSeconds: number): ConnectionProfile {
  return createProfile({
    name: 'Behind the bastion',
    hosts: [{ host: '127.0.0.1', port: dbPort }],
    database: 'postgres',
    auth: { type: 'password', user: 'alice', savePassword: false },
    ssl: { sslmode: 'disable' },
    ssh: {
      enabled: true,
      host: sshd.host,
      port: sshPort,
      user: sshd.user.name,
      auth: { type: 'privateKey', key: { pem: sshd.clientKeys.ed25519.privateKey }, savePassphrase: false },
    },
    client: { connectTimeoutSeconds, applicationName: 'pgconnect-teardown' },
  });
}

function direct(dbPort: number): ConnectionProfile {
  return createProfile({
    name: 'Hung database',
    hosts: [{ host: '127.0.0.1', port: dbPort }],
    database: 'postgres',
    auth: { type: 'password', user: 'alice', savePassword: false },
    ssl: { sslmode: 'disable' },
    client: { connectTimeoutSeconds: 0, applicationName: 'pgconnect-teardown' },
  });
}

async function run(client: TestClient, id: string, profile: ConnectionProfile) {
  const reply = await client.request(id, 'connection.test', { testId: id, profile, secrets: { password: 'x' } });
  if (reply.type !== 'connection.test.result') throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  return reply;
}

describe('timeouts through the bridge', () => {
  it('ends a blackholed SSH port in SSH_TIMEOUT and keeps no socket to it', async () => {
    const blackhole = await silentListener();
    try {
      const baseline = tcpHandles();
      const client = await bridge.session();
      const result = await run(client, 'ssh-blackhole', tunnelled(5432, blackhole.port, 10));
      expect(result).toMatchObject({ ok: false, code: 'SSH_TIMEOUT', data: { port: blackhole.port } });
      await client.close();
      await until(() => bridge.bridge.sessionCount === 0 && blackhole.open() === 0 && tcpHandles() <= baseline, 'the sockets to close');
      expect(blackhole.accepted).toBe(1);
    } finally {
      await blackhole.close();
    }
  });

  it('ends a database that hangs after the tunnel connects it in NET_TIMEOUT, and closes the channel', async () => {
    const hung = await silentListener();
    try {
      const baseline = tcpHandles();
      const client = await bridge.session();
      const result = await run(client, 'hung-db', tunnelled(hung.port, sshd.port, 2));
      expect(result).toMatchObject({ ok: false, code: 'NET_TIMEOUT' });
      expect(result.stages.find((s) => s.stage === 'ssh' && s.status !== 'running')).toMatchObject({ status: 'ok' });
      // sshd dialled the hung database for us; the channel's far end is the listener's accepted socket.
      expect(hung.accepted).toBe(1);
      await client.close();
      await until(() => bridge.bridge.sessionCount === 0 && hung.open() === 0 && tcpHandles() <= baseline, 'the tunnel and channel to close');
    } finally {
      await hung.close();
    }
  });
});

describe('a page that closes its socket mid-connect', () => {
  // Nothing here times out by itself: whatever closes, closes because the page went away.
  let patient: TestBridge;
  beforeAll(async () => {
    patient = await startTestBridge(dir, { ssh: { knownHostsPath: join(dir, 'known_hosts'), readyTimeoutMs: 120_000, reconnect: false } });
  });
  afterAll(async () => {
    await patient?.close();
  });

  it('releases the ssh client when the SSH handshake is still pending', async () => {
    const blackhole = await silentListener();
    try {
      const baseline = tcpHandles();
      const client = await patient.session();
      void client.request('walk-ssh', 'connection.test', { testId: 'walk-ssh', profile: tunnelled(5432, blackhole.port, 0), secrets: {} });
      await until(() => blackhole.accepted === 1, 'the bridge to reach the SSH port');
      await client.close();
      await until(() => patient.bridge.sessionCount === 0 && blackhole.open() === 0 && tcpHandles() <= baseline, 'the ssh socket to close');
    } finally {
      await blackhole.close();
    }
  });

  it('releases the database socket when the server has not answered the startup yet', async () => {
    const hung = await silentListener();
    try {
      const baseline = tcpHandles();
      const client = await patient.session();
      void client.request('walk-db', 'connection.test', { testId: 'walk-db', profile: direct(hung.port), secrets: {} });
      await until(() => hung.accepted === 1, 'the bridge to reach the database');
      await client.close();
      await until(() => patient.bridge.sessionCount === 0 && hung.open() === 0 && tcpHandles() <= baseline, 'the database socket to close');
    } finally {
      await hung.close();
    }
  });

  it('releases the tunnel and its channel when the database behind it hangs', async () => {
    const hung = await silentListener();
    try {
      const baseline = tcpHandles();
      const client = await patient.session();
      void client.request('walk-tunnel', 'connection.test', { testId: 'walk-tunnel', profile: tunnelled(hung.port, sshd.port, 0), secrets: {} });
      await until(() => hung.accepted === 1, 'the tunnel to reach the database');
      await client.close();
      await until(() => patient.bridge.sessionCount === 0 && hung.open() === 0 && tcpHandles() <= baseline, 'the tunnel to close');
    } finally {
      await hung.close();
    }
  });
});
