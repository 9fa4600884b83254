import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { BridgeError } from '@pgconnect/core';

export interface FileLockOptions {
  /** How long to wait for another writer before giving up. */
  timeoutMs?: number;
  /** A lock older than this whose owner cannot be checked (another host) is taken to be left by a crash. */
  staleMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  time: number;
}

/**
 * Runs `fn` while holding `<path>.lock`, so that a read-modify-write of a settings file by one process or
 * session never interleaves with another's. The lock file is created with O_EXCL (`wx`), which the kernel makes
 * atomic even across processes; it records its owner so that a lock left behind by a process that was killed
 * can be recognised and broken: on this host, when the owner's pid no longer runs; from another host (a shared
 * home directory), when it is older than `staleMs`.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const token = await acquire(lockPath, options.timeoutMs ?? 15_000, options.staleMs ?? 30_000);
  try {
    return await fn();
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<string> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(12).toString('hex'), time: Date.now() };
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      return owner.token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(lockPath, error);
    }
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() > deadline) {
      throw new BridgeError('STORE_WRITE_FAILED', {
        message: `The settings file is locked by another pgconnect process (${lockPath}).`,
        hint: 'Another window may be saving. If no pgconnect process is running, delete the .lock file and try again.',
        data: { path: lockPath },
      });
    }
    // Random back-off, so that twenty waiting writers do not retry in lock step.
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

/**
 * Removes a lock whose owner is gone. The lock is first renamed to a name only this caller uses and re-read, so
 * that two processes breaking the same stale lock cannot both succeed, and a fresh lock that replaced the stale
 * one in between is put back rather than deleted.
 */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  const seen = await readOwner(lockPath);
  if (seen === 'missing') return true;
  if (!isStale(seen, staleMs, await lockAge(lockPath))) return false;
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return true; // Someone else moved it first; try to take the lock again.
  }
  const moved = await readOwner(aside);
  if (moved !== 'missing' && seen !== undefined && moved?.token !== seen.token) {
    // Not the lock we judged stale: hand it back to its owner unless a third writer already holds the lock.
    await rename(aside, lockPath).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined | 'missing'> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? (parsed as LockOwner) : undefined;
  } catch (error) {
    // An empty or torn lock file: its owner died between creating and writing it, or is writing it right now.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
  }
}

async function lockAge(lockPath: string): Promise<number> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    return 0;
  }
}

function isStale(owner: LockOwner | undefined, staleMs: number, ageMs: number): boolean {
  if (owner === undefined) return ageMs > 2_000; // unreadable: give its writer a moment to finish writing it
  if (owner.host !== hostname()) return ageMs > staleMs;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  const owner = await readOwner(lockPath);
  if (owner !== 'missing' && owner?.token === token) await unlink(lockPath).catch(() => undefined);
}

function lockError(lockPath: string, cause: unknown): BridgeError {
  return new BridgeError('STORE_WRITE_FAILED', {
    message: `The lock file ${lockPath} could not be created (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`,
    hint: 'Check that the settings directory exists and is writable by this user.',
    data: { path: lockPath },
    cause,
  });
}
