import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type SslSettings } from '@pgconnect/core';
import { createCerts, makeTempDir, removeTempDir, startCluster, type CertFiles, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { testConnection } from './test-connection.js';
import { SecureContextCache, type ContextRequest } from './tls-context.js';
import type { TlsMaterial } from './tls-material.js';

const ALICE = { name: 'alice' };
const BOB = { name: 'bob' };

let certs: TestCerts;
let alice: CertFiles;
let bob: CertFiles;
let cluster: Cluster;
let dir: string;

beforeAll(async () => {
  certs = await createCerts();
  [alice, bob] = await Promise.all([certs.client(ALICE.name), certs.client(BOB.name)]);
  dir = await makeTempDir('tls-context');
  // Certificate authentication: the server lets a role in only with that role's own certificate.
  cluster = await startCluster({ roles: [ALICE, BOB], ssl: { cert: certs.server.good, clientCa: certs.ca }, hba: [{ type: 'hostssl', method: 'cert' }] });
});

afterAll(async () => {
  await cluster?.stop();
  await certs?.remove();
  if (dir) await removeTempDir(dir);
});

function material(parts: Partial<TlsMaterial>): ContextRequest {
  return {
    material: { ca: undefined, caSource: undefined, cert: undefined, key: undefined, passphrase: undefined, crl: undefined, paths: {}, ...parts },
    minVersion: 'TLSv1.2',
    maxVersion: undefined,
  };
}

function profile(user: string, ssl: Partial<SslSettings>): ConnectionProfile {
  return createProfile({
    hosts: [{ host: 'localhost', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'certificate', user },
    ssl: { sslmode: 'verify-full', ...ssl },
    client: { connectTimeoutSeconds: 10 },
  });
}

async function loggedInAs(p: ConnectionProfile): Promise<string> {
  const outcome = await testConnection(p, {}, { homeDir: null, logger: memoryLogger().logger });
  if (!outcome.ok) return outcome.error.code;
  try {
    const { rows } = await outcome.client.query<{ user: string }>('SELECT current_user AS "user"');
    return rows[0]!.user;
  } finally {
    await outcome.client.end();
  }
}

describe('SecureContextCache', () => {
  it('gives the same context to connects with the same material', () => {
    const cache = new SecureContextCache(4);
    const first = cache.contextFor(material({ ca: certs.ca.cert }));
    expect(cache.contextFor(material({ ca: `${certs.ca.cert}` }))).toBe(first);
  });

  it('never gives two different client keys the same context', () => {
    const cache = new SecureContextCache(4);
    const a = cache.contextFor(material({ ca: certs.ca.cert, cert: alice.cert, key: alice.key }));
    const b = cache.contextFor(material({ ca: certs.ca.cert, cert: bob.cert, key: bob.key }));
    expect(b).not.toBe(a);
    expect(cache.contextFor(material({ ca: certs.ca.cert, cert: alice.cert, key: alice.key }))).toBe(a);
  });

  it('drops the old context when a file it was read from changes', () => {
    const cache = new SecureContextCache(4);
    const paths = { ca: '/etc/pgconnect/root.crt' };
    const before = cache.contextFor(material({ ca: certs.otherCa.cert, paths }));
    const after = cache.contextFor(material({ ca: certs.ca.cert, paths }));
    expect(after).not.toBe(before);
    expect(cache.size).toBe(1);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new SecureContextCache(2);
    const requests = [certs.ca.cert, certs.otherCa.cert, alice.cert].map((ca) => material({ ca }));
    const first = cache.contextFor(requests[0]!);
    cache.contextFor(requests[1]!);
    cache.contextFor(requests[0]!); // used again: now the second is the oldest
    cache.contextFor(requests[2]!);
    expect(cache.size).toBe(2);
    expect(cache.contextFor(requests[0]!)).toBe(first);
  });

  it('does not keep a context that could not be built', () => {
    const cache = new SecureContextCache(4);
    expect(() => cache.contextFor(material({ cert: alice.cert, key: 'not a key' }))).toThrow();
    expect(cache.size).toBe(0);
  });
});

describe('secure contexts across connects', () => {
  it('picks up a root certificate file replaced between two connects', async () => {
    const rootPath = join(dir, 'root.crt');
    await copyFile(certs.otherCa.certPath, rootPath);
    const p = profile(ALICE.name, { rootCert: { path: rootPath }, clientCert: { path: alice.certPath }, clientKey: { path: alice.keyPath } });
    expect(await loggedInAs(p)).toBe('TLS_CERT_UNTRUSTED');
    await copyFile(certs.ca.certPath, rootPath);
    expect(await loggedInAs(p)).toBe(ALICE.name);
  });

  it('logs two profiles with different client keys in as their own roles', async () => {
    const root = { rootCert: { pem: certs.ca.cert } };
    const asAlice = profile(ALICE.name, { ...root, clientCert: { path: alice.certPath }, clientKey: { path: alice.keyPath } });
    const asBob = profile(BOB.name, { ...root, clientCert: { pem: bob.cert }, clientKey: { pem: bob.key } });
    expect(await loggedInAs(asAlice)).toBe(ALICE.name);
    expect(await loggedInAs(asBob)).toBe(BOB.name);
    expect(await loggedInAs(asAlice)).toBe(ALICE.name);
  });
});
