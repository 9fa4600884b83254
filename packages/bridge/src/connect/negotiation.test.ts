/**
 * The encryption negotiation details the matrix does not reach: direct TLS with ALPN, the SSLRequest answers a
 * real server never gives (stray bytes after `S`, an `E`), and the bridge's decision on retrying a failed login
 * in plaintext under sslmode=prefer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type ProfileInit } from '@pgconnect/core';
import { createCerts, startCluster, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { shouldFallBack } from './fallback.js';
import { testConnection, type TestConnectionOutcome } from './test-connection.js';
import { fakeServer, type FakeServer } from './testing/fake-server.js';

const ALICE = { name: 'alice', password: 'alice-Neg-55' };
let certs: TestCerts;
let cluster: Cluster;

beforeAll(async () => {
  certs = await createCerts();
  cluster = await startCluster({ roles: [ALICE], ssl: { cert: certs.server.good } });
});
afterAll(async () => {
  await cluster?.stop();
  await certs?.remove();
});

function profile(port: number, init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host: 'localhost', port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'prefer', ...init.ssl },
    client: { connectTimeoutSeconds: 5, ...init.client },
  });
}

async function run(p: ConnectionProfile, password = ALICE.password): Promise<TestConnectionOutcome> {
  const outcome = await testConnection(p, { password }, { logger: memoryLogger().logger, homeDir: null });
  if (outcome.ok) await outcome.client.end();
  return outcome;
}

/** A server that answers SSLRequest with `answer` and then does nothing. */
function answering(answer: Buffer): Promise<FakeServer> {
  return fakeServer((socket) => socket.once('data', () => socket.write(answer)));
}

describe('encryption negotiation', () => {
  it('sslnegotiation=direct starts TLS at once, with ALPN "postgresql" (PostgreSQL 17+)', async () => {
    const outcome = await run(profile(cluster.port, { ssl: { sslmode: 'verify-full', rootCert: { pem: certs.ca.cert }, sslnegotiation: 'direct' } }));
    expect(outcome.ok && outcome.endpoint.tls).toMatchObject({ encrypted: true, verified: true });
  });

  it('sslnegotiation=direct with a weak sslmode is refused before connecting, as libpq does', async () => {
    const outcome = await run(profile(cluster.port, { ssl: { sslmode: 'prefer', sslnegotiation: 'direct' } }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_SSLMODE_WEAK_WITH_DIRECT');
    expect(outcome.stages).toEqual([]);
  });

  it('sslrootcert=system with a weak sslmode is refused before connecting', async () => {
    const outcome = await run(profile(cluster.port, { ssl: { sslmode: 'require', rootCert: 'system' } }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_SSLMODE_WEAK_WITH_SYSTEM_ROOT');
  });

  it('sslrootcert=system uses the OS trust store, which does not hold the test CA', async () => {
    const outcome = await run(profile(cluster.port, { ssl: { sslmode: 'verify-full', rootCert: 'system' } }));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_CERT_UNTRUSTED');
  });

  it('refuses unencrypted bytes after the server\'s "S" (a man-in-the-middle injection), without falling back', async () => {
    const server = await answering(Buffer.from('SXXXX'));
    try {
      const outcome = await run(profile(server.port, { hosts: [{ host: '127.0.0.1', port: server.port }] }));
      expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_PROTOCOL_ERROR');
      expect(outcome.stages.filter((s) => s.stage === 'tcp')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('treats anything but S, N or E as not PostgreSQL', async () => {
    const server = await answering(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      const outcome = await run(profile(server.port, { hosts: [{ host: '127.0.0.1', port: server.port }] }));
      expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_PROTOCOL_ERROR');
    } finally {
      await server.close();
    }
  });
});

describe('sslmode=prefer and a failed login over TLS', () => {
  it('does not retry a wrong password (28P01) in plaintext: the password is sent once', async () => {
    const outcome = await run(profile(cluster.port), 'wrong-password');
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_AUTH_FAILED');
    expect(outcome.stages.filter((s) => s.stage === 'auth')).toHaveLength(1);
    expect(outcome.stages.filter((s) => s.stage === 'tcp')).toHaveLength(1);
  });

  it('retries other startup errors, as libpq does (28000 from a hostnossl-only pg_hba.conf is covered by the matrix)', () => {
    expect(shouldFallBack('prefer', 'server-error-during-startup', '28000')).toBe(true);
    expect(shouldFallBack('prefer', 'server-error-during-startup', '28P01')).toBe(false);
    expect(shouldFallBack('allow', 'server-error-during-startup', '28P01')).toBe(false);
    expect(shouldFallBack('prefer', 'tls-handshake-fails')).toBe(true);
    expect(shouldFallBack('allow', 'tls-handshake-fails')).toBe(false);
    expect(shouldFallBack('require', 'server-declines-tls')).toBe(false);
  });
});
