/**
 * Budget: Test Connection through the bridge costs at most 1.15× the same connect + ping with bare `pg`
 * (DESIGN §8). Four ways to reach the same server:
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
 * Two phases, each in rounds of rotating order so drift hits all variants alike:
 * - the budget: pg and bridge, alternating, so each process runs every other test and sits idle as long as
 *   the other between its turns. (Rotating all four together gives this process three turns in four and the
 *   bridge process one: measured on this machine with the same warm-up, that layout alone puts the bridge
 *   about 0.12× further behind — 1.25 against 1.12 — without the bridge doing anything differently.)
 * - the layers: pg, engine and engine+facts, all in this process, to show what each layer costs.
 *
 * Warm-up: every variant runs the same number of untimed rounds first, long enough for V8 to optimise the
 * paths in both processes (a path V8 has not optimised yet costs a bridge on this machine 10–20% more per
 * test). How a freshly started bridge does is reported too (`freshRatio`, from the first warm-up rounds), as
 * information.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { ConnectionProfile } from '@pgconnect/core';
import { Logger, readServerFacts, Redactor, testConnection } from '@pgconnect/bridge';
import type { BridgeClient } from './bridge-client.js';
import { median, quantile } from './stats.js';

export type Variant = 'pg' | 'engine' | 'engine+facts' | 'bridge';

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
  /** The budget phase: pg and bridge alternating. */
  samples: Record<'pg' | 'bridge', number[]>;
  medianMs: Record<'pg' | 'bridge', number>;
  /** The layers phase: pg, engine and engine+facts in this process. */
  layersMs: Record<'pg' | 'engine' | 'engine+facts', number>;
  /** bridge / pg, from the medians: the budget figure. */
  ratio: number;
  /** Quartiles of the per-round ratio bridge_i / pg_i: how sure the median ratio is. */
  pairedRatio: { q1: number; median: number; q3: number };
  /** bridge / pg over the first {@link FRESH_ROUNDS} warm-up rounds: a bridge just started, its paths not yet optimised. */
  freshRatio: number | undefined;
}

/** Warm-up rounds whose times are kept to show how a freshly started bridge compares. */
export const FRESH_ROUNDS = 30;

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

  const budget = await measureRounds(['pg', 'bridge'], run, warmup, rounds);
  // Outside the timed rounds: every frame the bridge sent must satisfy core's schemas.
  session.checkFrames();
  const layers = await measureRounds(['pg', 'engine', 'engine+facts'], run, Math.min(warmup, LAYERS_WARMUP), rounds);

  const medianMs = { pg: median(budget.samples.pg!), bridge: median(budget.samples.bridge!) };
  const paired = budget.samples.bridge!.map((b, i) => b / budget.samples.pg![i]!);
  return {
    rounds,
    samples: { pg: budget.samples.pg!, bridge: budget.samples.bridge! },
    medianMs,
    layersMs: { pg: median(layers.samples.pg!), engine: median(layers.samples.engine!), 'engine+facts': median(layers.samples['engine+facts']!) },
    ratio: medianMs.bridge / medianMs.pg,
    pairedRatio: { q1: quantile(paired, 0.25), median: median(paired), q3: quantile(paired, 0.75) },
    freshRatio: budget.fresh.bridge!.length === 0 ? undefined : median(budget.fresh.bridge!) / median(budget.fresh.pg!),
  };
}

/** The in-process variants share their code with the baseline: a shorter warm-up is enough for them. */
const LAYERS_WARMUP = 100;

/** Runs `variants` in rotating order (AB, BA, …): `warmup` untimed rounds, then `rounds` timed ones. */
async function measureRounds(variants: Variant[], run: Record<Variant, () => Promise<void>>, warmup: number, rounds: number) {
  const samples: Partial<Record<Variant, number[]>> = Object.fromEntries(variants.map((v) => [v, []]));
  const fresh: Partial<Record<Variant, number[]>> = Object.fromEntries(variants.map((v) => [v, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
    for (const variant of order) {
      const started = performance.now();
      await run[variant]();
      const elapsed = performance.now() - started;
      if (round >= warmup) samples[variant]!.push(elapsed);
      else if (round < FRESH_ROUNDS) fresh[variant]!.push(elapsed);
    }
  }
  return { samples, fresh };
}

async function expectOne(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
  if (rows[0]?.one !== 1) throw new Error('SELECT 1 did not return 1');
}
