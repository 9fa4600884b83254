import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCerts, startCluster, type CertFiles, type Cluster, type ConnParams, type TestCerts } from './index.js';

/** Connects with `pg` and returns whether the session is encrypted, or the error code (SQLSTATE or Node TLS code). */
async function sslInUse(params: ConnParams, ssl: pg.ClientConfig['ssl']): Promise<boolean | string> {
  const client = new pg.Client({ ...params, ssl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]?.ssl ?? false;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

describe('startCluster with TLS (PostgreSQL 18)', () => {
  let certs: TestCerts;
  let cluster: Cluster;
  let wrongName: Cluster;
  let clientCert: CertFiles;
  let encryptedClientCert: CertFiles;

  beforeAll(async () => {
    certs = await createCerts();
    [clientCert, encryptedClientCert] = await Promise.all([certs.client('certuser'), certs.client('certuser', { passphrase: 'key-pw' })]);
    const roles = [
      { name: 'alice', password: 'alice-pw' },
      { name: 'certuser' },
      { name: 'sslonly', password: 'sslonly-pw' },
    ];
    [cluster, wrongName] = await Promise.all([
      startCluster({
        ssl: { cert: certs.server.good, clientCa: certs.ca },
        hba: [
          { type: 'hostssl', user: 'certuser', method: 'cert' },
          { type: 'hostssl', user: 'sslonly', method: 'scram-sha-256' },
          { type: 'host', user: 'alice,postgres', method: 'scram-sha-256' },
        ],
        roles,
      }),
      startCluster({ ssl: { cert: certs.server.wrongName }, roles }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([cluster?.stop(), wrongName?.stop()]);
    await certs?.remove();
  });

  const alice = (server: Cluster) => server.connInfo({ user: 'alice', host: 'localhost' });

  it('serves a certificate that verifies against the CA for localhost', async () => {
    expect(await sslInUse(alice(cluster), { ca: certs.ca.cert })).toBe(true);
  });

  it('fails hostname verification with the wrong-name certificate', async () => {
    expect(await sslInUse(alice(wrongName), { ca: certs.ca.cert })).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('fails chain verification against a CA that did not sign the certificate', async () => {
    // With ssl_ca_file set, OpenSSL in the server appends the CA to the chain it sends, so the client sees a
    // self-signed certificate it does not trust rather than a leaf without an issuer.
    expect(await sslInUse(alice(cluster), { ca: certs.otherCa.cert })).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('logs a role in by its client certificate, with a plain or an encrypted key', async () => {
    const params = cluster.connInfo({ user: 'certuser', host: 'localhost' });
    expect(await sslInUse(params, { ca: certs.ca.cert, cert: clientCert.cert, key: clientCert.key })).toBe(true);
    const { cert, key, passphrase } = encryptedClientCert;
    expect(await sslInUse(params, { ca: certs.ca.cert, cert, key, ...(passphrase !== undefined && { passphrase }) })).toBe(true);
  });

  it('refuses cert auth without a client certificate (28000)', async () => {
    expect(await sslInUse(cluster.connInfo({ user: 'certuser', host: 'localhost' }), { ca: certs.ca.cert })).toBe('28000');
  });

  it('refuses a hostssl-only role in plaintext and accepts it over TLS', async () => {
    const params = cluster.connInfo({ user: 'sslonly' });
    expect(await sslInUse(params, false)).toBe('28000');
    expect(await sslInUse(params, { ca: certs.ca.cert, servername: 'localhost' })).toBe(true);
  });

  it('lets psql connect with sslmode=verify-full, and refuses the wrong-name server', async () => {
    const conninfo = (server: Cluster) =>
      `host=localhost port=${server.port} user=alice dbname=postgres sslmode=verify-full sslrootcert=${certs.ca.certPath}`;
    const env = { PGPASSWORD: 'alice-pw' };
    const good = await cluster.psql(['-Atc', 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()', conninfo(cluster)], { env });
    expect(good).toMatchObject({ code: 0, stdout: 't\n' });
    const bad = await wrongName.psql(['-Atc', 'SELECT 1', conninfo(wrongName)], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('server certificate for "wrong.example" does not match host name "localhost"');
  });
});
