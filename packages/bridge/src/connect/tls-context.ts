/**
 * TLS secure contexts, reused between connects that load the same material. Building one parses every root
 * certificate, the client certificate and key and the CRL: about half a millisecond of CPU with one CA, tens of
 * milliseconds with `sslrootcert=system`, which is a few hundred certificates. `tls.connect` would build a new one
 * for every socket.
 *
 * A context is reused only for exactly the same material: it is found by an HMAC (keyed with random bytes made
 * at start-up, so the digest says nothing about a key or passphrase) over the TLS versions and the full text of
 * every root certificate, certificate, CRL, private key and passphrase. Two profiles with different client keys
 * therefore never share a context, and a file that changed — `tls-material.ts` re-reads it when its `stat`
 * changes, and reads private keys every time — gives a new digest. The entry the old content made is dropped at
 * once (entries are also filed under where the material came from: the same files, or the same pasted text), so
 * an edited key file does not leave the old key behind in the cache. The cache is a small LRU; nothing but the
 * context object itself keeps key material.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { TlsVersion } from '@pgconnect/core';
import type { TlsMaterial } from './tls-material.js';

export interface ContextRequest {
  material: TlsMaterial;
  minVersion: TlsVersion;
  maxVersion: TlsVersion | undefined;
}

interface Entry {
  /** Digest of the material's content: equal only for the very same bytes. */
  content: string;
  context: SecureContext;
}

export class SecureContextCache {
  /** By origin digest (where the material came from), least recently used first. */
  readonly #entries = new Map<string, Entry>();
  readonly #secret = randomBytes(32);

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The context for `request`: the cached one for the same material, or a new one (which may throw, e.g. for a wrong key passphrase). */
  contextFor(request: ContextRequest): SecureContext {
    const { origin, content } = this.#digests(request);
    const cached = this.#entries.get(origin);
    if (cached) {
      this.#entries.delete(origin);
      if (cached.content === content) {
        this.#entries.set(origin, cached);
        return cached.context;
      }
    }
    const { material } = request;
    const context = createSecureContext({
      minVersion: request.minVersion,
      ...(request.maxVersion && { maxVersion: request.maxVersion }),
      ...(material.ca !== undefined && { ca: material.ca }),
      ...(material.cert !== undefined && { cert: material.cert }),
      ...(material.key !== undefined && { key: material.key }),
      ...(material.passphrase !== undefined && { passphrase: material.passphrase }),
      ...(material.crl !== undefined && { crl: material.crl }),
    });
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(origin, { content, context });
    return context;
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * `content` covers every byte of material; `origin` covers the same, except that text read from a file is
   * represented by its path, so a file's old and new content land in the same slot. Fields are length-prefixed
   * so no two different requests feed the same bytes.
   */
  #digests({ material, minVersion, maxVersion }: ContextRequest): { origin: string; content: string } {
    const origin = createHmac('sha256', this.#secret);
    const content = createHmac('sha256', this.#secret);
    const field = (name: string, text: string | undefined, path: string | undefined) => {
      const value = text === undefined ? '-' : `+${text.length}:${text}`;
      const where = path === undefined ? value : `@${path.length}:${path}`;
      content.update(`${name}${value}`);
      origin.update(`${name}${where}`);
    };
    field('min', minVersion, undefined);
    field('max', maxVersion, undefined);
    field('ca', material.ca, material.paths.ca);
    field('cert', material.cert, material.paths.cert);
    field('key', material.key, material.paths.key);
    field('pass', material.passphrase, undefined);
    field('crl', material.crl, material.paths.crl);
    return { origin: origin.digest('base64'), content: content.digest('base64') };
  }
}

/** The engine's cache: a bridge uses a handful of distinct TLS setups at a time. */
export const secureContexts = new SecureContextCache(32);
