/**
 * The engine's side of the tunnel seam, against a real PostgreSQL: a tunnel's one-time setup (`prepare`) runs
 * once, before any address and outside connect_timeout; the tunnel's stages are kept and redacted with the
 * engine's; and with a tunnel there is no DNS or TCP stage of the engine's own. The tunnel here is a plain TCP
 * socket to the server, so these tests are about the engine only — `tunnel/` runs the same paths over real sshd.
 */
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError, createProfile, type ConnectionProfile, type ProfileInit, type StageReport } from '@pgconnect/core';
import { startCluster, type Cluster } from '../../../../test/harness/index.js';
import { memoryLogger } from '../log/logger.js';
import { testConnection, type TestConnectionOptions, type TestConnectionOutcome } from './test-connection.js';
import type { TunnelFactory, TunnelSetup, TunnelTarget } from './types.js';

const ALICE = { name: 'alice', password: 'CANARY-seam-pw-41x' };

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ roles: [ALICE] });
});

afterAll(async () => {
  await cluster?.stop();
});

function profile(init: ProfileInit = {}): ConnectionProfile {
  return createProfile({
    hosts: [{ host: 'db.internal', port: cluster.port }],
    database: 'postgres',
    auth: { type: 'password', user: ALICE.name, savePassword: false },
    ...init,
    ssl: { sslmode: 'disable', ...init.ssl },
    client: { connectTimeoutSeconds: 10, ...init.client },
  });
}

interface FakeTunnel {
  factory: TunnelFactory;
  /** Every call, in order: `prepare`, or the host:port a channel was asked for. */
  calls: string[];
}

/** A "tunnel" whose channels are TCP sockets to the cluster; `setup` stands in for opening the SSH hops. */
function fakeTunnel(setup?: (s: TunnelSetup) => Promise<void>, channel?: (t: TunnelTarget) => Promise<Duplex>): FakeTunnel {
  const calls: string[] = [];
  const open = (target: TunnelTarget): Promise<Duplex> => {
    calls.push(`${target.host}:${target.port}`);
    if (channel) return channel(target);
    if (target.port === 1) return Promise.reject(new BridgeError('SSH_CHANNEL_OPEN_FAILED', { data: { host: target.host, port: 1, reason: 'Connection refused' } }));
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host: '127.0.0.1', port: cluster.port }, () => resolve(socket));
      socket.once('error', reject);
    });
  };
  if (!setup) return { factory: open, calls };
  const prepare = async (s: TunnelSetup) => {
    calls.push('prepare');
    await setup(s);
  };
  return { factory: Object.assign(open, { prepare }), calls };
}

/** An `ssh` stage as a tunnel reports it, running and then finished. */
function reportHop(onStage: (r: StageReport) => void, final: Omit<StageReport, 'stage' | 'ms' | 'target'>): void {
  onStage({ stage: 'ssh', status: 'running', ms: 0, target: 'bastion:22' });
  onStage({ stage: 'ssh', ms: 3, target: 'bastion:22', ...final });
}

async function run(p: ConnectionProfile, tunnel: TunnelFactory, options: TestConnectionOptions = {}): Promise<{ outcome: TestConnectionOutcome; streamed: StageReport[] }> {
  const { logger } = memoryLogger();
  const streamed: StageReport[] = [];
  const outcome = await testConnection(p, { password: ALICE.password }, { logger, homeDir: null, tunnel, onStage: (s) => streamed.push(s), ...options });
  if (outcome.ok) await outcome.client.end();
  return { outcome, streamed };
}

const finished = (stages: readonly StageReport[]) => stages.filter((s) => s.status !== 'running').map((s) => `${s.stage}:${s.status}`);

