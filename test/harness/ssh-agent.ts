/**
 * A real `ssh-agent` on a private socket, loaded with chosen keys, for agent-based SSH auth tests.
 */
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked, ServerProcess, waitFor } from './process.js';
import type { SshKey } from './ssh-keys.js';
import { makeTempDir, removeTempDir } from './tmp.js';

export interface SshAgent {
  /** The agent's socket: give it to an SSH client as SSH_AUTH_SOCK. */
  readonly socketPath: string;
  /** `{ SSH_AUTH_SOCK }`, to spread into a child process's environment. */
  readonly env: { SSH_AUTH_SOCK: string };
  /** Adds a key; an encrypted key is unlocked with its passphrase first. */
  add(key: SshKey): Promise<void>;
  /** The SHA256 fingerprints of the keys the agent holds. */
  fingerprints(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startSshAgent(keys: readonly SshKey[] = []): Promise<SshAgent> {
  const dir = await makeTempDir('ssh-agent');
  const socketPath = join(dir, 'agent.sock');
  const env = { SSH_AUTH_SOCK: socketPath };
  const server = new ServerProcess('ssh-agent', ['-D', '-a', socketPath], {}, 'TERM');
  let unlocked = 0;
  const agent: SshAgent = {
    socketPath,
    env,
    async add(key) {
      let path = key.privateKeyPath;
      if (key.passphrase !== undefined) {
        // ssh-add asks for a passphrase only through a terminal or SSH_ASKPASS; an unlocked copy needs neither.
        path = join(dir, `unlocked-${++unlocked}`);
        await copyFile(key.privateKeyPath, path);
        await runChecked('ssh-keygen', ['-p', '-q', '-P', key.passphrase, '-N', '', '-f', path]);
      }
      await runChecked('ssh-add', ['-q', path], { env: { ...process.env, ...env } });
    },
    async fingerprints() {
      // ssh-add -l exits 1 when the agent holds no keys.
      const listing = await runChecked('ssh-add', ['-l', '-E', 'sha256'], { env: { ...process.env, ...env } }).catch(() => '');
      return listing.split('\n').flatMap((line) => line.split(/\s+/)[1] ?? []).filter((field) => field.startsWith('SHA256:'));
    },
    async stop() {
      await server.stop();
      await removeTempDir(dir);
    },
  };
  try {
    await waitFor(async () => (existsSync(socketPath) ? true : undefined), {
      timeoutMs: 10_000,
      describe: () => 'ssh-agent did not start',
      abort: () => server.exitReport(),
    });
    for (const key of keys) await agent.add(key);
  } catch (error) {
    await agent.stop();
    throw error;
  }
  return agent;
}
