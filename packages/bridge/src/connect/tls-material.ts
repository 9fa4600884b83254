/**
 * Reads the certificates and keys a profile names, once per connect, before any socket is opened — so a missing
 * file is reported as such, not as a handshake failure on the third host.
 *
 * Root certificates follow libpq (fe-secure-openssl.c `initialize_SSL`):
 * - `sslrootcert` given: that file or pasted PEM, and nothing else;
 * - `sslrootcert=system`: OpenSSL's default trust store — `SSL_CERT_FILE`, else the distribution bundle. This
 *   is deliberately not Node's bundled Mozilla list: libpq users expect the CAs their OS administrator added;
 * - unset: `~/.postgresql/root.crt` when that file exists. Loading it makes every sslmode check the chain, the
 *   documented backward-compatibility rule ("require with a root certificate behaves as verify-ca").
 * The client certificate is different: libpq would also send `~/.postgresql/postgresql.crt` unasked, but that
 * is an ambient credential going to whatever server the page names, so the bridge sends a client certificate
 * only when the profile chooses one. A private key read from a file must not be open to other users, as in
 * libpq; pasted PEM has no file mode to check.
 *
 * Public material read from files (root certificates — the system bundle is a few hundred KB —, client
 * certificates, CRLs) is cached by path and re-read whenever the file's identity, size or times change, so every
 * connect still sees the file as it is now at the cost of one `stat`. Private key text is never cached here: it
 * is small, and is read (after the permission check) on every connect. The TLS context built from all of it is
 * reused by `tls-context.ts`, for exactly the same bytes only, and replaced as soon as a file's content changes.
 */
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PemSource, SslSettings } from '@pgconnect/core';
import { bridgeError } from '../errors/translate.js';

/** Where the bundle lives when SSL_CERT_FILE is unset (Debian/Ubuntu/Alpine/Arch; Fedora's path is below). */
const OPENSSL_DEFAULT_FILES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

export type RootCertSource = 'profile' | 'system' | 'home';

export interface TlsMaterial {
  /** PEM text of the trusted roots, or undefined when none is loaded (then the chain is not checked). */
  ca: string | undefined;
  caSource: RootCertSource | undefined;
  cert: string | undefined;
  key: string | undefined;
  passphrase: string | undefined;
  crl: string | undefined;
  /** The files the text above was read from (none for pasted PEM): where `tls-context.ts` files a context. */
  paths: { ca?: string; cert?: string; key?: string; crl?: string };
}

export interface MaterialOptions {
  homeDir: string | null;
  systemCaFile: string | undefined;
  sslpassword: string | undefined;
}

export async function loadTlsMaterial(ssl: SslSettings, options: MaterialOptions): Promise<TlsMaterial> {
  const root = await loadRoot(ssl.rootCert, options);
  const sendClientCert = ssl.certMode !== 'disable';
  const cert = sendClientCert && ssl.clientCert ? ssl.clientCert : undefined;
  const key = sendClientCert && ssl.clientKey ? ssl.clientKey : undefined;
  return {
    ca: root?.pem,
    caSource: root?.source,
    cert: cert ? await readPem(cert) : undefined,
    key: key ? await readPrivateKey(key) : undefined,
    passphrase: options.sslpassword === '' ? undefined : options.sslpassword,
    crl: ssl.crl ? await readPem(ssl.crl) : undefined,
    paths: {
      ...(root?.path !== undefined && { ca: root.path }),
      ...(cert && 'path' in cert && { cert: cert.path }),
      ...(key && 'path' in key && { key: key.path }),
      ...(ssl.crl && 'path' in ssl.crl && { crl: ssl.crl.path }),
    },
  };
}

interface LoadedRoot {
  pem: string;
  source: RootCertSource;
  /** The file it came from; undefined for pasted PEM. */
  path: string | undefined;
}

