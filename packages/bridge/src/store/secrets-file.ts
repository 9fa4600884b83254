import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { BridgeError } from '@pgconnect/core';
import type { SecretBackend } from './secret-backend.js';
import type { SecretKey } from './secret-key.js';
import { SettingsFile, type DocumentCodec } from './settings-file.js';

/**
 * The secret store for machines without a keychain (headless Linux, CI): one JSON file, 0600, whose entries are
 * each sealed with AES-256-GCM under a fresh random 96-bit IV. The entry's account name is the GCM additional
 * data, so an entry copied onto another account fails authentication instead of decrypting. Nothing in the
 * file is plaintext except account names (profile id and secret kind).
 */
export class EncryptedFileBackend implements SecretBackend {
  readonly kind = 'encrypted-file' as const;
  readonly location: string;
  readonly #file: SettingsFile<SecretFileDocument>;
  readonly #key: Buffer;
  readonly #keyCheck: string;

  constructor(path: string, key: SecretKey) {
    this.#key = key.key;
    this.#keyCheck = keyCheck(key.key);
    this.#file = new SettingsFile(path, secretFileCodec, { mode: 0o600, dirMode: 0o700 });
    this.location = `the encrypted file ${path} (key from ${key.source})`;
  }

  async get(account: string): Promise<string | undefined> {
    const doc = await this.#file.read();
    this.#requireSameKey(doc);
    const entry = Object.hasOwn(doc.entries, account) ? doc.entries[account] : undefined;
    if (!entry) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(entry.iv, 'base64'));
      decipher.setAAD(Buffer.from(account, 'utf8'));
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new BridgeError('SECRET_STORE_FAILED', {
        message: 'A saved secret in the encrypted store failed its integrity check and was not used.',
        hint: `The entry was damaged or changed outside pgconnect. Save the password again to replace it (${this.location}).`,
        cause: error,
      });
    }
  }

  async set(account: string, value: string): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(account, 'utf8'));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const sealed: SealedEntry = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    await this.#file.update((doc) => {
      this.#requireSameKey(doc);
      doc.keyCheck = this.#keyCheck;
      Object.defineProperty(doc.entries, account, { value: sealed, enumerable: true, writable: true, configurable: true });
    });
  }

  async delete(account: string): Promise<boolean> {
    return this.#file.update((doc) => {
      if (!Object.hasOwn(doc.entries, account)) return false;
      delete doc.entries[account];
      return true;
    });
  }

  async accounts(): Promise<string[]> {
    return Object.keys((await this.#file.read()).entries);
  }

  /** Entries sealed under another key cannot be read, and mixing keys in one file would strand them. */
  #requireSameKey(doc: SecretFileDocument): void {
    if (doc.keyCheck === undefined || Object.keys(doc.entries).length === 0) return;
    const a = Buffer.from(doc.keyCheck);
    const b = Buffer.from(this.#keyCheck);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new BridgeError('SECRET_STORE_FAILED', {
        message: 'The encrypted secret store was saved with a different key than the one pgconnect has now.',
        hint: 'Restore the original key (PGCONNECT_SECRET_KEY or the key file). Nothing was changed.',
      });
    }
  }
}

export const defaultSecretFile = (userDir: string): string => join(userDir, 'secrets.enc.json');

interface SealedEntry {
  iv: string;
  tag: string;
  data: string;
}

interface SecretFileDocument {
  version: 1;
  cipher: 'aes-256-gcm';
  /** HMAC of a fixed label under the key: tells "wrong key" apart from "damaged entry" and reveals nothing. */
  keyCheck?: string;
  entries: Record<string, SealedEntry>;
}

const keyCheck = (key: Buffer): string => createHmac('sha256', key).update('pgconnect secret store key check v1').digest('base64url');

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

const secretFileCodec: DocumentCodec<SecretFileDocument> = {
  empty: () => ({ version: 1, cipher: 'aes-256-gcm', entries: {} }),
  check(value) {
    const fail = (path: PropertyKey[], reason: string) => ({ ok: false as const, problem: { path, reason } });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail([], 'the file must hold a JSON object');
    const doc = value as Record<string, unknown>;
    if (doc.version !== 1) return typeof doc.version === 'number' && doc.version > 1 ? { ok: false, problem: { path: ['version'], reason: 'newer version', newer: true } } : fail(['version'], 'unknown version');
    if (doc.cipher !== 'aes-256-gcm') return fail(['cipher'], 'unknown cipher');
    if (doc.keyCheck !== undefined && typeof doc.keyCheck !== 'string') return fail(['keyCheck'], 'must be text');
    const entries = doc.entries;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return fail(['entries'], 'must be an object');
    for (const [account, entry] of Object.entries(entries)) {
      const e = entry as Record<string, unknown>;
      for (const field of ['iv', 'tag', 'data'] as const) {
        if (typeof e?.[field] !== 'string' || !B64.test(e[field])) return fail(['entries', account, field], 'must be base64');
      }
    }
    return { ok: true, value: doc as unknown as SecretFileDocument };
  },
};
