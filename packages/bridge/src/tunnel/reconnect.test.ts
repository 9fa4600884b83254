/**
 * A cut tunnel comes back by itself: sshd's per-connection processes are killed (as a network cut would end
 * them), the tunnel reports `lost`, reconnects, reports `restored`, and queries work again. A server that comes
 * back with another host key is refused — by the reconnect and by a fresh tunnel alike — and sees no login.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError, type SshSettings } from '@pgconnect/core';
import { makeTempDir, removeTempDir, startCluster, startSshd, type Cluster, type Sshd } from '../../../../test/harness/index.js';
import { testConnection } from '../connect/test-connection.js';
import { memoryLogger } from '../log/logger.js';
import { backoffDelay, DEFAULT_BACKOFF, isTransient } from './reconnect.js';
import { ALICE, dbProfile, runThrough, writeKnownHosts } from './testing/tunnel-run.js';
import { createSshTunnel, type SshTunnelEvents } from './tunnel.js';

let sshd: Sshd;
let cluster: Cluster;
let dir: string;

beforeAll(async () => {
  [sshd, cluster] = await Promise.all([startSshd(), startCluster({ roles: [ALICE], hba: [{ type: 'host', method: 'scram-sha-256' }] })]);
  dir = await makeTempDir('reconnect-test');
});

afterAll(async () => {
  await Promise.all([sshd?.stop(), cluster?.stop(), dir && removeTempDir(dir)]);
});

function ssh(): SshSettings {
  return { enabled: true, host: sshd.host, port: sshd.port, user: sshd.user.name, auth: { type: 'privateKey', key: { path: sshd.clientKeys.ed25519.privateKeyPath }, savePassphrase: false }, keepaliveSeconds: 5 };
}

describe('SSH tunnel reconnection', () => {
  it('backs off exponentially with jitter, the first retry at once', () => {
    expect(backoffDelay(DEFAULT_BACKOFF, 1, () => 0.5)).toBe(0);
    expect([2, 3, 4].map((n) => backoffDelay(DEFAULT_BACKOFF, n, () => 0))).toEqual([500, 1_000, 2_000]);
    expect(backoffDelay(DEFAULT_BACKOFF, 40, () => 1)).toBe(DEFAULT_BACKOFF.maxDelayMs);
  });

  it('retries an SSH server that refused or could not be reached, but not one whose name does not exist', () => {
    const unreachable = (reason: string) => new BridgeError('SSH_CONNECT_FAILED', { data: { host: 'bastion', port: 22, reason } });
    expect(isTransient(unreachable('NET_REFUSED'))).toBe(true);
    expect(isTransient(unreachable('NET_UNREACHABLE'))).toBe(true);
    expect(isTransient(unreachable('NET_DNS_UNKNOWN_HOST'))).toBe(false);
    const behindJump = (inner: BridgeError) => new BridgeError('SSH_JUMP_HOST_FAILED', { data: { host: 'jump', reason: inner.code }, cause: inner });
    expect(isTransient(behindJump(unreachable('NET_REFUSED')))).toBe(true);
    expect(isTransient(behindJump(new BridgeError('SSH_AUTH_FAILED')))).toBe(false);
  });

  it('reports a cut tunnel as lost, restores it, and queries work again', async () => {
    const knownHosts = await writeKnownHosts(dir, 'known_hosts', [sshd.knownHostsLine()]);
    const first = await runThrough(dbProfile(cluster.port), ssh(), {}, { knownHostsPath: knownHosts }, true);
    const tunnel = first.tunnel;
    try {
      expect(first.user).toBe('alice');
      const session = await tunnel.open('127.0.0.1', cluster.port);
      const sessionClosed = once(session, 'close');
      const lost = once(tunnel, 'lost') as Promise<SshTunnelEvents['lost']>;
      const restored = once(tunnel, 'restored') as Promise<SshTunnelEvents['restored']>;

      expect(await sshd.cutConnections()).toBeGreaterThan(0);
      const [lostEvent] = await lost;
      expect(lostEvent).toMatchObject({ reconnecting: true, error: { code: 'SSH_DISCONNECTED' } });
      await sessionClosed; // channels inside the cut connection end at once, so pg sessions on them notice
      const [restoredEvent] = await restored;
      expect(restoredEvent.attempts).toBeGreaterThanOrEqual(1);
      expect(tunnel.state).toBe('open');

      const { logger } = memoryLogger();
      const again = await testConnection(dbProfile(cluster.port), { password: ALICE.password }, { logger, homeDir: null, tunnel: tunnel.factory });
      expect(again.ok ? 'ok' : again.error).toBe('ok');
      if (again.ok) {
        expect((await again.client.query<{ n: number }>('select 41 + 1 as n')).rows[0]?.n).toBe(42);
        await again.client.end();
      }
    } finally {
      await tunnel.close();
    }
    expect(tunnel.state).toBe('closed');
  });

  it('stays down after a cut when reconnecting is off, and the next open brings it back', async () => {
    const knownHosts = await writeKnownHosts(dir, 'known_hosts_off', [sshd.knownHostsLine()]);
    const { logger } = memoryLogger();
    const tunnel = createSshTunnel(ssh(), {}, { knownHostsPath: knownHosts, logger, reconnect: false });
    try {
      (await tunnel.open('127.0.0.1', cluster.port)).destroy();
      const lost = once(tunnel, 'lost') as Promise<SshTunnelEvents['lost']>;
      await sshd.cutConnections();
      expect((await lost)[0].reconnecting).toBe(false);
      expect(tunnel.state).toBe('idle');
      (await tunnel.open('127.0.0.1', cluster.port)).destroy();
      expect(tunnel.state).toBe('open');
    } finally {
      await tunnel.close();
    }
  });

  // Last: it gives sshd new host keys.
  it('refuses a server that comes back with another host key, on reconnect and on a new tunnel, without logging in', async () => {
    const line = sshd.knownHostsLine();
    const knownHosts = await writeKnownHosts(dir, 'known_hosts_changed', [line]);
    const oldFingerprint = sshd.hostKeyFingerprints().ed25519;
    const { logger, lines } = memoryLogger();
    const tunnel = createSshTunnel(ssh(), {}, { knownHostsPath: knownHosts, logger, reconnect: { initialDelayMs: 200, maxAttempts: 20 } });
    try {
      (await tunnel.open('127.0.0.1', cluster.port)).destroy();
      const gaveUp = new Promise<SshTunnelEvents['lost'][0]>((resolve) => tunnel.on('lost', (event) => !event.reconnecting && resolve(event)));
      await sshd.restartWithNewHostKey();
      const newFingerprint = sshd.hostKeyFingerprints().ed25519;
      expect(newFingerprint).not.toBe(oldFingerprint);

      const final = await gaveUp;
      expect(final.error.code).toBe('SSH_HOST_KEY_CHANGED');
      expect(final.error.data).toMatchObject({ expected: oldFingerprint, received: newFingerprint });
      expect(lines.join('')).toContain('ssh tunnel not restored');

      const fresh = await runThrough(dbProfile(cluster.port), ssh(), {}, { knownHostsPath: knownHosts, hostKeyPrompt: async () => true });
      expect(fresh.outcome.ok ? 'ok' : fresh.outcome.error).toMatchObject({
        code: 'SSH_HOST_KEY_CHANGED',
        message: expect.stringContaining(`expected ${oldFingerprint}, received ${newFingerprint}`),
        data: { expected: oldFingerprint, received: newFingerprint, source: 'known_hosts' },
      });
      expect(await readFile(knownHosts, 'utf8')).toBe(`${line}\n`);
      // The restarted sshd's whole log: connections came and went, and not one reached user authentication.
      expect(sshd.logs()).toMatch(/Connection (closed|reset) by 127\.0\.0\.1/);
      expect(sshd.logs()).not.toMatch(/Accepted|Failed|authenticating user|Postponed/);
    } finally {
      await tunnel.close();
    }
  });
});
