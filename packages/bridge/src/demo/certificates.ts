/**
 * The demo's TLS material, made with the `openssl` CLI: a throwaway CA and a server certificate for every name
 * the demo server answers to (localhost, 127.0.0.1, ::1), so `sslmode=verify-full` with the CA as root
 * certificate succeeds whichever of them the user types. EC P-256 keys: quick to make.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { runChecked } from './processes.js';

export interface DemoCertificates {
  /** The CA certificate: the `sslrootcert` a client uses to verify the demo server. */
  caCertPath: string;
  serverCertPath: string;
  serverKeyPath: string;
}

export const SERVER_NAMES = ['localhost', '127.0.0.1', '::1'] as const;

/** Creates the CA and the server certificate in `dir` (which must exist and be private). */
export async function createDemoCertificates(dir: string): Promise<DemoCertificates> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caKeyPath = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.crt');
  const serverKeyPath = join(dir, 'server.key');
  const serverCsrPath = join(dir, 'server.csr');
  const serverCertPath = join(dir, 'server.crt');
  const extensionsPath = join(dir, 'server.ext');
  const ecKey = (keyPath: string) => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath];

  try {
    await runChecked('openssl', [
      'req', '-x509', ...ecKey(caKeyPath), '-out', caCertPath, '-days', '30', '-subj', '/CN=pgconnect demo CA',
      '-addext', 'basicConstraints = critical, CA:TRUE', '-addext', 'keyUsage = critical, keyCertSign, cRLSign',
    ]);
    await runChecked('openssl', ['req', '-new', ...ecKey(serverKeyPath), '-out', serverCsrPath, '-subj', '/CN=localhost']);
    const sans = SERVER_NAMES.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(', ');
    await writeFile(
      extensionsPath,
      ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth', `subjectAltName = ${sans}`, ''].join('\n'),
    );
    await runChecked('openssl', [
      'x509', '-req', '-in', serverCsrPath, '-CA', caCertPath, '-CAkey', caKeyPath, '-CAcreateserial',
      '-days', '30', '-sha256', '-extfile', extensionsPath, '-out', serverCertPath,
    ]);
  } catch (error) {
    throw new Error(`Could not create the demo's TLS certificates with openssl.\nHint: install OpenSSL (apt-get install openssl).\n${(error as Error).message}`, {
      cause: error,
    });
  }
  // PostgreSQL refuses a server key that others can read.
  await Promise.all([chmod(caKeyPath, 0o600), chmod(serverKeyPath, 0o600), chmod(caCertPath, 0o644)]);
  return { caCertPath, serverCertPath, serverKeyPath };
}
