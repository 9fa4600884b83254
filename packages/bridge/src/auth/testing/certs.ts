/**
 * A throwaway CA and server certificates for cloud host names (`*.rds.amazonaws.com`,
 * `*.postgres.database.azure.com`, the stand-in authority's `localhost`), made with the `openssl` CLI. The test
 * harness's CA issues only its fixed server names, and the stand-ins must present the real cloud names so the
 * connect engine's verify-full check runs exactly as it would against AWS or Azure.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServerCert {
  cert: string;
  key: string;
}

export interface TestCa {
  /** PEM of the CA certificate: what a client trusts. */
  cert: string;
  /** A certificate for these DNS names (and 127.0.0.1 when `ip` is set), signed by this CA. */
  issue(names: readonly string[], options?: { ip?: boolean }): Promise<ServerCert>;
  remove(): Promise<void>;
}

export async function createTestCa(name = 'pgconnect cloud stand-in CA'): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'pgconnect-cloud-ca-'));
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.crt');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', caCert,
    '-days', '30', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints = critical, CA:TRUE', '-addext', 'keyUsage = critical, keyCertSign, cRLSign',
  ]);
  let serial = 0;
  return {
    cert: await readFile(caCert, 'utf8'),
    async issue(names, options = {}) {
      const base = join(dir, `leaf-${++serial}`);
      const sans = [...names.map((n) => `DNS:${n}`), ...(options.ip ? ['IP:127.0.0.1'] : [])].join(', ');
      await writeFile(`${base}.ext`, [
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature',
        'extendedKeyUsage = serverAuth',
        `subjectAltName = ${sans}`,
        '',
      ].join('\n'));
      await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${names[0] ?? 'localhost'}`]);
      await run('openssl', ['x509', '-req', '-in', `${base}.csr`, '-CA', caCert, '-CAkey', caKey, '-set_serial', String(1000 + serial), '-days', '7', '-sha256', '-extfile', `${base}.ext`, '-out', `${base}.crt`]);
      const [cert, key] = await Promise.all([readFile(`${base}.crt`, 'utf8'), readFile(`${base}.key`, 'utf8')]);
      return { cert, key };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
