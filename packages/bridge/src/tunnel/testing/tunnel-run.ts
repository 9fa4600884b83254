/**
 * Shared pieces of the tunnel tests (not shipped behaviour): a database profile reached through the tunnel, a run of Test Connection
 * that collects every stage, log line and error, and the listening sockets this process owns.
 */
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProfile, type ConnectionProfile, type ProfileInit, type Secrets, type SshSettings, type StageReport } from '@pgconnect/core';
import { testConnection, type TestConnectionOutcome } from '../../connect/test-connection.js';
import { memoryLogger } from '../../log/logger.js';
import { createSshTunnel, type SshTunnel, type SshTunnelOptions } from '../tunnel.js';

export const ALICE = { name: 'alice', password: 'CANARY_PW_alice_q7Zx' };

export function dbProfile(port: number, init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host: '127.0.0.1', port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'disable', ...init.ssl },
    // 0 = no per-address deadline: a loaded machine must not turn a slow handshake into a failure here.
    client: { connectTimeoutSeconds: 0, ...init.client },
  });
}

export interface TunnelRun {
  outcome: TestConnectionOutcome;
  /** Every stage the engine and the tunnel reported, in order. */
  stages: StageReport[];
  lines: string[];
  /** What a query through the tunnel returned, when the connection succeeded. */
  user?: string;
  tunnel: SshTunnel;
}

/** Test Connection through a fresh tunnel; runs one query when connected, then closes everything. */
export async function runThrough(
  profile: ConnectionProfile,
  ssh: SshSettings,
  secrets: Secrets,
  options: SshTunnelOptions = {},
  keepOpen = false,
): Promise<TunnelRun> {
  const { logger, lines } = memoryLogger();
  const stages: StageReport[] = [];
  const tunnel = createSshTunnel(ssh, secrets, { logger, ...options });
  const outcome = await testConnection(profile, { password: ALICE.password, ...secrets }, { logger, homeDir: null, tunnel: tunnel.factory, onStage: (s) => stages.push(s) });
  let user: string | undefined;
  if (outcome.ok) {
    outcome.client.on('error', () => {});
    user = (await outcome.client.query<{ u: string }>('select current_user as u')).rows[0]?.u;
    await outcome.client.end();
  }
  if (!keepOpen) await tunnel.close();
  return { outcome, stages, lines, tunnel, ...(user !== undefined && { user }) };
}

/** The `ssh` stages that finished, as `status target` pairs. */
export function sshStages(stages: readonly StageReport[]): StageReport[] {
  return stages.filter((s) => s.stage === 'ssh' && s.status !== 'running');
}

export async function writeKnownHosts(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.length ? `${lines.join('\n')}\n` : '');
  return path;
}

/**
 * The TCP ports this process listens on: socket inodes from /proc/self/fd matched against the LISTEN rows
 * (state 0A) of /proc/net/tcp and tcp6. Other processes on this shared machine do not disturb it.
 */
export async function ownListeningPorts(): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      const [, local, , state] = cols;
      const inode = cols[9];
      if (state === '0A' && inode && inodes.has(inode) && local) ports.push(parseInt(local.split(':')[1] ?? '0', 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

/**
 * sshd's authentication lines (accepted, failed, or a user name received) for the connections that began after
 * `mark` in its log. Lines are matched by the client port sshd prints on each, so the tail of an earlier test's
 * connection, logged late, is not mistaken for this one's.
 */
export function authLinesSince(log: string, mark: number): string[] {
  const ports = [...log.slice(mark).matchAll(/Connection from \S+ port (\d+) on/g)].map((m) => m[1]);
  return log
    .split('\n')
    .filter((line) => /Accepted|Failed|authenticating user|Postponed/.test(line) && ports.some((port) => new RegExp(`port ${port}\\b`).test(line)));
}
