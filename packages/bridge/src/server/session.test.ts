/**
 * The session protocol (security.md §3 items 10, 15, 17–22, 29, 33, 45): hello first and in time, invalid and
 * hostile frames, size limits, rate limits and the connect cap. Where a database would be reached, a plain TCP
 * server stands in and records whether anything connected to it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { createBridge, type Bridge, type BridgeOptions } from './bridge.js';
import { errorCode, TestClient } from './testing/ws-client.js';

/** A TCP server that accepts and never answers: every connect attempt to it hangs until cancelled. */
class Blackhole {
  readonly sockets: Socket[] = [];
  connections = 0;
  readonly server: Server = createServer((socket) => {
    this.connections++;
    this.sockets.push(socket);
    socket.on('error', () => undefined);
  });
  #waiters: { count: number; resolve: () => void }[] = [];

  async start(): Promise<number> {
    this.server.on('connection', () => (this.#waiters = this.#waiters.filter((w) => !(this.connections >= w.count && (w.resolve(), true)))));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  reached(count: number): Promise<void> {
    if (this.connections >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let dir: string;
let blackhole: Blackhole;
let blackholePort: number;
const bridges: Bridge[] = [];

beforeAll(async () => {
  dir = await makeTempDir('bridge-session');
  blackhole = new Blackhole();
  blackholePort = await blackhole.start();
});

afterEach(async () => {
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});

afterAll(async () => {
  await blackhole?.stop();
  if (dir) await removeTempDir(dir);
});

async function startBridge(options: BridgeOptions = {}): Promise<{ bridge: Bridge; url: string; lines: string[] }> {
  const log = memoryLogger();
  const bridge = createBridge({ logger: log.logger, stores: { userDir: dir, secretStore: 'encrypted-file', env: {} }, ...options });
  bridges.push(bridge);
  const { url } = await bridge.listen();
  return { bridge, url, lines: log.lines };
}

function blackholeProfile(): ConnectionProfile {
  return createProfile({
    hosts: [{ host: '127.0.0.1', port: blackholePort }],
    database: 'postgres',
    auth: { type: 'password', user: 'alice', savePassword: false },
    ssl: { sslmode: 'disable' },
    // 0 waits for ever, as in libpq: only a cancel ends these attempts.
    client: { connectTimeoutSeconds: 0 },
  });
}

describe('hello', () => {
  it('closes 1008 when no hello arrives in time', async () => {
    const { bridge, url } = await startBridge({ limits: { helloTimeoutMs: 100 } });
    const client = await TestClient.open(url, { token: bridge.token });
    expect((await client.closed).code).toBe(1008);
  });

  it('closes 1008 on a request before hello, and runs nothing', async () => {
    const { bridge, url } = await startBridge();
    const before = blackhole.connections;
    const client = await TestClient.open(url, { token: bridge.token });
    client.sendRaw(JSON.stringify({ id: 'r1', type: 'connection.test', testId: 't1', profile: blackholeProfile(), secrets: { password: 'x' } }));
    expect((await client.closed).code).toBe(1008);
    expect(client.frames).toEqual([]);
    expect(blackhole.connections).toBe(before);
  });

  it('answers an unsupported protocol version with an error and closes', async () => {
    const { bridge, url } = await startBridge();
    const client = await TestClient.open(url, { token: bridge.token });
    client.sendRaw(JSON.stringify({ type: 'hello', v: 2, nonce: 'a'.repeat(32) }));
    expect((await client.closed).code).toBe(1008);
    expect(client.messages.map(errorCode)).toEqual(['PROTOCOL_UNSUPPORTED_VERSION']);
  });
});

describe('frames after hello', () => {
  it('answers an invalid request naming the field, and stays usable', async () => {
    const { bridge, url } = await startBridge();
    const { client } = await TestClient.connect(url, { token: bridge.token });
    const profile = blackholeProfile();
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'connection.test', testId: 't', profile: { ...profile, hosts: [{ host: 'h', port: '5432; DROP' }] } }, 'profile.hosts.0.port'],
      [{ type: 'connection.test', testId: 't', profile: { ...profile, hosts: [{ host: 'h', port: 70_000 }] } }, 'profile.hosts.0.port'],
      [{ type: 'connection.test', testId: 't', profile: { ...profile, hosts: [{ host: 'h', port: -1 }] } }, 'profile.hosts.0.port'],
      [{ type: 'connection.test', testId: 't', profile: { ...profile, hosts: [{ host: 'h'.repeat(10_000), port: 5432 }] } }, 'profile.hosts.0.host'],
      [{ type: 'getPassword', profileId: 'p1' }, 'type'],
    ];
    for (const [i, [frame, field]] of cases.entries()) {
      const reply = await client.request(`bad${i}`, frame.type as string, frame);
      expect(reply.type).toBe('error');
      if (reply.type !== 'error') continue;
      expect(['PROTOCOL_INVALID_MESSAGE', 'PROTOCOL_UNKNOWN_OP']).toContain(reply.error.code);
      expect(reply.error.data?.field).toBe(field);
    }
    expect(blackhole.connections).toBe(0);
    expect((await client.request('ok', 'connection.list')).type).toBe('connection.list.result');
    await client.close();
  });

  it('refuses prototype-polluting keys and leaves Object.prototype alone', async () => {
    const { bridge, url } = await startBridge();
    const { client } = await TestClient.connect(url, { token: bridge.token });
    // Refused before the frame is read as an object, so the error carries no id, only the field.
    const errors = () => client.messages.filter((m) => m.type === 'error');
    client.sendRaw('{"id":"p1","type":"connection.list","__proto__":{"polluted":1}}');
    client.sendRaw('{"id":"p2","type":"connection.list","constructor":{"prototype":{"x":1}}}');
    await client.next(() => errors().length === 2);
    expect(errors().map((m) => m.type === 'error' && [m.error.code, m.error.data?.field])).toEqual([
      ['PROTOCOL_INVALID_MESSAGE', '__proto__'],
      ['PROTOCOL_INVALID_MESSAGE', 'constructor'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    await client.close();
  });

  it('closes 1008 after repeated invalid frames', async () => {
    const { bridge, url } = await startBridge({ limits: { invalidFramesPerMinute: 3 } });
    const { client } = await TestClient.connect(url, { token: bridge.token });
    for (let i = 0; i < 10; i++) client.sendRaw('not json');
    expect((await client.closed).code).toBe(1008);
  });

  it('rejects a deeply nested frame without crashing', async () => {
    const { bridge, url } = await startBridge();
    const { client } = await TestClient.connect(url, { token: bridge.token });
    client.sendRaw(`{"id":"deep","type":"connection.list","x":${'['.repeat(1_000)}${']'.repeat(1_000)}}`);
    expect(errorCode(await client.next((m) => m.type === 'error'))).toBe('PROTOCOL_INVALID_MESSAGE');
    expect((await client.request('after', 'connection.list')).type).toBe('connection.list.result');
    await client.close();
  });

  it('closes 1009 on a 300 KiB frame', async () => {
    const { bridge, url } = await startBridge();
    const { client } = await TestClient.connect(url, { token: bridge.token });
    client.sendRaw(JSON.stringify({ id: 'big', type: 'import', format: 'pgpass', text: 'x'.repeat(300 * 1024) }));
    expect((await client.closed).code).toBe(1009);
  });

  it('closes 1007 on a text frame that is not UTF-8', async () => {
    const { bridge, url } = await startBridge();
    const { client } = await TestClient.connect(url, { token: bridge.token });
    client.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await client.closed).code).toBe(1007);
  });

  it('answers a flood with BRIDGE_RATE_LIMITED, closes it 1008, and leaves other sessions alone', async () => {
    const { bridge, url } = await startBridge();
    const { client: flooder } = await TestClient.connect(url, { token: bridge.token });
    const { client: bystander } = await TestClient.connect(url, { token: bridge.token });
    for (let i = 0; i < 500; i++) flooder.sendRaw(JSON.stringify({ id: `f${i}`, type: 'connection.list' }));
    expect((await flooder.closed).code).toBe(1008);
    expect(flooder.messages.some((m) => errorCode(m) === 'BRIDGE_RATE_LIMITED')).toBe(true);
    expect((await bystander.request('still', 'connection.list')).type).toBe('connection.list.result');
    await bystander.close();
  });

  it('gives 16 of 20 concurrent tests BRIDGE_BUSY at once and dials at most 4', async () => {
    const { bridge, url } = await startBridge({ limits: { connectsPerMinute: 100, globalConnectsPerMinute: 100, maxConcurrentConnects: 4 } });
    const { client } = await TestClient.connect(url, { token: bridge.token });
    const before = blackhole.connections;
    const replies = Array.from({ length: 20 }, (_, i) =>
      client.request(`c${i}`, 'connection.test', { testId: `t${i}`, profile: blackholeProfile(), secrets: { password: 'x' } }),
    );
    const busy = client.messages;
    await blackhole.reached(before + 4);
    // The sixteen refusals are immediate; the four admitted tests hang on the blackhole until cancelled.
    await client.next(() => busy.filter((m) => errorCode(m) === 'BRIDGE_BUSY').length === 16);
    const running = Array.from({ length: 20 }, (_, i) => `t${i}`).filter((t) => !busy.some((m) => 'id' in m && m.id === `c${t.slice(1)}`));
    expect(running).toHaveLength(4);
    for (const testId of running) expect(await client.request(`x${testId}`, 'connection.test.cancel', { testId })).toMatchObject({ cancelled: true });
    const results = await Promise.all(replies);
    expect(results.filter((m) => errorCode(m) === 'BRIDGE_BUSY')).toHaveLength(16);
    const finished = results.filter((m) => m.type === 'connection.test.result');
    expect(finished).toHaveLength(4);
    for (const r of finished) expect(r).toMatchObject({ ok: false, code: 'BRIDGE_CANCELLED' });
    expect(blackhole.connections - before).toBe(4);
    await client.close();
  });

  it('rate-limits connection attempts per minute', async () => {
    const { bridge, url } = await startBridge({ limits: { connectsPerMinute: 2 } });
    const { client } = await TestClient.connect(url, { token: bridge.token });
    // The profile is invalid, so nothing is dialled: the attempts still count (no probing for free).
    const profile = { ...blackholeProfile(), hosts: [{ host: '', port: 5432 }] };
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) codes.push(errorCode(await client.request(`r${i}`, 'connection.open', { profile, secrets: { password: 'x' } })));
    expect(codes).toEqual(['PROFILE_INVALID', 'PROFILE_INVALID', 'BRIDGE_RATE_LIMITED']);
    await client.close();
  });
});

describe('heartbeat', () => {
  it('terminates a peer that stops answering pings and releases its session', async () => {
    const { bridge, url } = await startBridge({ limits: { heartbeatIntervalMs: 20, missedPongs: 2 } });
    const { client } = await TestClient.connect(url, { token: bridge.token, autoPong: false });
    expect((await client.closed).code).toBe(1006);
    await expect.poll(() => bridge.sessionCount).toBe(0);
  });

  it('keeps a peer that answers', async () => {
    const { bridge, url } = await startBridge({ limits: { heartbeatIntervalMs: 20, missedPongs: 2 } });
    const { client } = await TestClient.connect(url, { token: bridge.token });
    await new Promise<void>((resolve) => client.ws.once('ping', () => client.ws.once('ping', () => client.ws.once('ping', () => resolve()))));
    expect((await client.request('alive', 'connection.list')).type).toBe('connection.list.result');
    await client.close();
  });
});

describe('server mode and environment', () => {
  it('refuses a root certificate path in server mode before reading anything', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const host = createHttpServer((_req, res) => res.end());
    host.on('error', () => undefined);
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const log = memoryLogger();
    const bridge = createBridge({ logger: log.logger, stores: { userDir: dir, secretStore: 'encrypted-file', env: {} } });
    bridges.push(bridge);
    bridge.attach(host);
    try {
      const { client, hello } = await TestClient.connect(bridge.url!, { token: bridge.token });
      expect(hello.mode).toBe('server');
      expect(hello.capabilities).not.toContain('filePaths');
      const before = blackhole.connections;
      const profile = { ...blackholeProfile(), ssl: { sslmode: 'verify-ca' as const, rootCert: { path: '/nonexistent/pgconnect/root.crt' } } };
      const reply = await client.request('s1', 'connection.test', { testId: 's1', profile, secrets: { password: 'x' } });
      expect(errorCode(reply)).toBe('PROFILE_PARAMETER_NOT_ALLOWED');
      if (reply.type === 'error') expect(reply.error.data?.keyword).toBe('ssl.rootCert');
      const service = await client.request('s2', 'connection.test', { testId: 's2', profile: { ...blackholeProfile(), service: 'prod' }, secrets: { password: 'x' } });
      expect(errorCode(service)).toBe('PROFILE_PARAMETER_NOT_ALLOWED');
      const socket = await client.request('s3', 'connection.test', { testId: 's3', profile: { ...blackholeProfile(), hosts: [{ host: '/var/run/postgresql', port: 5432 }] }, secrets: { password: 'x' } });
      expect(errorCode(socket)).toBe('PROFILE_PARAMETER_NOT_ALLOWED');
      const extra = await client.request('s4', 'connection.test', { testId: 's4', profile: { ...blackholeProfile(), extra: { sslrootcert: '/etc/shadow' } }, secrets: { password: 'x' } });
      expect(errorCode(extra)).toBe('PROFILE_PARAMETER_NOT_ALLOWED');
      expect(blackhole.connections).toBe(before);
      await client.close();
    } finally {
      await bridge.close();
      await new Promise<void>((resolve) => host.close(() => resolve()));
    }
  });

  it('checks only USER_DEFINED_ variables and never echoes a value', async () => {
    const secretUrl = 'postgresql://u:CANARY_ENV_PW_91@db.example.com/app';
    const { bridge, url, lines } = await startBridge({ env: { USER_DEFINED_DB: secretUrl, DATABASE_URL: secretUrl, USER_DEFINED_JUNK: 'not a url at all' } });
    const { client } = await TestClient.connect(url, { token: bridge.token });
    expect(await client.request('e1', 'env.check', { name: 'USER_DEFINED_DB' })).toMatchObject({ defined: true, parses: true });
    expect(await client.request('e2', 'env.check', { name: 'USER_DEFINED_MISSING' })).toMatchObject({ defined: false, parses: false });
    expect(errorCode(await client.request('e3', 'env.check', { name: 'DATABASE_URL' }))).toBe('ENV_NOT_ALLOWED');
    const envProfile = { ...blackholeProfile(), mode: 'envVar', envVar: 'DATABASE_URL', hosts: [] };
    expect(errorCode(await client.request('e4', 'connection.test', { testId: 'e4', profile: envProfile }))).toBe('ENV_NOT_ALLOWED');
    await client.close();
    for (const text of [...client.frames, ...lines]) expect(text).not.toContain('CANARY_ENV_PW_91');
  });

  it('answers an operation this bridge does not ship with the missing capability', async () => {
    const { bridge, url } = await startBridge({ aws: false });
    const { client } = await TestClient.connect(url, { token: bridge.token });
    const reply = await client.request('a1', 'aws.profiles.list');
    expect(errorCode(reply)).toBe('BRIDGE_CAPABILITY_UNAVAILABLE');
    await client.close();
  });
});