async function loadRoot(rootCert: SslSettings['rootCert'], options: MaterialOptions): Promise<LoadedRoot | undefined> {
  if (rootCert === 'system') return { ...(await readSystemStore(options.systemCaFile)), source: 'system' };
  if (rootCert) return { pem: await readPem(rootCert), source: 'profile', path: 'path' in rootCert ? rootCert.path : undefined };
  if (options.homeDir === null) return undefined;
  const homeRoot = join(options.homeDir, '.postgresql', 'root.crt');
  if (!(await isFile(homeRoot))) return undefined;
  return { pem: await readPem({ path: homeRoot }), source: 'home', path: homeRoot };
}

async function readSystemStore(explicit: string | undefined): Promise<{ pem: string; path: string }> {
  const candidates = explicit ? [explicit] : process.env.SSL_CERT_FILE ? [process.env.SSL_CERT_FILE] : OPENSSL_DEFAULT_FILES;
  for (const path of candidates) if (await isFile(path)) return { pem: await readPem({ path }), path };
  throw bridgeError('TLS_FILE_UNREADABLE', {}, {
    data: { path: candidates.join(', ') },
    message: 'The system certificate store (sslrootcert=system) was not found.',
  });
}

async function readPem(source: PemSource): Promise<string> {
  if ('pem' in source) return source.pem;
  const unreadable = (cause: unknown) => bridgeError('TLS_FILE_UNREADABLE', {}, { data: { path: source.path }, cause });
  const info = await stat(source.path).catch((cause: unknown) => {
    throw unreadable(cause);
  });
  const cached = publicFiles.get(source.path);
  if (cached && sameFile(cached.info, info)) return cached.pem;
  let pem: string;
  try {
    pem = await readFile(source.path, 'utf8');
  } catch (cause) {
    throw unreadable(cause);
  }
  publicFiles.delete(source.path);
  if (publicFiles.size >= MAX_CACHED_FILES) publicFiles.delete(publicFiles.keys().next().value!);
  publicFiles.set(source.path, { info, pem });
  return pem;
}

/** Root certificates, client certificates and CRLs by path, oldest first; see the file comment. */
const publicFiles = new Map<string, { info: Stats; pem: string }>();
const MAX_CACHED_FILES = 64;

/** The same file, unchanged: a replaced file has a new inode, an edited one a new size or modification time. */
function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Private keys: read every time, never cached. */
async function readSecretFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw bridgeError('TLS_FILE_UNREADABLE', {}, { data: { path }, cause });
  }
}

/**
 * libpq's rule for `sslkey` (fe-secure-openssl.c `initialize_SSL`): a regular file, refused when it is open to
 * group or others — except that a key owned by root may be group-readable (0640), so a system-wide key kept
 * root:ssl-cert can be used. Checked before the key is read, so a leaky key is never used even once.
 */
async function readPrivateKey(source: PemSource): Promise<string> {
  if ('pem' in source) return source.pem;
  const info = await stat(source.path).catch((cause: unknown) => {
    throw bridgeError('TLS_FILE_UNREADABLE', {}, { data: { path: source.path }, cause });
  });
  if (!info.isFile()) {
    throw bridgeError('TLS_FILE_UNREADABLE', {}, { data: { path: source.path }, message: `The private key file ${source.path} is not a regular file.` });
  }
  if (keyFileTooOpen(info)) {
    throw bridgeError('TLS_KEY_PERMISSIONS', {}, { data: { path: source.path, mode: (info.mode & 0o777).toString(8).padStart(4, '0') } });
  }
  return readSecretFile(source.path);
}

/**
 * The permission test itself, on `stat` values. libpq decides by the owner alone — root's files may be 0640,
 * everyone else's (ours, or another user's that we can read) at most 0600 — and skips the test on Windows, where
 * files have no POSIX mode bits.
 */
export function keyFileTooOpen(file: { uid: number; mode: number }, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32' || platform === 'cygwin') return false;
  const groupOrWorld = 0o077; // S_IRWXG | S_IRWXO
  const beyondGroupRead = 0o037; // S_IWGRP | S_IXGRP | S_IRWXO
  return (file.mode & (file.uid === 0 ? beyondGroupRead : groupOrWorld)) !== 0;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