describe('the tunnel seam', () => {
  it('opens the tunnel once, before the first host, and keeps its stages in order before TLS', async () => {
    const tunnel = fakeTunnel(async ({ onStage }) => reportHop(onStage, { status: 'ok', detail: 'SSH host: logged in' }));
    const p = profile({ hosts: [{ host: 'down.internal', port: 1 }, { host: 'db.internal', port: cluster.port }] });
    const { outcome, streamed } = await run(p, tunnel.factory);
    expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
    expect(tunnel.calls).toEqual(['prepare', 'down.internal:1', `db.internal:${cluster.port}`]);
    expect(finished(outcome.stages)).toEqual(['ssh:ok', 'dns:skipped', 'tcp:failed', 'dns:skipped', 'tcp:skipped', 'tls:skipped', 'auth:ok', 'ready:ok']);
    expect(outcome.stages).toEqual(streamed.filter((s) => s.status !== 'running'));
  });

  it('gives the setup no deadline but the cancel: a setup slower than connect_timeout still connects', async () => {
    let aborted: boolean | undefined;
    const tunnel = fakeTunnel(async ({ signal, onStage }) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a user reading a host-key fingerprint
      aborted = signal.aborted;
      reportHop(onStage, { status: 'ok', detail: 'trusted by you' });
    });
    const { outcome } = await run(profile({ client: { connectTimeoutSeconds: 1 } }), tunnel.factory);
    expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
    expect(aborted).toBe(false);
  });

  it('redacts secrets in the tunnel\'s stage details, streamed and kept alike', async () => {
    const tunnel = fakeTunnel(async ({ onStage }) => reportHop(onStage, { status: 'ok', detail: `server banner quoting ${ALICE.password}` }));
    const { outcome, streamed } = await run(profile(), tunnel.factory);
    expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
    expect(outcome.stages.find((s) => s.stage === 'ssh')?.detail).toMatch(/^server banner quoting /);
    expect(JSON.stringify([outcome.stages, streamed])).not.toContain(ALICE.password);
  });

  it('ends the test with the setup\'s failure, shown once, and tries no address', async () => {
    const failure = new BridgeError('SSH_AUTH_FAILED', { data: { host: 'bastion', port: 22, user: 'jump' } });
    const tunnel = fakeTunnel(async ({ onStage }) => {
      reportHop(onStage, { status: 'failed', detail: failure.message, code: failure.code });
      throw failure;
    });
    const { outcome } = await run(profile(), tunnel.factory);
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('SSH_AUTH_FAILED');
    expect(tunnel.calls).toEqual(['prepare']);
    expect(finished(outcome.stages)).toEqual(['ssh:failed']);
  });

  it('stops a setup waiting on the user when the test is cancelled', async () => {
    const controller = new AbortController();
    const tunnel = fakeTunnel(
      ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new BridgeError('BRIDGE_CANCELLED')), { once: true });
          setTimeout(() => controller.abort(), 50);
        }),
    );
    const { outcome } = await run(profile(), tunnel.factory, { signal: controller.signal });
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('BRIDGE_CANCELLED');
    expect(tunnel.calls).toEqual(['prepare']);
  });

  it('reports a channel the far end cannot open on the tcp stage', async () => {
    const tunnel = fakeTunnel(
      async () => {},
      async (t) => {
        throw new BridgeError('SSH_CHANNEL_OPEN_FAILED', { data: { host: t.host, port: t.port, reason: 'Connection refused' } });
      },
    );
    const { outcome } = await run(profile(), tunnel.factory);
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('SSH_CHANNEL_OPEN_FAILED');
    expect(outcome.stages.filter((s) => s.status === 'failed')).toEqual([
      expect.objectContaining({ stage: 'tcp', code: 'SSH_CHANNEL_OPEN_FAILED', target: `db.internal:${cluster.port} (tunnel)` }),
    ]);
  });

  it('keeps the stages of a tunnel without a setup step, reported while the channel opens', async () => {
    const tunnel = fakeTunnel(undefined, (t) => {
      reportHop(t.onStage, { status: 'ok', detail: 'opened on demand' });
      return new Promise((resolve, reject) => {
        const socket = netConnect({ host: '127.0.0.1', port: cluster.port }, () => resolve(socket));
        socket.once('error', reject);
      });
    });
    const { outcome } = await run(profile(), tunnel.factory);
    expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
    expect(finished(outcome.stages)).toEqual(['dns:skipped', 'ssh:ok', 'tcp:skipped', 'tls:skipped', 'auth:ok', 'ready:ok']);
  });
});
