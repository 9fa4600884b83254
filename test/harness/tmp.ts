/**
 * Temp dirs that are removed by their owner's stop(), or by the reaper if the test process dies first.
 */
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OsUser } from './os-user.js';
import { trackPath, untrackPath } from './reaper.js';

/**
 * Creates a fresh directory `<parent>/<prefix>XXXXXX` (mode 0700), owned by `owner` when given (so that
 * postgres or sshd running as that user can write to it).
 */
export async function makeTempDir(prefix: string, options: { owner?: OsUser; parent?: string } = {}): Promise<string> {
  const dir = await mkdtemp(join(options.parent ?? tmpdir(), `pgconnect-${prefix}-`));
  trackPath(dir);
  if (options.owner) await chown(dir, options.owner.uid, options.owner.gid);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  untrackPath(dir);
}

/** Writes a file (0600) and gives it to `owner`, for files a server running as that user must read. */
export async function writeOwnedFile(path: string, text: string, owner: OsUser): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chown(path, owner.uid, owner.gid);
}
