/**
 * Test certificates made with the `openssl` CLI: a CA, server certificates that are right and wrong in each way
 * a TLS test needs, and client certificates for `cert` authentication. All keys are EC P-256 (fast to make) and
 * every key file is 0600, as PostgreSQL requires of a server key and libpq of a client key.
 *
 * Leaves are signed with `openssl ca`, because OpenSSL 3.0's `x509 -req` cannot set explicit validity dates and
 * the expired certificate needs a real past validity window, not a negative `-days`.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from './process.js';
import { makeTempDir, removeTempDir } from './tmp.js';

/** A certificate and its private key, as files and as PEM text. */
export interface CertFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** Set when the key is encrypted (PKCS#8, AES-256). */
  passphrase?: string;
}

/** A certificate authority's certificate; its key stays inside the harness. */
export interface CaFiles {
  certPath: string;
  cert: string;
}

export interface TestCerts {
  dir: string;
  /** The CA that signs every certificate below except `server.untrusted`. Trust this one. */
  ca: CaFiles;
  /** A second CA, which signs `server.untrusted`. Nothing should trust it. */
  otherCa: CaFiles;
  server: {
    /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1. Verifies for all three loopback names. */
    good: CertFiles;
    /** CN and SAN DNS:wrong.example only: the chain verifies, the hostname does not. */
    wrongName: CertFiles;
    /** The good names, valid from 2020-01-01 to 2021-01-01. */
    expired: CertFiles;
    /** The good names, signed by `otherCa`. */
    untrusted: CertFiles;
    /** SAN IP:127.0.0.1 and IP:::1 only, and a CN that is not a host name: verifies for IPs, not for `localhost`. */
    ipOnly: CertFiles;
  };
  /**
   * Issues a client certificate with CN = `role` (PostgreSQL `cert` auth maps the CN to the role), signed by `ca`.
   * With `passphrase`, the key file is encrypted with it.
   */
  client(role: string, options?: { passphrase?: string }): Promise<CertFiles>;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

const SERVER_NAMES = 'DNS:localhost, IP:127.0.0.1, IP:::1';
const VALID = { start: daysFromNow(-1), end: daysFromNow(365) };
const EXPIRED = { start: '200101000000Z', end: '210101000000Z' };

export async function createCerts(): Promise<TestCerts> {
  const dir = await makeTempDir('certs');
  const [ca, otherCa] = await Promise.all([
    createCa(join(dir, 'ca'), 'pgconnect test CA'),
    createCa(join(dir, 'other-ca'), 'pgconnect untrusted test CA'),
  ]);
  const server = (name: string, cn: string, sans: string, validity = VALID, issuer = ca) =>
    issuer.issue({ dir, name, cn, validity, extensions: [`subjectAltName = ${sans}`, 'extendedKeyUsage = serverAuth'] });

  const [good, wrongName, expired, untrusted, ipOnly] = await Promise.all([
    server('server-good', 'localhost', SERVER_NAMES),
    server('server-wrong-name', 'wrong.example', 'DNS:wrong.example'),
    server('server-expired', 'localhost', SERVER_NAMES, EXPIRED),
    server('server-untrusted', 'localhost', SERVER_NAMES, VALID, otherCa),
    server('server-ip-only', 'pgconnect IP-only test server', 'IP:127.0.0.1, IP:::1'),
  ]);

  let clients = 0;
  return {
    dir,
    ca: ca.files,
    otherCa: otherCa.files,
    server: { good, wrongName, expired, untrusted, ipOnly },
    client: (role, options = {}) =>
      ca.issue({
        dir,
        name: `client-${++clients}`,
        cn: role,
        validity: VALID,
        extensions: ['extendedKeyUsage = clientAuth'],
        passphrase: options.passphrase,
      }),
    remove: () => removeTempDir(dir),
  };
}

interface IssueRequest {
  dir: string;
  name: string;
  cn: string;
  validity: { start: string; end: string };
  extensions: string[];
  passphrase?: string | undefined;
}

interface Ca {
  files: CaFiles;
  issue(request: IssueRequest): Promise<CertFiles>;
}

async function createCa(dir: string, cn: string): Promise<Ca> {
  await mkdir(join(dir, 'issued'), { recursive: true });
  const keyPath = join(dir, 'ca.key');
  const certPath = join(dir, 'ca.crt');
  await runChecked('openssl', [
    'req', '-x509', ...newEcKey(keyPath), '-out', certPath, '-days', '3650', '-subj', subject(cn),
    '-addext', 'basicConstraints = critical, CA:TRUE', '-addext', 'keyUsage = critical, keyCertSign, cRLSign',
  ]);
  await chmod(keyPath, 0o600);
  await writeFile(join(dir, 'index.txt'), '');
  const config = join(dir, 'ca.cnf');
  await writeFile(
    config,
    [
      '[ca]',
      'default_ca = harness',
      '[harness]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir/issued',
      'certificate = $dir/ca.crt',
      'private_key = $dir/ca.key',
      'rand_serial = yes',
      'unique_subject = no',
      'default_md = sha256',
      'policy = any',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );

  // `openssl ca` rewrites index.txt, so one CA signs one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const issue = (request: IssueRequest): Promise<CertFiles> => {
    const result = queue.then(() => sign(config, request));
    queue = result.catch(() => {});
    return result;
  };
  return { files: { certPath, cert: await readFile(certPath, 'utf8') }, issue };
}

async function sign(caConfig: string, request: IssueRequest): Promise<CertFiles> {
  const base = join(request.dir, request.name);
  const plainKeyPath = `${base}.key`;
  const certPath = `${base}.crt`;
  const extPath = `${base}.ext`;
  await runChecked('openssl', ['req', '-new', ...newEcKey(plainKeyPath), '-out', `${base}.csr`, '-subj', subject(request.cn)]);
  const extensions = ['basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', ...request.extensions];
  await writeFile(extPath, ['[leaf]', ...extensions, ''].join('\n'));
  await runChecked('openssl', [
    'ca', '-batch', '-notext', '-config', caConfig, '-in', `${base}.csr`, '-out', certPath,
    '-startdate', request.validity.start, '-enddate', request.validity.end, '-extfile', extPath, '-extensions', 'leaf',
  ]);
  let keyPath = plainKeyPath;
  if (request.passphrase !== undefined) {
    keyPath = `${base}.encrypted.key`;
    await runChecked('openssl', ['pkey', '-in', plainKeyPath, '-out', keyPath, '-aes-256-cbc', '-passout', 'env:HARNESS_KEY_PASSPHRASE'], {
      env: { ...process.env, HARNESS_KEY_PASSPHRASE: request.passphrase },
    });
  }
  await chmod(keyPath, 0o600);
  const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { certPath, keyPath, cert, key, ...(request.passphrase !== undefined && { passphrase: request.passphrase }) };
}

function newEcKey(keyPath: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath];
}

/** An `-subj` argument: `/` `+` `=` `\` in a CN are escaped, so any role name can be a CN. */
function subject(cn: string): string {
  return `/CN=${cn.replace(/[\\/+=]/g, (c) => `\\${c}`)}`;
}

/** An ASN.1 UTCTime (YYMMDDHHMMSSZ) `days` from now, as `openssl ca -startdate/-enddate` wants it. */
function daysFromNow(days: number): string {
  const iso = new Date(Date.now() + days * 86_400_000).toISOString(); // 2026-11-21T09:23:36.123Z
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
