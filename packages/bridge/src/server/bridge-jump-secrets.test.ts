/**
 * Saved jump-host secrets through the bridge, against two real OpenSSH sshd instances (a jump host and the SSH
 * host) and real PostgreSQL behind them: the jump host's password is saved with the profile, used for the
 * two-hop tunnel when the page sends no secret, and not used — nothing is sent to that hop — once the hop's host
 * changes (security.md T13, checklist 32–33).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type ConnectionProfile, type SshJumpHost } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, startSshd, type Cluster, type Sshd } from '../../../../test/harness/index.js';
import { authLinesSince, writeKnownHosts } from '../tunnel/testing/tunnel-run.js';
import { startTestBridge, type TestBridge } from './testing/test-bridge.js';

const ALICE = { name: 'alice', password: 'CANARY_PW_jumpdb_5Rt2' };

let jump: Sshd;
let target: Sshd;
let cluster: Cluster;
let dir: string;
let bridge: TestBridge;

beforeAll(async () => {
  const starting = startCluster({ roles: [ALICE], hba: [{ type: 'host', method: 'scram-sha-256' }] });
  // One sshd after the other: parallel starts in one process collide on the harness's password file.
  jump = await startSshd();
  target = await startSshd();
  cluster = await starting;
  dir = await makeTempDir('bridge-jump-secrets');
  const knownHosts = await writeKnownHosts(dir, 'known_hosts', [jump.knownHostsLine(), target.knownHostsLine()]);
  bridge = await startTestBridge(join(dir, 'config'), { ssh: { knownHostsPath: knownHosts, reconnect: false } });
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  await Promise.all([jump?.stop(), target?.stop(), cluster?.stop()]);
  if (dir) await removeTempDir(dir);
});

function jumpHost(over: Partial<SshJumpHost> = {}): SshJumpHost {
  return { host: jump.host, port: jump.port, user: jump.user.name, auth: { type: 'password', savePassword: true }, ...over };
}

function profile(hop: SshJumpHost = jumpHost()): ConnectionProfile {
  return createProfile({
    id: 'two-hops',
    name: 'Through two hops',
    hosts: [{ host: '127.0.0.1', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: true },
    ssl: { sslmode: 'disable' },
    ssh: {
      enabled: true,
      host: target.host,
      port: target.port,
      user: target.user.name,
      auth: { type: 'privateKey', key: { pem: target.clientKeys.ed25519.privateKey }, savePassphrase: false },
      jumpHosts: [hop],
    },
    client: { connectTimeoutSeconds: 0, applicationName: 'pgconnect-jump-secrets-test' },
  });
}

async function allFiles(root: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

describe('a saved jump-host password', () => {
  it('is used for the two-hop tunnel, and not after that hop\'s host changes', async (ctx) => {
    // Password logins need the harness's real test account, which only root can set up.
    const jumpPassword = jump.user.password;
    if (jumpPassword === undefined) return ctx.skip();
    const client = await bridge.session();
    const saved = await client.request('s1', 'profiles.save', { profile: profile(), secrets: { password: ALICE.password, jumpHosts: [{ password: jumpPassword }] } });
    expect(saved).toMatchObject({ type: 'profiles.save.result', secrets: { hasPassword: true, hasSshSecret: true } });

    const mark = jump.logs().length;
    const report = await client.request('t1', 'connection.test', { testId: 'saved', profile: profile(), secrets: {} });
    expect(report).toMatchObject({ type: 'connection.test.result', ok: true, server: { user: ALICE.name } });
    if (report.type === 'connection.test.result') {
      expect(report.stages.filter((s) => s.stage === 'ssh' && s.status === 'ok').map((s) => s.target)).toEqual([`${jump.host}:${jump.port}`, `${target.host}:${target.port}`]);
    }
    expect(jump.logs().slice(mark)).toMatch(/Accepted password for /);

    // The page moves the hop elsewhere: the saved password is bound to the old hop and is not sent anywhere.
    const moved = profile(jumpHost({ host: 'localhost' }));
    const markMoved = jump.logs().length;
    const refused = await client.request('t2', 'connection.test', { testId: 'moved', profile: moved, secrets: {} });
    expect(refused).toMatchObject({ type: 'error', error: { code: 'SECRET_SAVED_NOT_APPLICABLE' } });
    expect(authLinesSince(jump.logs(), markMoved)).toEqual([]);
    const has = await client.request('h1', 'secrets.has', { profileId: 'two-hops' });
    expect(has).toMatchObject({ secrets: { hasSshSecret: true } });

    const everything = bridge.transcript(client);
    for (const secret of [jumpPassword, ALICE.password]) {
      expect(everything).not.toContain(secret);
      expect(await readFile(join(dir, 'config', 'settings.json'), 'utf8')).not.toContain(secret);
      expect(await allFiles(join(dir, 'config'))).not.toContain(secret);
    }
    await client.close();
  });
});
