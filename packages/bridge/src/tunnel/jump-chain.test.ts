/**
 * Jump hosts against two real sshd instances: the bridge reaches the SSH host through the jump host's
 * forwarded channel, checks each hop's own host key, and reports one `ssh` stage per hop, in order. A host
 * imported from a sample ~/.ssh/config with ProxyJump connects the same way.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshJumpHost, SshSettings } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, startSshd, type Cluster, type Sshd } from '../../../../test/harness/index.js';
import type { HostKeyPromptRequest } from './host-key-policy.js';
import { importSshConfigHost } from './ssh-config.js';
import { ALICE, authLinesSince, dbProfile, runThrough, sshStages, writeKnownHosts } from './testing/tunnel-run.js';

let jump: Sshd;
let target: Sshd;
let cluster: Cluster;
let dir: string;
let knownHosts: string;

beforeAll(async () => {
  // One sshd after the other: parallel starts in one process collide on the harness's password draft file.
  const starting = startCluster({ roles: [ALICE], hba: [{ type: 'host', method: 'scram-sha-256' }] });
  jump = await startSshd();
  target = await startSshd();
  cluster = await starting;
  dir = await makeTempDir('jump-test');
  knownHosts = await writeKnownHosts(dir, 'known_hosts', [jump.knownHostsLine(), target.knownHostsLine({ keyType: 'ecdsa' })]);
});

afterAll(async () => {
  await Promise.all([jump?.stop(), target?.stop(), cluster?.stop(), dir && removeTempDir(dir)]);
});

function jumpHost(over: Partial<SshJumpHost> = {}): SshJumpHost {
  return { host: jump.host, port: jump.port, user: jump.user.name, auth: { type: 'privateKey', key: { path: jump.clientKeys.ed25519.privateKeyPath }, savePassphrase: false }, ...over };
}

function chain(jumps: SshJumpHost[] = [jumpHost()]): SshSettings {
  return { enabled: true, host: target.host, port: target.port, user: target.user.name, auth: { type: 'password', savePassword: false }, jumpHosts: jumps };
}

const secrets = () => ({ sshPassword: target.user.password });

describe('SSH jump hosts', () => {
  it('reaches the database through a jump host and the SSH host, one stage per hop', async () => {
    const run = await runThrough(dbProfile(cluster.port), chain(), secrets(), { knownHostsPath: knownHosts });
    expect(run.outcome.ok ? 'ok' : run.outcome.error).toBe('ok');
    expect(run.user).toBe('alice');
    const stages = sshStages(run.stages);
    expect(stages.map((s) => [s.status, s.target])).toEqual([
      ['ok', `${jump.host}:${jump.port}`],
      ['ok', `${target.host}:${target.port}`],
    ]);
    expect(stages[0]?.detail).toMatch(/^jump host 1 of 1: host key ED25519 /);
    expect(stages[1]?.detail).toContain(`SSH host: host key ECDSA ${target.hostKeyFingerprints().ecdsa}`);
    // Both hops come first, and the result keeps them; the engine's own DNS and TCP are skipped.
    const shown = run.stages.filter((s) => s.status !== 'running');
    expect(shown.map((s) => `${s.stage}:${s.status}`)).toEqual(['ssh:ok', 'ssh:ok', 'dns:skipped', 'tcp:skipped', 'tls:skipped', 'auth:ok', 'ready:ok']);
    expect(run.outcome.stages).toEqual(shown);
    // The SSH host saw the login come out of the jump host's forwarding, not from us directly.
    expect(target.logs()).toMatch(/Accepted password for pgsshtest/);
  });

  it('asks about the host key of the hop known_hosts does not know, naming the hop', async () => {
    const jumpOnly = await writeKnownHosts(dir, 'jump_only', [jump.knownHostsLine()]);
    const asked: Omit<HostKeyPromptRequest, 'signal'>[] = [];
    const run = await runThrough(dbProfile(cluster.port), chain(), secrets(), {
      knownHostsPath: jumpOnly,
      hostKeyPrompt: async ({ signal: _signal, ...request }) => {
        asked.push(request);
        return true;
      },
    });
    expect(run.outcome.ok ? 'ok' : run.outcome.error).toBe('ok');
    expect(asked).toEqual([{ hop: 1, host: target.host, port: target.port, keyType: 'ssh-ed25519', fingerprint: target.hostKeyFingerprints().ed25519 }]);
  });

  it('reports a jump host that refuses the login as SSH_JUMP_HOST_FAILED, and never reaches the SSH host', async () => {
    const mark = target.logs().length;
    const stranger = jumpHost({ auth: { type: 'privateKey', key: { pem: jump.unauthorizedKey.privateKey }, savePassphrase: false } });
    const run = await runThrough(dbProfile(cluster.port), chain([stranger]), secrets(), { knownHostsPath: knownHosts });
    expect(run.outcome.ok ? 'ok' : run.outcome.error).toMatchObject({ code: 'SSH_JUMP_HOST_FAILED', data: { hop: 0, host: jump.host, reason: 'SSH_AUTH_FAILED' } });
    expect(sshStages(run.stages).map((s) => s.status)).toEqual(['failed']);
    expect(target.logs().slice(mark)).not.toContain('Connection from');
  });

  it('fails on a jump host whose key differs from the pinned one, before any login', async () => {
    const mark = jump.logs().length;
    const pinnedWrong = jumpHost({ knownHostKey: target.hostKeyFingerprints().ed25519 });
    const run = await runThrough(dbProfile(cluster.port), chain([pinnedWrong]), secrets(), { knownHostsPath: knownHosts });
    expect(run.outcome.ok ? 'ok' : run.outcome.error).toMatchObject({
      code: 'SSH_HOST_KEY_CHANGED',
      data: { hop: 0, expected: target.hostKeyFingerprints().ed25519, received: jump.hostKeyFingerprints().ed25519 },
    });
    expect(authLinesSince(jump.logs(), mark)).toEqual([]);
  });

  it('connects with a host imported from a sample ~/.ssh/config with ProxyJump', async () => {
    const configPath = join(dir, 'config');
    await writeFile(
      configPath,
      [
        'Host gateway',
        `  HostName ${jump.host}`,
        `  Port ${jump.port}`,
        `  User ${jump.user.name}`,
        `  IdentityFile ${jump.clientKeys.ecdsa.privateKeyPath}`,
        '',
        'Host db-box',
        `  HostName ${target.host}`,
        `  Port ${target.port}`,
        `  User ${target.user.name}`,
        `  IdentityFile ${target.clientKeys.rsa.privateKeyPath}`,
        '  ProxyJump gateway',
        '  ServerAliveInterval 20',
        '',
      ].join('\n'),
    );
    const { ssh, warnings } = await importSshConfigHost('db-box', { configPath, homeDir: dir });
    expect(warnings).toEqual([]);
    expect(ssh.jumpHosts).toEqual([{ host: jump.host, port: jump.port, user: jump.user.name, auth: { type: 'privateKey', key: { path: jump.clientKeys.ecdsa.privateKeyPath }, savePassphrase: false } }]);
    const run = await runThrough(dbProfile(cluster.port), ssh, {}, { knownHostsPath: knownHosts });
    expect(run.outcome.ok ? 'ok' : run.outcome.error).toBe('ok');
    expect(sshStages(run.stages)).toHaveLength(2);
  });
});
