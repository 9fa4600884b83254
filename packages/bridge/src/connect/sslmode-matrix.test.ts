/**
 * The sslmode matrix: every sslmode × root certificate (none, the right CA, a wrong CA) × server setup, against
 * real PostgreSQL 18, with real psql (libpq 15) as the judge. For every cell the bridge must agree with psql on
 * whether the connection succeeds and whether it is encrypted. psql's verdict is taken live — nothing expected is
 * written down here — and encryption is read from the server side (pg_stat_ssl) for both clients.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, SSL_MODES, type ConnectionProfile, type SslMode } from '@pgconnect/core';
import { createCerts, makeTempDir, removeTempDir, run, startCluster, type CertFiles, type Cluster, type ClusterOptions, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { testConnection } from './test-connection.js';

const PSQL = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((p) => existsSync(p)) ?? 'psql';
const ENCRYPTED_QUERY = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';
const ROLE = { name: 'matrix', password: 'matrix-Pw-71' };
type RootColumn = 'none' | 'right CA' | 'wrong CA';
const ROOTS: readonly RootColumn[] = ['none', 'right CA', 'wrong CA'];

interface Setup {
  name: string;
  options: (certs: TestCerts) => ClusterOptions;
  /** The client certificate both clients present (the `cert` auth setup). */
  clientCert?: boolean;
}

const SETUPS: readonly Setup[] = [
  { name: 'TLS off', options: () => ({ hba: [{ type: 'host', method: 'scram-sha-256' }] }) },
  { name: 'good certificate', options: (c) => ({ ssl: { cert: c.server.good }, hba: [{ type: 'host', method: 'scram-sha-256' }] }) },
  { name: 'wrong-name certificate', options: (c) => ({ ssl: { cert: c.server.wrongName }, hba: [{ type: 'host', method: 'scram-sha-256' }] }) },
  { name: 'hostssl-only hba', options: (c) => ({ ssl: { cert: c.server.good }, hba: [{ type: 'hostssl', method: 'scram-sha-256' }] }) },
  { name: 'hostnossl-only hba', options: (c) => ({ ssl: { cert: c.server.good }, hba: [{ type: 'hostnossl', method: 'scram-sha-256' }] }) },
  {
    name: 'client-certificate auth',
    options: (c) => ({ ssl: { cert: c.server.good, clientCa: c.ca }, hba: [{ type: 'hostssl', method: 'cert' }] }),
    clientCert: true,
  },
];

interface Verdict {
  connected: boolean;
  encrypted: boolean | null;
}

let certs: TestCerts;
let clientCert: CertFiles;
let emptyHome: string;
const clusters = new Map<string, Cluster>();

beforeAll(async () => {
  certs = await createCerts();
  clientCert = await certs.client(ROLE.name);
  emptyHome = await makeTempDir('matrix-home');
  const started = await Promise.all(
    SETUPS.map((setup) => startCluster({ ...setup.options(certs), roles: [ROLE] }).then((cluster) => [setup.name, cluster] as const)),
  );
  for (const [name, cluster] of started) clusters.set(name, cluster);
});

afterAll(async () => {
  await Promise.all([...clusters.values()].map((c) => c.stop()));
  await certs?.remove();
  if (emptyHome) await removeTempDir(emptyHome);
});

function rootCertPath(column: RootColumn): string | undefined {
  return column === 'right CA' ? certs.ca.certPath : column === 'wrong CA' ? certs.otherCa.certPath : undefined;
}

/** libpq's verdict: psql with an explicit conninfo, an empty HOME (no ~/.postgresql/root.crt) and no PG* settings but the password. */
async function psqlVerdict(cluster: Cluster, sslmode: SslMode, column: RootColumn, withClientCert: boolean): Promise<Verdict> {
  const root = rootCertPath(column);
  const conninfo = [
    'host=localhost',
    `port=${cluster.port}`,
    `user=${ROLE.name}`,
    'dbname=postgres',
    `sslmode=${sslmode}`,
    'connect_timeout=10',
    ...(root ? [`sslrootcert=${root}`] : []),
    ...(withClientCert ? [`sslcert=${clientCert.certPath}`, `sslkey=${clientCert.keyPath}`] : []),
  ].join(' ');
  const env = { PATH: process.env.PATH, HOME: emptyHome, PGPASSWORD: ROLE.password, LC_ALL: 'C' };
  const result = await run(PSQL, ['-X', '-At', '-c', ENCRYPTED_QUERY, conninfo], { env });
  if (result.code !== 0) return { connected: false, encrypted: null };
  return { connected: true, encrypted: result.stdout.trim() === 't' };
}

function profileFor(cluster: Cluster, sslmode: SslMode, column: RootColumn, withClientCert: boolean): ConnectionProfile {
  const root = rootCertPath(column);
  return createProfile({
    hosts: [{ host: 'localhost', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ROLE.name, savePassword: false },
    ssl: {
      sslmode,
      ...(root && { rootCert: { path: root } }),
      ...(withClientCert && { clientCert: { path: clientCert.certPath }, clientKey: { path: clientCert.keyPath } }),
    },
    client: { connectTimeoutSeconds: 10 },
  });
}

async function bridgeVerdict(cluster: Cluster, sslmode: SslMode, column: RootColumn, withClientCert: boolean): Promise<Verdict & { reported?: boolean }> {
  const outcome = await testConnection(profileFor(cluster, sslmode, column, withClientCert), { password: ROLE.password }, { homeDir: null, logger: memoryLogger().logger });
  if (!outcome.ok) return { connected: false, encrypted: null };
  try {
    const { rows } = await outcome.client.query<{ ssl: boolean }>(ENCRYPTED_QUERY);
    return { connected: true, encrypted: rows[0]?.ssl === true, reported: outcome.endpoint.tls.encrypted };
  } finally {
    await outcome.client.end();
  }
}

describe('the sslmode matrix agrees with psql', () => {
  for (const setup of SETUPS) {
    describe(setup.name, () => {
      for (const sslmode of SSL_MODES) {
        for (const column of ROOTS) {
          it(`sslmode=${sslmode}, root certificate: ${column}`, async () => {
            const cluster = clusters.get(setup.name);
            if (!cluster) throw new Error(`cluster ${setup.name} did not start`);
            const withClientCert = setup.clientCert === true;
            const [libpq, bridge] = await Promise.all([
              psqlVerdict(cluster, sslmode, column, withClientCert),
              bridgeVerdict(cluster, sslmode, column, withClientCert),
            ]);
            expect({ connected: bridge.connected, encrypted: bridge.encrypted }).toEqual(libpq);
            // What the bridge reports about the session is what the server saw.
            if (bridge.connected) expect(bridge.reported).toBe(bridge.encrypted);
          });
        }
      }
    });
  }
});
