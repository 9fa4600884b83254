/**
 * The unprivileged OS accounts the harness runs things as. PostgreSQL refuses to run as root, and sshd needs a
 * real account to log in to; when the tests run as root the harness creates them, otherwise it uses the current
 * user for both.
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export const isRoot = process.getuid?.() === 0;

/** Names of the accounts created when running as root. */
export const POSTGRES_OS_USER = 'pgtest';
export const SSH_OS_USER = 'pgsshtest';

async function lookup(name: string): Promise<OsUser | undefined> {
  try {
    const { stdout } = await execFileAsync('getent', ['passwd', name]);
    const [, , uid, gid, , home] = stdout.trim().split(':');
    return { name, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
  } catch {
    return undefined;
  }
}

const pending = new Map<string, Promise<OsUser>>();

/**
 * Returns the account `name`, creating it (with a home directory and `/bin/sh`, so sshd can run commands) when
 * running as root. Not root: returns the current user, since nothing else is possible.
 */
export function ensureOsUser(name: string): Promise<OsUser> {
  if (!isRoot) {
    const me = userInfo();
    return Promise.resolve({ name: me.username, uid: me.uid, gid: me.gid, home: me.homedir });
  }
  let user = pending.get(name);
  if (!user) {
    user = create(name);
    pending.set(name, user);
  }
  return user;
}

async function create(name: string): Promise<OsUser> {
  // Parallel test workers may race to create the same account: useradd then fails ("already exists", or
  // "cannot lock /etc/passwd"), and looking the account up again settles it.
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await lookup(name);
    if (existing) return existing;
    try {
      await execFileAsync('useradd', ['--create-home', '--shell', '/bin/sh', '--comment', 'pgconnect test harness', name]);
    } catch (error) {
      if (attempt === 19) throw new Error(`could not create the OS user ${name}: ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the OS user ${name} does not exist after creating it`);
}
