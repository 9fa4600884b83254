/**
 * libpq's host list against a real primary and its streaming standby: target_session_attrs, load_balance_hosts,
 * hostaddr with the TLS name taken from `host`, per-address connect_timeout, which failures move on to the
 * next host and which end the connection, and Unix-domain sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type HostPort, type ProfileInit, type TargetSessionAttrs } from '@pgconnect/core';
import { createCerts, freePort, startCluster, startStandby, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { shuffled } from './shuffle.js';
import { testConnection, type TestConnectionOutcome } from './test-connection.js';
import { fakeServer } from './testing/fake-server.js';

const ALICE = { name: 'alice', password: 'alice-Multi-77' };

let certs: TestCerts;
let primary: Cluster;
let standby: Cluster;
let other: Cluster; // an unrelated server without the `appdb` database
let wrongName: Cluster;

beforeAll(async () => {
  certs = await createCerts();
  [primary, other, wrongName] = await Promise.all([
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.good }, databases: [{ name: 'appdb', owner: 'alice' }] }),
    startCluster({ roles: [ALICE] }),
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.wrongName } }),
  ]);
  standby = await startStandby(primary);
});

afterAll(async () => {
  await standby?.stop();
  await Promise.all([primary, other, wrongName].map((c) => c?.stop()));
  await certs?.remove();
});

function profile(hosts: HostPort[], init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts,
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'prefer', ...init.ssl },
    client: { connectTimeoutSeconds: 10, ...init.client },
  });
}

async function connectTo(p: ConnectionProfile, random?: () => number): Promise<TestConnectionOutcome & { port?: number }> {
  const { logger } = memoryLogger();
  const outcome = await testConnection(p, { password: ALICE.password }, { logger, homeDir: null, ...(random && { random }) });
  if (!outcome.ok) return outcome;
  const { rows } = await outcome.client.query<{ port: number }>("SELECT current_setting('port')::int AS port");
  await outcome.client.end();
  return { ...outcome, port: rows[0]?.port };
}

/** mulberry32: a small seeded PRNG, so the statistical test is reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const P = () => ({ host: '127.0.0.1', port: primary.port });
const S = () => ({ host: '127.0.0.1', port: standby.port });

describe('target_session_attrs', () => {
  const cases: [TargetSessionAttrs, () => HostPort[], () => number][] = [
    ['read-write', () => [S(), P()], () => primary.port],
    ['primary', () => [S(), P()], () => primary.port],
    ['read-only', () => [P(), S()], () => standby.port],
    ['standby', () => [P(), S()], () => standby.port],
    ['prefer-standby', () => [P(), S()], () => standby.port],
    ['any', () => [S(), P()], () => standby.port],
  ];
  for (const [attrs, hosts, expected] of cases) {
    it(`${attrs} picks the right server from the list`, async () => {
      const outcome = await connectTo(profile(hosts(), { client: { targetSessionAttrs: attrs } }));
      expect(outcome.ok).toBe(true);
      expect(outcome.port).toBe(expected());
    });
  }

  it('prefer-standby makes a second pass and accepts a primary when there is no standby', async () => {
    const outcome = await connectTo(profile([P()], { client: { targetSessionAttrs: 'prefer-standby' } }));
    expect(outcome.port).toBe(primary.port);
    expect(outcome.stages.filter((s) => s.stage === 'ready').map((s) => s.detail)).toEqual([
      expect.stringContaining('does not match'),
      expect.stringContaining('ready for queries'),
    ]);
  });

  it('fails with PG_TARGET_SESSION_ATTRS_UNMET when no host is the right kind', async () => {
    const outcome = await connectTo(profile([P(), P()], { client: { targetSessionAttrs: 'standby' } }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_TARGET_SESSION_ATTRS_UNMET');
  });
});

describe('load_balance_hosts=random', () => {
  it('shuffles uniformly', () => {
    const random = seeded(7);
    const firsts = new Map<string, number>();
    for (let i = 0; i < 30_000; i++) {
      const first = shuffled(['a', 'b', 'c'], random)[0] ?? '';
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const count of firsts.values()) expect(count / 30_000).toBeCloseTo(1 / 3, 1);
  });

  it('spreads real connections over the hosts, and without it always takes the first', async () => {
    const random = seeded(2024);
    const counts = { primary: 0, standby: 0 };
    const runs = 40;
    for (let i = 0; i < runs; i++) {
      const outcome = await connectTo(profile([P(), S()], { client: { loadBalanceHosts: 'random' } }), random);
      if (outcome.port === primary.port) counts.primary++;
      else if (outcome.port === standby.port) counts.standby++;
    }
    expect(counts.primary + counts.standby).toBe(runs);
    // Binomial(40, 0.5): outside 10..30 has probability below 0.2%, and the seed makes it reproducible.
    expect(counts.primary).toBeGreaterThanOrEqual(10);
    expect(counts.primary).toBeLessThanOrEqual(30);

    for (let i = 0; i < 5; i++) expect((await connectTo(profile([P(), S()]))).port).toBe(primary.port);
  });
});

describe('hostaddr', () => {
  it('dials the address but verifies the certificate against host, with no DNS lookup', async () => {
    const p = profile([{ host: 'wrong.example', port: wrongName.port }], {
      hostaddr: ['127.0.0.1'],
      ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } },
    });
    const outcome = await connectTo(p);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.endpoint).toMatchObject({ host: 'wrong.example', address: '127.0.0.1', tls: { encrypted: true, verified: true } });
    expect(outcome.stages.find((s) => s.stage === 'dns')).toMatchObject({ status: 'skipped' });
  });

  it('fails the name check when host names something the certificate does not', async () => {
    const p = profile([{ host: 'localhost', port: wrongName.port }], {
      hostaddr: ['127.0.0.1'],
      ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } },
    });
    const outcome = await connectTo(p);
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_CERT_NAME_MISMATCH');
  });

  it('verify-full checks an IP host against the certificate\'s IP addresses', async () => {
    const p = profile([{ host: '127.0.0.1', port: primary.port }], { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } } });
    const outcome = await connectTo(p);
    expect(outcome.ok && outcome.endpoint.tls.verified).toBe(true);
    const mismatch = await connectTo(profile([{ host: '127.0.0.1', port: wrongName.port }], { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } } }));
    expect(mismatch.ok ? 'connected' : mismatch.error.code).toBe('TLS_CERT_NAME_MISMATCH');
  });
});

describe('moving on to the next host', () => {
  it('a host that times out is given connect_timeout seconds, then the next host is tried', async () => {
    const silent = await fakeServer();
    try {
      const started = Date.now();
      const outcome = await connectTo(profile([{ host: '127.0.0.1', port: silent.port }, P()], { client: { connectTimeoutSeconds: 1 } }));
      const elapsed = Date.now() - started;
      expect(outcome.port).toBe(primary.port);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(5_000);
      expect(outcome.stages.some((s) => s.status === 'failed' && s.code === 'NET_TIMEOUT')).toBe(true);
    } finally {
      await silent.close();
    }
  });

  it('a refused host is skipped', async () => {
    const outcome = await connectTo(profile([{ host: '127.0.0.1', port: await freePort() }, P()]));
    expect(outcome.port).toBe(primary.port);
  });

  it('a name that does not resolve is skipped', async () => {
    const outcome = await connectTo(profile([{ host: 'nowhere.invalid', port: 5432 }, P()]));
    expect(outcome.port).toBe(primary.port);
  });

  it('a server error other than 57P03 ends the connection: the next host is not tried', async () => {
    const outcome = await connectTo(profile([{ host: '127.0.0.1', port: other.port }, P()], { database: 'appdb' }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_DATABASE_NOT_FOUND');
    expect(outcome.stages.filter((s) => s.stage === 'tcp' && s.status === 'ok').map((s) => s.target)).toEqual([`127.0.0.1:${other.port}`]);
  });
});

describe('Unix-domain sockets', () => {
  it('connect to <dir>/.s.PGSQL.<port>, never with TLS, even with sslmode=require', async () => {
    const outcome = await connectTo(profile([{ host: primary.socketDir, port: primary.port }], { ssl: { sslmode: 'require' } }));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.endpoint.tls.encrypted).toBe(false);
    expect(outcome.stages.map((s) => `${s.stage}:${s.status}`)).toEqual(['dns:skipped', 'tcp:ok', 'tls:skipped', 'auth:ok', 'ready:ok']);
  });

  it('a socket directory without a server is NET_SOCKET_NOT_FOUND', async () => {
    const outcome = await connectTo(profile([{ host: '/nonexistent-dir', port: 5432 }]));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_SOCKET_NOT_FOUND');
  });
});
