/**
 * Budget: 500 concurrent WebSocket clients each running Test Connection — zero failures, bridge RSS ≤ 250 MB
 * (DESIGN §8). Every client opens its own session and proves the bridge's token first; then all of them send
 * `connection.test` at once. Failures are counted by code, whatever their source: a test result with ok:false,
 * an `error` frame (a limit, for instance), or a session that could not be opened or was closed.
 */
import { performance } from 'node:perf_hooks';
import type { ConnectionProfile } from '@pgconnect/core';
import { BridgeClient } from './bridge-client.js';
import type { BridgeProcess } from './bridge-process.js';
import { quantile } from './stats.js';

export interface ConcurrencyResult {
  clients: number;
  ok: number;
  /** Code → how many clients ended with it. Empty is the budget. */
  failures: Record<string, number>;
  /** From the first test sent to the last result received. */
  wallMs: number;
  latencyMs: { p50: number; p99: number; max: number };
  memoryKiB: { idle: number; sessionsOpen: number; peak: number };
}

/** Sessions are opened this many at a time: a page opens one, and the bench is not testing SYN floods. */
const OPEN_BATCH = 50;

export async function measureConcurrency(bridge: BridgeProcess, profile: ConnectionProfile, password: string, clients: number): Promise<ConcurrencyResult> {
  const failures: Record<string, number> = {};
  const fail = (code: string) => void (failures[code] = (failures[code] ?? 0) + 1);
  const idle = (await bridge.memory()).rssKiB;

  const sessions: BridgeClient[] = [];
  for (let i = 0; i < clients; i += OPEN_BATCH) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(OPEN_BATCH, clients - i) }, () => BridgeClient.connect(bridge.url, bridge.token)));
    for (const opened of batch) {
      if (opened.status === 'fulfilled') sessions.push(opened.value);
      else fail(`SESSION_NOT_OPENED (${(opened.reason as Error).message})`);
    }
  }
  const sessionsOpen = (await bridge.memory()).rssKiB;

  const latencies: number[] = [];
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    sessions.map(async (session, i) => {
      const sent = performance.now();
      try {
        const reply = await session.request('connection.test', { testId: `load${i}`, profile, secrets: { password } });
        latencies.push(performance.now() - sent);
        if (reply.type === 'connection.test.result') {
          if (reply.ok) ok += 1;
          else fail(reply.code ?? 'UNKNOWN');
        } else if (reply.type === 'error') {
          fail(reply.error.code);
        } else {
          fail(`UNEXPECTED_${reply.type}`);
        }
      } catch (error) {
        fail(`SESSION_LOST (${(error as Error).message})`);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const { peakKiB } = await bridge.memory();
  for (const session of sessions) {
    try {
      session.checkFrames();
    } catch {
      fail('INVALID_FRAME');
    }
    session.close();
  }

  return {
    clients,
    ok,
    failures,
    wallMs,
    latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies) },
    memoryKiB: { idle, sessionsOpen, peak: peakKiB },
  };
}
