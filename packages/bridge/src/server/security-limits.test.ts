/**
 * The bridge's limits under abuse, over real sockets (security.md §3 items 12, 16 and 23): a bridge that closes
 * ends every session with 4001 and its successor refuses the old token; a message split into 200,000 one-byte
 * fragments is cut off by ws's `maxFragments` with 1008; a page that stops reading while large query results
 * pile up is closed 1013 once the outbox passes its hard cap. Memory guards are generous failure guards, not
 * measurements.
 */
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, createProfile, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, type Cluster } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { createBridge } from './bridge.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';
import { TestClient, upgradeStatus } from './testing/ws-client.js';

const MiB = 1024 * 1024;
const ALICE = { name: 'alice', password: 'alice-Limits-Pw-3' };

let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('security-limits');
});

afterAll(async () => {
  if (dir) await removeTempDir(dir);
});

/** Waits for `condition`, polling; the deadline is a failure guard only. */
async function until(condition: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

describe('closing and restarting the bridge', () => {
  it('closes every open session with 4001, and a bridge restarted on the same port refuses the old token with 401', async () => {
    const log = memoryLogger();
    const stores = { userDir: dir, secretStore: 'encrypted-file' as const, env: {} };
    const first = createBridge({ logger: log.logger, stores });
    const { port, url } = await first.listen();
    const sessions = await Promise.all([1, 2].map(async () => (await TestClient.connect(url, { token: first.token })).client));
    const oldToken = first.token;

    await first.close();
    for (const session of sessions) expect(await session.closed).toMatchObject({ code: CLOSE_CODES.tokenRevoked });

    const second = createBridge({ logger: log.logger, stores });
    try {
      await second.listen({ port });
      expect(second.token).not.toBe(oldToken);
      expect(await upgradeStatus(url, { token: oldToken })).toBe(401);
      expect(await upgradeStatus(url, { token: second.token })).toBe(101);
      expect(second.sessionCount).toBe(0);
    } finally {
      await second.close();
    }
  });
});

/** A raw TCP socket upgraded with the token: frames are written by hand from here on. */
async function rawSession(bridge: TestBridge): Promise<{ socket: Socket; received: () => Buffer }> {
  const { port } = new URL(bridge.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    [
      'GET / HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}`,
      `Sec-WebSocket-Protocol: ${SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${bridge.bridge.token}`,
      '',
      '',
    ].join('\r\n'),
  );
  const received = () => Buffer.concat(chunks);
  await until(() => received().includes('\r\n\r\n'), 'the upgrade response');
  expect(received().toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  return { socket, received };
}

/** One masked client frame with a one-byte payload. */
function frame(opcode: number, fin: boolean, byte: number): Buffer {
  return Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 1, 0, 0, 0, 0, byte]);
}

/** The close code of the first close frame after the HTTP response, or undefined when none arrived. */
function closeCode(received: Buffer): number | undefined {
  const start = received.indexOf('\r\n\r\n') + 4;
  const body = received.subarray(start);
  const at = body.indexOf(0x88);
  return at < 0 || body.length < at + 4 ? undefined : body.readUInt16BE(at + 2);
}

describe('fragment floods', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge(dir);
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('closes a message split into 200,000 one-byte fragments with 1008, and memory stays bounded', async () => {
    const { socket, received } = await rawSession(bridge);
    const before = process.memoryUsage().rss;
    const fragments = [frame(0x1, false, 0x7b), ...Array.from({ length: 199_998 }, () => frame(0x0, false, 0x20)), frame(0x0, true, 0x7d)];
    socket.write(Buffer.concat(fragments));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await until(() => closeCode(received()) !== undefined || socket.destroyed, 'the close frame');
    expect(closeCode(received())).toBe(1008);
    socket.end();
    await ended;
    await until(() => bridge.bridge.sessionCount === 0, 'the session to close');
    expect(bridge.lines.join('\n')).toMatch(/Too many message fragments|session closed/);
    // ws stopped at the 65th fragment; the 1.4 MB the test wrote never became a message.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * MiB);
  });
});

describe('a page that stops reading', () => {
  let cluster: Cluster;
  let bridge: TestBridge;
  beforeAll(async () => {
    cluster = await startCluster({ roles: [ALICE], databases: [{ name: 'app', owner: ALICE.name }] });
    bridge = await startTestBridge(dir);
  }, 120_000);
  afterAll(async () => {
    await bridge?.close();
    await cluster?.stop();
  });

  it('is closed 1013 once the unsent query results pass the hard cap, without the bridge holding them all', async () => {
    const client = await bridge.session();
    const opened = await client.request('open', 'connection.open', {
      profile: createProfile({
        name: 'Big rows',
        hosts: [{ host: '127.0.0.1', port: cluster.port }],
        database: 'app',
        auth: { type: 'password', user: ALICE.name, savePassword: false },
        ssl: { sslmode: 'disable' },
        client: { connectTimeoutSeconds: 10, applicationName: 'pgconnect-slow-reader' },
      }),
      secrets: { password: ALICE.password },
    });
    if (opened.type !== 'connection.open.result') throw new Error(`open failed: ${JSON.stringify(opened)}`);
    const before = process.memoryUsage().rss;

    // The page stops reading; each result is one ~3.75 MiB frame (the bridge truncates at its frame budget).
    client.ws.pause();
    const sql = "SELECT repeat('x', 4000) AS filler FROM generate_series(1, 2000)";
    for (let i = 0; i < 16; i++) client.sendRaw(JSON.stringify({ id: `q${i}`, type: 'query', connectionId: opened.connectionId, sql, rowLimit: 2000 }));

    await until(() => bridge.bridge.sessionCount === 0, 'the bridge to give up on the page', 45_000);
    const closing = bridge.lines.map((line) => JSON.parse(line) as { msg?: string; code?: number }).find((l) => l.msg === 'closing session');
    expect(closing).toMatchObject({ code: CLOSE_CODES.tryAgainLater });
    // The hard cap is 32 MiB of unsent frames; 16 results would be 60 MiB. A generous guard, not a measurement.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * MiB);
    client.ws.terminate();
    await client.closed;
    // The pool went with the session: no backend of this page is left on the server.
    let left = -1;
    const count = async () => {
      const rows = await cluster.sql<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pgconnect-slow-reader'");
      left = Number(rows[0]?.n);
    };
    for (const end = Date.now() + 20_000; (await count(), left !== 0) && Date.now() < end; ) await sleep(100);
    expect(left).toBe(0);
  }, 60_000);
});
