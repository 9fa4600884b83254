/**
 * Every failure Test Connection must explain, provoked for real: real PostgreSQL clusters for everything a real
 * server can be made to do (standbys held starting up or warm for 57P03), a closed port, a silent listener, a
 * `.invalid` name — and a tiny fake server only for what a real one cannot show us: whether a cleartext
 * password is sent when one is asked for.
 */
import type { Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type ErrorCode, type ProfileInit, type Secrets } from '@pgconnect/core';
import { createCerts, freePort, startCluster, startStandby, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { testConnection, type TestConnectionOutcome } from './test-connection.js';
import { fakeServer } from './testing/fake-server.js';

const ALICE = { name: 'alice', password: 'alice-Secret-42' };
/** A role no pg_hba.conf line mentions, on the servers where alice has a line. */
const BOB = { name: 'bob', password: 'bob-pw-1234' };

let certs: TestCerts;
let plain: Cluster; // TLS off, SCRAM
let tls: Cluster; // good certificate, SCRAM, pg_hba for alice only
let hostsslOnly: Cluster; // a hostssl line for alice, nothing for bob
let wrongName: Cluster;
let expired: Cluster;
let trust: Cluster;
let cleartext: Cluster;
let small: Cluster;

beforeAll(async () => {
  certs = await createCerts();
  const scram = [{ type: 'host' as const, method: 'scram-sha-256' as const }];
  [plain, tls, hostsslOnly, wrongName, expired, trust, cleartext, small] = await Promise.all([
    startCluster({ roles: [ALICE], hba: scram }),
    startCluster({ roles: [ALICE, BOB], ssl: { cert: certs.server.good }, hba: [{ type: 'host', user: 'alice', method: 'scram-sha-256' }] }),
    startCluster({ roles: [ALICE, BOB], ssl: { cert: certs.server.good }, hba: [{ type: 'hostssl', user: 'alice', method: 'scram-sha-256' }] }),
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.wrongName }, hba: scram }),
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.expired }, hba: scram }),
    startCluster({ roles: [ALICE], hba: [{ type: 'host', method: 'trust' }] }),
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.good }, hba: [{ type: 'host', method: 'password' }] }),
    startCluster({ roles: [ALICE], hba: scram, maxConnections: 4, settings: { superuser_reserved_connections: 1 } }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain, tls, hostsslOnly, wrongName, expired, trust, cleartext, small].map((c) => c?.stop()));
  await certs?.remove();
});

function profile(host: string, port: number, init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host, port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'prefer', ...init.ssl },
    client: { connectTimeoutSeconds: 10, ...init.client },
  });
}

async function outcomeOf(p: ConnectionProfile, secrets: Secrets = { password: ALICE.password }): Promise<TestConnectionOutcome> {
  const { logger } = memoryLogger();
  const outcome = await testConnection(p, secrets, { logger, homeDir: null });
  if (outcome.ok) await outcome.client.end();
  return outcome;
}

async function codeOf(p: ConnectionProfile, secrets?: Secrets): Promise<ErrorCode | 'connected'> {
  const outcome = await outcomeOf(p, secrets);
  return outcome.ok ? 'connected' : outcome.error.code;
}

/** A backend message: type byte, int32 length, body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/**
 * Answers SSLRequest with `N`, then the startup packet with `reply`, recording every byte the client sent
 * after the startup packet.
 */
function scriptedServer(reply: Buffer, received: Buffer[]): (socket: Socket) => void {
  return (socket) => {
    let buffer = Buffer.alloc(0);
    let startupSeen = false;
    socket.on('data', (chunk: Buffer) => {
      if (startupSeen) {
        received.push(chunk);
        return;
      }
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8 && !startupSeen) {
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === 80877103) socket.write('N');
        else {
          startupSeen = true;
          socket.write(reply);
        }
      }
    });
  };
}

