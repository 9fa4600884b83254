/**
 * The OS account PostgreSQL runs as. PostgreSQL refuses to run as root, so when the demo is started as root
 * (a container, a fresh VM) it runs the server as a dedicated unprivileged system account, creating it once;
 * otherwise it runs as the current user.
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface OsAccount {
  name: string;
  uid: number;
  gid: number;
}

/** The account created when the demo runs as root. It has no home, no password and no login shell. */
export const DEMO_OS_ACCOUNT = 'pgconnect-demo';

export const runningAsRoot = (): boolean => process.getuid?.() === 0;

export async function demoOsAccount(): Promise<OsAccount> {
  if (!runningAsRoot()) {
    const me = userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  const existing = await lookup(DEMO_OS_ACCOUNT);
  if (existing) return existing;
  try {
    await execFileAsync('useradd', [
      '--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin',
      '--comment', 'pgconnect demo PostgreSQL', DEMO_OS_ACCOUNT,
    ]);
  } catch (error) {
    // Two demos started at once may both try; whichever lost finds the account now.
    const raced = await lookup(DEMO_OS_ACCOUNT);
    if (raced) return raced;
    throw new Error(
      `PostgreSQL cannot run as root, and the unprivileged account "${DEMO_OS_ACCOUNT}" could not be created: ${(error as Error).message.trim()}\n` +
        `Hint: run the demo as an ordinary user, or create the account yourself (useradd --system ${DEMO_OS_ACCOUNT}).`,
      { cause: error },
    );
  }
  const created = await lookup(DEMO_OS_ACCOUNT);
  if (!created) throw new Error(`the account ${DEMO_OS_ACCOUNT} does not exist after useradd created it`);
  return created;
}

async function lookup(name: string): Promise<OsAccount | undefined> {
  try {
    const { stdout } = await execFileAsync('getent', ['passwd', name]);
    const [, , uid, gid] = stdout.trim().split(':');
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}
