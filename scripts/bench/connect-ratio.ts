/**
 * Budget: Test Connection through the bridge costs at most 1.15× the same connect + ping with bare `pg`
 * (DESIGN §8). Four ways to reach the same server, run in rotating order within each round so drift and
 * warm-up hit all of them alike:
 *
 *   pg        new pg.Client (verify-full with the CA), connect, SELECT 1, end — the baseline
 *   engine    the connect engine in this process (`testConnection`), SELECT 1, end: libpq semantics on pg
 *   engine+facts  the same with the server-facts query instead of SELECT 1: what `connection.test` runs
 *   bridge    `connection.test` over a WebSocket session to the bridge process: protocol, validation, stage events
 *
 * Like for like: every variant uses verify-full against the same CA, SCRAM, the same host name (`localhost`,
 * resolved each time) and one query after the login; every variant closes its connection before it counts as
 * done. The bridge variant's query is the server-facts query, and its stages are streamed to the page.
 *
 * The budget ratio is bridge / pg. The others show what each layer costs.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { ConnectionProfile } from '@pgconnect/core';
import { Logger, readServerFacts, Redactor, testConnection } from '@pgconnect/bridge';
import type { BridgeClient } from './bridge-client.js';
import { median, quantile } from './stats.js';

export const VARIANTS = ['pg', 'engine', 'engine+facts', 'bridge'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface ConnectTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** PEM of the CA that signed the server certificate: every variant verifies the host name against it. */
  ca: string;
  profile: ConnectionProfile;
}

export interface RatioResult {
  rounds: number;
  samples: Record<Variant, number[]>;
  medianMs: Record<Variant, number>;
  /** bridge / pg, from the medians: the budget figure. */
  ratio: number;
  /** Quartiles of the per-round ratio bridge_i / pg_i: how sure the median ratio is. */
  pairedRatio: { q1: number; median: number; q3: number };
}

/** The engine's log lines are formatted and redacted as in the bridge, then dropped. */
const quietLogger = () => new Logger(new Redactor(), { write: () => undefined }, 'info');

export async function measureConnectRatio(target: ConnectTarget, session: BridgeClient, rounds: number, warmup: number): Promise<RatioResult> {
  let testNumber = 0;
  const run: Record<Variant, () => Promise<void>> = {
    async pg() {
      const client = new pg.Client({
        host: target.host,
        port: target.port,
        user: target.user,
        password: target.password,
        database: target.database,
        ssl: { ca: target.ca, servername: target.host },
      });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await expectOne(client);
      } finally {
        await client.end();
      }
    },
    async engine() {
      const outcome = await testConnection(target.profile, { password: target.password }, { logger: quietLogger() });
      if (!outcome.ok) throw new Error(`engine: ${outcome.error.code} ${outcome.error.message}`);
      try {
        await expectOne(outcome.client);
      } finally {
        await outcome.client.end();
      }
    },
    async 'engine+facts'() {
      const outcome = await testConnection(target.profile, { password: target.password }, { logger: quietLogger() });
      if (!outcome.ok) throw new Error(`engine: ${outcome.error.code} ${outcome.error.message}`);
      try {
        await readServerFacts(outcome.client);
      } finally {
        await outcome.client.end();
      }
    },
    async bridge() {
      const reply = await session.request('connection.test', { testId: `ratio${++testNumber}`, profile: target.profile, secrets: { password: target.password } });
      if (reply.type !== 'connection.test.result' || !reply.ok) throw new Error(`bridge: ${JSON.stringify(reply)}`);
    },
  };

  const samples: Record<Variant, number[]> = { pg: [], engine: [], 'engine+facts': [], bridge: [] };
  for (let round = 0; round < warmup + rounds; round++) {
    // Rotate the order (ABCD, BCDA, …) so no variant always runs first after a pause or last before one.
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
    for (const variant of order) {
      const started = performance.now();
      await run[variant]();
      if (round >= warmup) samples[variant].push(performance.now() - started);
    }
  }

  // Outside the timed rounds: every frame the bridge sent must satisfy core's schemas.
  session.checkFrames();

  const medianMs = Object.fromEntries(VARIANTS.map((v) => [v, median(samples[v])])) as Record<Variant, number>;
  const paired = samples.bridge.map((b, i) => b / samples.pg[i]!);
  return {
    rounds,
    samples,
    medianMs,
    ratio: medianMs.bridge / medianMs.pg,
    pairedRatio: { q1: quantile(paired, 0.25), median: median(paired), q3: quantile(paired, 0.75) },
  };
}

async function expectOne(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
  if (rows[0]?.one !== 1) throw new Error('SELECT 1 did not return 1');
}