describe('Test Connection explains every failure with a stable code', () => {
  it('unknown host: a .invalid name fails the DNS stage', async () => {
    const outcome = await outcomeOf(profile('no-such-host.invalid', 5432));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_DNS_UNKNOWN_HOST');
    expect(outcome.stages.find((s) => s.stage === 'dns')).toMatchObject({ status: 'failed', code: 'NET_DNS_UNKNOWN_HOST' });
    expect(outcome.stages.some((s) => s.stage === 'tcp')).toBe(false);
  });

  it('refused: nothing listens on the port', async () => {
    expect(await codeOf(profile('127.0.0.1', await freePort()))).toBe('NET_REFUSED');
  });

  it('timeout: a listener that accepts and never answers', async () => {
    const silent = await fakeServer();
    try {
      const started = Date.now();
      const outcome = await outcomeOf(profile('127.0.0.1', silent.port, { client: { connectTimeoutSeconds: 1 } }));
      expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5_000);
      if (!outcome.ok) expect(outcome.error.message).toContain('1 seconds');
    } finally {
      await silent.close();
    }
  });

  it('host:port typed into the host field is caught before any lookup', async () => {
    const outcome = await outcomeOf(profile(`localhost:${plain.port}`, 5432));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_HOST_INCLUDES_PORT');
  });

  it('server does not support TLS: sslmode=require against ssl=off', async () => {
    expect(await codeOf(profile('localhost', plain.port, { ssl: { sslmode: 'require' } }))).toBe('TLS_NOT_SUPPORTED_BY_SERVER');
  });

  it('verify-full without a root certificate: a setting to choose, not an untrusted certificate', async () => {
    const outcome = await outcomeOf(profile('localhost', tls.port, { ssl: { sslmode: 'verify-full' } }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_ROOT_CERT_REQUIRED');
    if (!outcome.ok) expect(outcome.error.hint).toContain('System');
    expect(outcome.stages).toEqual([]);
  });

  it('untrusted certificate: verify-full with a CA that did not sign it', async () => {
    const p = profile('localhost', tls.port, { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.otherCa.cert } } });
    expect(await codeOf(p)).toBe('TLS_CERT_UNTRUSTED');
  });

  it('name mismatch: verify-full against a certificate for another name', async () => {
    const p = profile('localhost', wrongName.port, { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } } });
    expect(await codeOf(p)).toBe('TLS_CERT_NAME_MISMATCH');
  });

  it('expired certificate: verify-full against a certificate that ran out in 2021', async () => {
    const p = profile('localhost', expired.port, { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } } });
    expect(await codeOf(p)).toBe('TLS_CERT_EXPIRED');
  });

  it('wrong password', async () => {
    expect(await codeOf(profile('localhost', plain.port), { password: 'not-the-password' })).toBe('PG_AUTH_FAILED');
  });

  it('no pg_hba entry: neither the TLS nor the plaintext attempt is allowed for this role', async () => {
    const p = profile('localhost', tls.port, { auth: { type: 'password', user: BOB.name, savePassword: false } });
    expect(await codeOf(p, { password: BOB.password })).toBe('PG_NO_HBA_ENTRY');
  });

  it('unknown role (a trust server says so; a password server hides it behind "password authentication failed")', async () => {
    const p = profile('localhost', trust.port, { auth: { type: 'password', user: 'ghost', savePassword: false } });
    expect(await codeOf(p)).toBe('PG_ROLE_NOT_FOUND');
  });

  it('unknown database', async () => {
    expect(await codeOf(profile('localhost', plain.port, { database: 'nosuchdb' }))).toBe('PG_DATABASE_NOT_FOUND');
  });

  it('too many connections: every non-reserved slot is held open', async () => {
    const held: pg.Client[] = [];
    try {
      for (;;) {
        const client = new pg.Client({ ...small.connInfo({ user: ALICE.name }), ssl: false });
        client.on('error', () => {});
        try {
          await client.connect();
        } catch {
          break;
        }
        held.push(client);
        if (held.length > 10) throw new Error('max_connections did not bite');
      }
      expect(held.length).toBeGreaterThan(0);
      expect(await codeOf(profile('127.0.0.1', small.port))).toBe('PG_TOO_MANY_CONNECTIONS');
    } finally {
      await Promise.all(held.map((c) => c.end()));
    }
  });

  describe('servers that refuse logins with 57P03', () => {
    // Two standbys of the plain cluster, each held in its state for as long as it runs (test/harness/standby.ts).
    let starting: Cluster;
    let warm: Cluster;
    beforeAll(async () => {
      [starting, warm] = await Promise.all([startStandby(plain, 'stuck-starting'), startStandby(plain, 'warm')]);
    });
    afterAll(async () => {
      await Promise.all([starting?.stop(), warm?.stop()]);
    });

    it('server starting up: a server still reading its WAL to start', async () => {
      const outcome = await outcomeOf(profile('127.0.0.1', starting.port));
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error).toMatchObject({ code: 'PG_SERVER_STARTING', hint: expect.stringContaining('Wait a moment') });
      expect(outcome.stages.find((s) => s.stage === 'auth')).toMatchObject({ status: 'failed', code: 'PG_SERVER_STARTING' });
    });

    it('a warm standby (hot_standby off) is named as such, not as a server about to start', async () => {
      expect(await codeOf(profile('127.0.0.1', warm.port))).toBe('PG_STANDBY_NOT_ACCEPTING');
    });

    it('with several hosts, both are passed over for the next one, as libpq does', async () => {
      const hosts = [{ host: '127.0.0.1', port: starting.port }, { host: '127.0.0.1', port: warm.port }, { host: '127.0.0.1', port: plain.port }];
      const outcome = await outcomeOf(profile('127.0.0.1', plain.port, { hosts }));
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.endpoint.port).toBe(plain.port);
    });
  });

  it('cleartext password requested without TLS: refused by a real server with "password" auth', async () => {
    expect(await codeOf(profile('localhost', cleartext.port, { ssl: { sslmode: 'disable' } }))).toBe('PG_CLEARTEXT_AUTH_REFUSED');
  });

  it('cleartext password requested over TLS that is not verified: refused too', async () => {
    expect(await codeOf(profile('localhost', cleartext.port, { ssl: { sslmode: 'require' } }))).toBe('PG_CLEARTEXT_AUTH_REFUSED');
  });

  it('cleartext password over verified TLS is allowed', async () => {
    const p = profile('localhost', cleartext.port, { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert } } });
    expect(await codeOf(p)).toBe('connected');
  });

  it('a cleartext request never gets the password: the server receives no password message', async () => {
    const received: Buffer[] = [];
    const askCleartext = message('R', Buffer.from([0, 0, 0, 3]));
    const fake = await fakeServer(scriptedServer(askCleartext, received));
    try {
      expect(await codeOf(profile('127.0.0.1', fake.port), { password: 'CANARY-cleartext-pw' })).toBe('PG_CLEARTEXT_AUTH_REFUSED');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent = Buffer.concat(received);
      expect(sent.includes(Buffer.from('CANARY'))).toBe(false);
      expect(sent.includes(0x70 /* 'p' */)).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('no password given: PG_PASSWORD_REQUIRED, not a lookup elsewhere', async () => {
    expect(await codeOf(profile('localhost', plain.port), {})).toBe('PG_PASSWORD_REQUIRED');
  });

  it('every code comes with a message and a hint', async () => {
    const outcome = await outcomeOf(profile('127.0.0.1', await freePort()));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.message).toMatch(/refused/);
      expect(outcome.error.hint).toBeTruthy();
    }
  });
});

