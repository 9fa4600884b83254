/**
 * Where the bridge may dial, over a real WebSocket (security.md §3 items 35 and 36): link-local, metadata and
 * unspecified targets are refused before any socket exists, a name is checked by the address it resolves to and
 * exactly that address is dialled, and a page in server mode cannot tell a closed port, a foreign service and a
 * silent host apart by more than a stable code.
 *
 * `node:net` and `node:dns/promises` are wrapped (not replaced) so the test can see every socket the bridge
 * opens and hand out answers for `*.pgconnect-test` names; everything else goes to the real modules.
 */
import type * as Dns from 'node:dns/promises';
import http from 'node:http';
import net from 'node:net';
import type * as Net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProfile, type ConnectionProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { createBridge, type Bridge } from './bridge.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';
import { TestClient } from './testing/ws-client.js';

const dials = vi.hoisted(() => ({ list: [] as { host?: string; port?: number }[], answers: new Map<string, string[]>(), lookups: [] as string[] }));

vi.mock('node:net', async (importOriginal) => {
  const real = await importOriginal<typeof Net>();
  const connect = (...args: Parameters<typeof real.connect>) => {
    const options = args[0] as unknown;
    if (typeof options === 'object' && options !== null && 'port' in options) {
      const { host, port } = options as { host?: string; port: unknown };
      dials.list.push({ ...(host === undefined ? {} : { host }), port: Number(port) });
    }
    return real.connect(...args);
  };
  return { ...real, connect, default: { ...real, connect } };
});

vi.mock('node:dns/promises', async (importOriginal) => {
  const real = await importOriginal<typeof Dns>();
  const lookup = ((host: string, options: unknown) => {
    if (host.endsWith('.pgconnect-test')) {
      dials.lookups.push(host);
      // Each lookup takes the next answer: a rebinding resolver that flips between check and connect.
      const queue = dials.answers.get(host) ?? [];
      const address = queue.length > 1 ? queue.shift()! : (queue[0] ?? '127.0.0.1');
      return Promise.resolve([{ address, family: net.isIP(address) }]);
    }
    return real.lookup(host, options as never);
  }) as typeof real.lookup;
  return { ...real, lookup, default: { ...real, lookup } };
});

let dir: string;
let bridge: TestBridge;

beforeAll(async () => {
  dir = await makeTempDir('security-targets');
  bridge = await startTestBridge(dir);
});

afterAll(async () => {
  await bridge?.close();
  if (dir) await removeTempDir(dir);
});

function profile(host: string, port: number, init: { hostaddr?: string; connectTimeoutSeconds?: number; sslmode?: 'disable' | 'prefer' } = {}): ConnectionProfile {
  return createProfile({
    name: 'Target',
    hosts: [{ host, port }],
    ...(init.hostaddr === undefined ? {} : { hostaddr: [init.hostaddr] }),
    database: 'postgres',
    auth: { type: 'password', user: 'alice', savePassword: false },
    ssl: { sslmode: init.sslmode ?? 'disable' },
    client: { connectTimeoutSeconds: init.connectTimeoutSeconds ?? 5, applicationName: 'pgconnect-security-targets' },
  });
}

/** A TCP listener that records every connection it accepts and answers nothing. */
async function silentListener(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // Reads and drops what arrives, so the peer's FIN is seen and the socket closes with it.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function test(client: TestClient, id: string, target: ConnectionProfile) {
  const reply = await client.request(id, 'connection.test', { testId: id, profile: target, secrets: { password: 'x' } });
  if (reply.type !== 'connection.test.result') throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  return reply;
}

