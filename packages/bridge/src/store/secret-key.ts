import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BridgeError } from '@pgconnect/core';
import { writeFileAtomic } from './atomic-write.js';

/** Environment variable holding the encrypted store's key: 32 bytes, base64 (`openssl rand -base64 32`). */
export const SECRET_KEY_ENV = 'PGCONNECT_SECRET_KEY';

export const defaultKeyFile = (userDir: string): string => join(userDir, 'keys', 'secret.key');

export interface SecretKey {
  key: Buffer;
  /** Where the key came from, for the status report: the variable's name or the file's path, never the key. */
  source: string;
}

/**
 * The key for the encrypted secret file: from `PGCONNECT_SECRET_KEY`, else from a key file that only this user
 * can read (0600, in a 0700 directory, owned by this user). A key file anyone else could read would make the
 * encryption pointless, so one with looser permissions is refused, never "fixed" behind the user's back.
 * `create` makes a new random key file when there is none.
 */
export async function loadSecretKey(options: { env?: NodeJS.ProcessEnv; keyFile: string; create?: boolean }): Promise<SecretKey> {
  const fromEnv = (options.env ?? process.env)[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { key: decodeKey(fromEnv.trim(), SECRET_KEY_ENV), source: SECRET_KEY_ENV };

  const { keyFile } = options;
  const dir = dirname(keyFile);
  let exists = true;
  try {
    await stat(keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyFileError(keyFile, 'could not be read', error);
    exists = false;
  }
  if (!exists) {
    if (!options.create) {
      throw new BridgeError('SECRET_KEYCHAIN_UNAVAILABLE', {
        message: `There is no keychain and no key for the encrypted secret store (${keyFile} does not exist).`,
        hint: `Set ${SECRET_KEY_ENV} to 32 random bytes in base64 (openssl rand -base64 32), or let pgconnect create the key file.`,
        data: { path: keyFile },
      });
    }
    await createKeyFile(keyFile);
  }
  await requirePrivate(dir, 'directory');
  await requirePrivate(keyFile, 'file');
  const text = (await readFile(keyFile, 'utf8')).trim();
  return { key: decodeKey(text, keyFile), source: keyFile };
}

async function createKeyFile(keyFile: string): Promise<void> {
  const dir = dirname(keyFile);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    // The umask may have taken bits off, never added them; chmod makes the intent exact.
    await chmod(keyFile, 0o600);
  } catch (error) {
    throw keyFileError(keyFile, 'could not be created', error);
  }
}

/** POSIX permission bits mean nothing on Windows, where the profile directory's ACL protects the file. */
async function requirePrivate(path: string, what: 'file' | 'directory'): Promise<void> {
  if (process.platform === 'win32') return;
  const info = await stat(path);
  if (what === 'file' ? !info.isFile() : !info.isDirectory()) throw keyFileError(path, `is not a ${what}`);
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw keyFileError(path, 'belongs to another user');
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new BridgeError('SECRET_STORE_FAILED', {
      message: `The secret key ${what} ${path} can be read or changed by other users (mode ${mode}), so pgconnect will not use it.`,
      hint: `Run chmod ${what === 'file' ? '600' : '700'} ${path}, or set ${SECRET_KEY_ENV} instead.`,
      data: { path, mode },
    });
  }
}

function decodeKey(text: string, source: string): Buffer {
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    // Never echo the value: it is a key, or something a person pasted by mistake.
    throw new BridgeError('SECRET_STORE_FAILED', {
      message: `The secret key in ${source} is not 32 bytes of base64.`,
      hint: 'Generate one with: openssl rand -base64 32',
      data: { source },
    });
  }
  return key;
}

function keyFileError(path: string, what: string, cause?: unknown): BridgeError {
  return new BridgeError('SECRET_STORE_FAILED', {
    message: `The secret key file ${path} ${what}.`,
    hint: `Check the file and its directory (they must belong to you, with modes 600 and 700), or set ${SECRET_KEY_ENV}.`,
    data: { path },
    cause,
  });
}