describe('a plaintext "no pg_hba.conf entry … no encryption" is not taken for "TLS required"', () => {
  const as = (role: { name: string }, sslmode: ConnectionProfile['ssl']['sslmode'], cluster = hostsslOnly) =>
    profile('localhost', cluster.port, { auth: { type: 'password', user: role.name, savePassword: false }, ssl: { sslmode } });

  it('sslmode=disable against a hostssl-only line: says what is known, and suggests trying TLS', async () => {
    const outcome = await outcomeOf(as(ALICE, 'disable'));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_NO_HBA_ENTRY_PLAINTEXT');
    if (!outcome.ok) {
      expect(outcome.error.message).toContain('unencrypted');
      expect(outcome.error.hint).toMatch(/may accept only encrypted .* or may not allow this user or database at all/);
      expect(outcome.error.hint).toContain('require');
    }
  });

  it('sslmode=disable for a role with no line at all gets the very same answer: the server cannot tell them apart', async () => {
    expect(await codeOf(as(BOB, 'disable'), { password: BOB.password })).toBe('PG_NO_HBA_ENTRY_PLAINTEXT');
  });

  it('sslmode=allow: the TLS attempt that follows gets in, and only now is "TLS required" reported, as a warning', async () => {
    const outcome = await outcomeOf(as(ALICE, 'allow'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.endpoint.tls.encrypted).toBe(true);
    expect(outcome.warnings.join(' ')).toContain('accepts only encrypted connections');
    expect(outcome.stages.filter((s) => s.stage === 'auth').map((s) => s.code ?? s.status)).toEqual(['PG_NO_HBA_ENTRY_PLAINTEXT', 'ok']);
  });

  it('sslmode=allow for a role with no line at all: the TLS attempt is refused too, so there is no entry', async () => {
    expect(await codeOf(as(BOB, 'allow'), { password: BOB.password })).toBe('PG_NO_HBA_ENTRY');
  });

  it('sslmode=prefer against a server without TLS: it cannot be requiring TLS, so there is no entry', async () => {
    const noLine = await startCluster({ roles: [ALICE, BOB], hba: [{ type: 'host', user: ALICE.name, method: 'scram-sha-256' }] });
    try {
      expect(await codeOf(as(BOB, 'prefer', noLine), { password: BOB.password })).toBe('PG_NO_HBA_ENTRY');
    } finally {
      await noLine.stop();
    }
  });

  it('over a Unix socket ("[local]"), where TLS never applies, it is no entry at all', async () => {
    const p = profile(hostsslOnly.socketDir, hostsslOnly.port, { ssl: { sslmode: 'disable' } });
    expect(await codeOf(p)).toBe('PG_NO_HBA_ENTRY');
  });
});