describe('the target policy over the socket', () => {
  it.each([
    ['the cloud metadata address', 'metadata', '169.254.169.254', 80],
    ["AWS's IPv6 metadata address", 'ipv6-metadata', 'fd00:ec2::254', 80],
    ['the unspecified address', 'unspecified', '0.0.0.0', 5432],
  ])('refuses %s with NET_TARGET_NOT_ALLOWED and opens no socket', async (_name, id, host, port) => {
    const client = await bridge.session();
    dials.list.length = 0;
    const result = await test(client, `deny-${id}`, profile(host, port));
    expect(result).toMatchObject({ ok: false, code: 'NET_TARGET_NOT_ALLOWED' });
    expect(dials.list).toEqual([]);
    await client.close();
  });

  it('refuses 0.0.0.0 before the SYN: a listener on that port (which 0.0.0.0 reaches on Linux) sees nothing', async () => {
    const listener = await silentListener();
    try {
      const client = await bridge.session();
      const result = await test(client, 'deny-unspecified-listener', profile('0.0.0.0', listener.port));
      expect(result).toMatchObject({ ok: false, code: 'NET_TARGET_NOT_ALLOWED' });
      expect(listener.accepted()).toBe(0);
      await client.close();
    } finally {
      await listener.close();
    }
  });

  it('refuses a host name that resolves to a metadata address, and one whose hostaddr is one', async () => {
    const client = await bridge.session();
    dials.list.length = 0;
    dials.answers.set('metadata.pgconnect-test', ['169.254.169.254']);
    const resolved = await test(client, 'deny-name', profile('metadata.pgconnect-test', 80));
    expect(resolved).toMatchObject({ ok: false, code: 'NET_TARGET_NOT_ALLOWED' });
    const pinned = await test(client, 'deny-hostaddr', profile('db.pgconnect-test', 5432, { hostaddr: '169.254.169.254' }));
    expect(pinned).toMatchObject({ ok: false, code: 'NET_TARGET_NOT_ALLOWED' });
    expect(dials.list).toEqual([]);
    await client.close();
  });

  it('dials exactly the address it checked, once, even when the name would resolve elsewhere next time', async () => {
    const listener = await silentListener();
    try {
      const client = await bridge.session();
      dials.list.length = 0;
      dials.lookups.length = 0;
      // First answer allowed (the listener), every later one the metadata address: a second lookup would be caught.
      dials.answers.set('flip.pgconnect-test', ['127.0.0.1', '169.254.169.254']);
      const result = await test(client, 'flip', profile('flip.pgconnect-test', listener.port, { connectTimeoutSeconds: 1 }));
      expect(result).toMatchObject({ ok: false, code: 'NET_TIMEOUT' });
      expect(dials.lookups).toEqual(['flip.pgconnect-test']);
      expect(dials.list).toEqual([{ host: '127.0.0.1', port: listener.port }]);
      expect(listener.accepted()).toBe(1);
      await client.close();
    } finally {
      await listener.close();
    }
  });
});

describe('the port-scan oracle in local mode', () => {
  it('tells the local user the raw errno next to the stable code: the page is their own', async () => {
    const closed = await silentListener();
    await closed.close();
    const client = await bridge.session();
    const refused = await test(client, 'local-closed', profile('127.0.0.1', closed.port));
    expect(refused).toMatchObject({ ok: false, code: 'NET_REFUSED', data: { errno: 'ECONNREFUSED' } });
    await client.close();
  });
});

describe('the port-scan oracle in server mode', () => {
  let server: http.Server;
  let served: Bridge;
  let url: string;
  const log = memoryLogger();

  beforeAll(async () => {
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    served = createBridge({ logger: log.logger, stores: { userDir: dir, secretStore: 'encrypted-file', env: {} }, limits: { connectsPerMinute: 100, globalConnectsPerMinute: 100 } });
    served.attach(server);
    url = served.url!;
  });

  afterAll(async () => {
    await served?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('answers a closed port, an HTTP server and a silent listener with stable codes and no raw errno', async () => {
    expect(served.mode).toBe('server');
    const closed = await silentListener();
    const closedPort = closed.port;
    await closed.close();
    const web = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const silent = await silentListener();
    try {
      const { client } = await TestClient.connect(url, { token: served.token });
      const refused = await test(client, 'closed', profile('127.0.0.1', closedPort));
      const foreign = await test(client, 'http', profile('127.0.0.1', (web.address() as net.AddressInfo).port, { sslmode: 'prefer' }));
      const quiet = await test(client, 'silent', profile('127.0.0.1', silent.port, { connectTimeoutSeconds: 1 }));
      expect([refused.code, foreign.code, quiet.code]).toEqual(['NET_REFUSED', 'PG_PROTOCOL_ERROR', 'NET_TIMEOUT']);
      const replies = client.frames.join('\n');
      expect(replies).not.toMatch(/\bE[A-Z]{3,}\b|errno|syscall/);
      await client.close();
    } finally {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      await silent.close();
    }
  });

  it('still logs the raw errno for the operator', () => {
    expect(log.lines.join('\n')).toContain('ECONNREFUSED');
  });
});
