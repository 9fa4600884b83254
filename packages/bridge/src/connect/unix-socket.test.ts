/**
 * Unix-domain sockets, including Linux's abstract namespace: libpq reads a host starting with `@` as an abstract
 * socket name (PostgreSQL 14+ can listen on one), and the bridge must dial `\0name/.s.PGSQL.<port>` exactly as
 * libpq does. Node.js can do that only from libuv 1.48 (Node 22); on Node 20 the bridge must say so instead of
 * reporting a refused connection. Against real PostgreSQL 18.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type ProfileInit } from '@pgconnect/core';
import { makeTempDir, removeTempDir, run as runProcess, startCluster, type Cluster } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { canDialAbstractSockets } from './tcp.js';
import { testConnection, type TestConnectionOutcome } from './test-connection.js';

const ALICE = { name: 'alice', password: 'alice-Sock-19' };
const ABSTRACT = `@pgconnect-test-${randomBytes(6).toString('hex')}`;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({
    roles: [ALICE],
    hba: [{ type: 'local', user: ALICE.name, method: 'scram-sha-256' }],
    settings: {
      // The harness's own socket directory stays first (its readiness check and sql() use it); postgres resolves a
      // relative directory against the data directory, which the harness puts next to it.
      unix_socket_directories: `../socket, ${ABSTRACT}`,
    },
  });
});

afterAll(async () => {
  await cluster?.stop();
});

function profile(host: string, init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host, port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'prefer', ...init.ssl },
    client: { connectTimeoutSeconds: 10, ...init.client },
  });
}

async function run(p: ConnectionProfile): Promise<TestConnectionOutcome & { socketSeen?: boolean }> {
  const outcome = await testConnection(p, { password: ALICE.password }, { homeDir: null, logger: memoryLogger().logger });
  if (!outcome.ok) return outcome;
  try {
    // No client address means the server saw a Unix-domain socket connection.
    const { rows } = await outcome.client.query<{ local: boolean }>('SELECT inet_client_addr() IS NULL AS local');
    return { ...outcome, socketSeen: rows[0]?.local === true };
  } finally {
    await outcome.client.end();
  }
}

describe('Unix-domain sockets', () => {
  it.runIf(canDialAbstractSockets())('connects to a socket in Linux\'s abstract namespace named by an @ host', async () => {
    const outcome = await run(profile(ABSTRACT));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('connected');
    if (!outcome.ok) return;
    expect(outcome.socketSeen).toBe(true);
    expect(outcome.endpoint).toMatchObject({ host: ABSTRACT, address: `${ABSTRACT}/.s.PGSQL.${cluster.port}`, tls: { encrypted: false } });
    expect(outcome.stages.find((s) => s.stage === 'dns')?.status).toBe('skipped');
    expect(outcome.stages.find((s) => s.stage === 'tcp')).toMatchObject({ status: 'ok', target: `${ABSTRACT}/.s.PGSQL.${cluster.port}` });
  });

  it.runIf(canDialAbstractSockets())('never uses TLS over an abstract socket, even with sslmode=require, as libpq', async () => {
    const outcome = await run(profile(ABSTRACT, { ssl: { sslmode: 'require' } }));
    expect(outcome.ok && outcome.endpoint.tls.encrypted).toBe(false);
    expect(outcome.stages.find((s) => s.stage === 'tls')).toMatchObject({ status: 'skipped' });
  });

  it.skipIf(canDialAbstractSockets())('says this Node.js cannot reach an abstract socket, rather than that the server refused', async () => {
    const outcome = await run(profile(ABSTRACT));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_ABSTRACT_SOCKET_UNSUPPORTED');
    if (!outcome.ok) expect(outcome.error.message).toContain(ABSTRACT);
    expect(outcome.stages.find((s) => s.stage === 'tcp')).toMatchObject({ status: 'failed', code: 'NET_ABSTRACT_SOCKET_UNSUPPORTED' });
  });

  it('moves on to the next host when this Node.js cannot reach the abstract socket', async () => {
    const p = createProfile({ ...profile(ABSTRACT), hosts: [{ host: ABSTRACT, port: cluster.port }, { host: cluster.socketDir, port: cluster.port }] });
    const outcome = await run(p);
    expect(outcome.ok && outcome.endpoint.host).toBe(canDialAbstractSockets() ? ABSTRACT : cluster.socketDir);
  });

  it('knows which libuv dials abstract names exactly', () => {
    expect(canDialAbstractSockets('linux', '1.46.0')).toBe(false);
    expect(canDialAbstractSockets('linux', '1.48.0')).toBe(true);
    expect(canDialAbstractSockets('linux', '2.0.0')).toBe(true);
    expect(canDialAbstractSockets('darwin', '1.49.0')).toBe(false);
  });

  it('connects to the same server through its socket directory', async () => {
    const outcome = await run(profile(cluster.socketDir));
    expect(outcome.ok && outcome.socketSeen).toBe(true);
  });

  it.runIf(canDialAbstractSockets())('reports an abstract name nobody listens on as a missing socket, named the way the user wrote it', async () => {
    const missing = `${ABSTRACT}-missing`;
    const outcome = await run(profile(missing));
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_SOCKET_NOT_FOUND');
    if (!outcome.ok) {
      expect(outcome.error.message).toContain(`${missing}/.s.PGSQL.${cluster.port}`);
      expect(outcome.error.message).not.toContain('\0');
    }
  });
});

describe('a socket file nobody listens on', () => {
  it('is reported as a missing server socket, not as a refused TCP port', async () => {
    const dir = await makeTempDir('stale-socket');
    try {
      // A server killed outright leaves its socket file behind: connecting to it is refused.
      const listenAndDie = `require('node:net').createServer().listen(${JSON.stringify(`${dir}/.s.PGSQL.5999`)}, () => process.kill(process.pid, 'SIGKILL'))`;
      await runProcess(process.execPath, ['-e', listenAndDie]);
      const outcome = await run(createProfile({ ...profile(dir), hosts: [{ host: dir, port: 5999 }] }));
      expect(outcome.ok ? 'connected' : outcome.error.code).toBe('NET_SOCKET_NOT_FOUND');
    } finally {
      await removeTempDir(dir);
    }
  });
});
