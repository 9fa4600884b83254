/**
 * Benchmark for the effective-privilege report (DESIGN.md §8): on a database with 10,000 tables, 2,000
 * sequences, 1,000 functions and an inherited role hierarchy, the report must take ≤ 500 ms and beat
 * Neosync's information_schema query on the same database, measured in the same run.
 *
 *   npx tsx packages/bridge/bench/privileges.bench.ts [--runs N] [--pg 15|18]
 *
 * With PGCONNECT_BENCH_URL (a superuser connection string to a server of your own) the bench database is
 * built there once and reused: a marker table records the shape it was built with. Without it, the bench
 * starts a throwaway PostgreSQL from test/harness and builds the database in it (about a minute).
 *
 * Prints medians, the ratio and the verdict, then one JSON line; exits 1 when the budget is missed.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startCluster, type Cluster } from '../../../test/harness/index.js';
import { NEOSYNC_TABLE_PRIVILEGES_SQL } from '../src/inspect/neosync-baseline.js';
import { DEFAULT_MAX_ROWS, readPrivileges } from '../src/inspect/privileges.js';

const BUDGET_MS = 500;
const DATABASE = 'pgconnect_bench';
const USER = 'bench_user';
const USER_PASSWORD = 'bench-user-pw';

/** The shape of the bench database. Changing it changes the marker, which rebuilds the database. */
const SHAPE = { schemas: 20, tablesPerSchema: 500, sequencesPerSchema: 100, functionsPerSchema: 50 } as const;
const MARKER = `v1 ${JSON.stringify(SHAPE)}`;

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '9' }, pg: { type: 'string', default: '18' } } });
const runs = Math.max(1, Number(args.runs));

/**
 * Roles, as a production database often has them:
 *   bench_owner   owns every schema and object (the migration role)
 *   bench_user ─ bench_mid ─ bench_base     the login role reaches its main grants two levels up
 *   bench_user ─ bench_gate (NOINHERIT) ─ bench_hidden   grants that must not count
 * Default privileges make each new object carry its grants from the start, so the ACLs look like
 * those of a real schema rather than one giant GRANT ... ON ALL TABLES.
 */
const ROLES_SQL = `
  DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_owner') THEN
      CREATE ROLE bench_owner NOLOGIN; CREATE ROLE bench_base NOLOGIN; CREATE ROLE bench_mid NOLOGIN;
      CREATE ROLE bench_gate NOLOGIN NOINHERIT; CREATE ROLE bench_hidden NOLOGIN;
      CREATE ROLE ${USER} LOGIN PASSWORD '${USER_PASSWORD}';
      GRANT bench_base TO bench_mid; GRANT bench_mid TO ${USER}; GRANT bench_hidden TO bench_gate; GRANT bench_gate TO ${USER};
    END IF;
  END $$`;

/**
 * One schema: its default privileges, then its objects, committing every 100 so no transaction holds
 * thousands of locks. Separate statements, because a DO block may COMMIT only when sent on its own.
 */
function schemaStatements(index: number): string[] {
  const schema = `s${String(index).padStart(2, '0')}`;
  // Schemas 0–9 are readable through bench_base, 0–4 also writable through bench_mid, 10–11 granted to the
  // user directly, 12 to PUBLIC, 13–14 only to bench_hidden (behind NOINHERIT), 15–19 not at all.
  const tableGrants = [
    index < 10 && 'GRANT SELECT ON TABLES TO bench_base',
    index < 5 && 'GRANT INSERT, UPDATE, DELETE ON TABLES TO bench_mid',
    index >= 10 && index < 12 && `GRANT SELECT, INSERT ON TABLES TO ${USER}`,
    index === 12 && 'GRANT SELECT ON TABLES TO PUBLIC',
    index >= 13 && index < 15 && 'GRANT SELECT, UPDATE ON TABLES TO bench_hidden',
    index < 10 && 'GRANT USAGE ON SEQUENCES TO bench_mid',
    'REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC',
    index % 2 === 0 && 'GRANT EXECUTE ON FUNCTIONS TO bench_base',
  ].filter((grant): grant is string => typeof grant === 'string');
  return [
    `CREATE SCHEMA ${schema} AUTHORIZATION bench_owner;
     GRANT USAGE ON SCHEMA ${schema} TO ${index < 15 ? 'bench_base' : 'bench_hidden'};
     ${tableGrants.map((grant) => `ALTER DEFAULT PRIVILEGES FOR ROLE bench_owner IN SCHEMA ${schema} ${grant};`).join('\n     ')}`,
    'SET ROLE bench_owner',
    `DO $$ BEGIN
      FOR i IN 1..${SHAPE.tablesPerSchema} LOOP
        EXECUTE format('CREATE TABLE ${schema}.t%s (id bigint PRIMARY KEY, name text, amount numeric, created timestamptz)', i);
        -- A few column-level grants, as for a table exposed only in part.
        IF i % 100 = 0 THEN EXECUTE format('GRANT SELECT (id, name) ON ${schema}.t%s TO bench_mid', i); END IF;
        IF i % 100 = 0 THEN COMMIT; END IF;
      END LOOP;
      FOR i IN 1..${SHAPE.sequencesPerSchema} LOOP
        EXECUTE format('CREATE SEQUENCE ${schema}.seq%s', i);
      END LOOP;
      COMMIT;
      FOR i IN 1..${SHAPE.functionsPerSchema} LOOP
        EXECUTE format('CREATE FUNCTION ${schema}.f%s(a int) RETURNS int LANGUAGE sql IMMUTABLE AS ''SELECT a + %s''', i, i);
      END LOOP;
    END $$`,
    'RESET ROLE',
  ];
}

async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', (error) => console.error('bench connection error:', error.message));
  await client.connect();
  return client;
}

/** Creates and fills the bench database unless its marker says it is already there with this shape. */
async function ensureDatabase(admin: pg.ClientConfig): Promise<void> {
  const server = await connect(admin);
  try {
    const { rows } = await server.query('SELECT FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rows.length > 0) {
      const bench = await connect({ ...admin, database: DATABASE });
      try {
        const marker = await bench.query<{ shape: string }>("SELECT shape FROM public.pgconnect_bench_marker WHERE to_regclass('public.pgconnect_bench_marker') IS NOT NULL").catch(() => ({ rows: [] }));
        if (marker.rows[0]?.shape === MARKER) {
          console.log(`reusing database ${DATABASE} (${MARKER})`);
          return;
        }
      } finally {
        await bench.end();
      }
      await server.query(`DROP DATABASE ${DATABASE}`);
    }
    await server.query(ROLES_SQL);
    await server.query(`CREATE DATABASE ${DATABASE} OWNER bench_owner`);
  } finally {
    await server.end();
  }

  const started = performance.now();
  const bench = await connect({ ...admin, database: DATABASE });
  try {
    await bench.query(`GRANT CONNECT ON DATABASE ${DATABASE} TO ${USER}; GRANT CREATE ON DATABASE ${DATABASE} TO bench_mid`);
    for (let i = 0; i < SHAPE.schemas; i++) {
      for (const statement of schemaStatements(i)) await bench.query(statement);
      process.stdout.write(`\rbuilding ${DATABASE}: schema ${i + 1}/${SHAPE.schemas}`);
    }
    // The marker goes in last: an interrupted build is rebuilt next time.
    await bench.query('CREATE TABLE public.pgconnect_bench_marker (shape text NOT NULL)');
    await bench.query('INSERT INTO public.pgconnect_bench_marker VALUES ($1)', [MARKER]);
    // Settle the catalogs as autovacuum would on a live server; a freshly built pg_class full of dead
    // tuples and unset hint bits slows both queries and flatters the comparison.
    await bench.query('VACUUM ANALYZE');
  } finally {
    await bench.end();
  }
  console.log(`\rbuilt ${DATABASE} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main(): Promise<void> {
  let cluster: Cluster | undefined;
  let admin: pg.ClientConfig;
  let userConfig: pg.ClientConfig;
  if (process.env.PGCONNECT_BENCH_URL) {
    // Discrete fields, because pg lets a connection string override the database and user set beside it.
    const url = new URL(process.env.PGCONNECT_BENCH_URL);
    const host = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
    admin = { host, port: Number(url.port || 5432), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: 'postgres' };
    userConfig = { host, port: Number(url.port || 5432), user: USER, password: USER_PASSWORD, database: DATABASE };
    console.log(`server: ${url.host} (PGCONNECT_BENCH_URL)`);
  } else {
    const version = args.pg === '15' ? 15 : 18;
    // The harness's 16MB of shared_buffers is less than this database's catalogs (pg_class alone is 10MB), so
    // every query would re-read them from the OS; PostgreSQL's own default, 128MB, holds them, as on a real server.
    cluster = await startCluster({ version, maxConnections: 20, settings: { shared_buffers: '128MB', max_locks_per_transaction: 1024 } });
    admin = cluster.connInfo();
    userConfig = { ...cluster.connInfo({ database: DATABASE }), user: USER, password: USER_PASSWORD };
    console.log(`server: throwaway PostgreSQL ${cluster.serverVersion} from test/harness`);
  }
  try {
    await ensureDatabase(admin);
    const client = await connect(userConfig);
    try {
      const ours = (maxRows?: number) => () => readPrivileges(client, maxRows === undefined ? {} : { maxRows });
      const neosync = () => client.query(NEOSYNC_TABLE_PRIVILEGES_SQL);
      const sample = await readPrivileges(client, { maxRows: 20_000 });
      const { totals } = sample.report;
      console.log(`database: ${totals.tables} tables, ${totals.sequences} sequences, ${totals.functions} functions in ${totals.schemas} schemas; user ${USER}`);
      console.log(`report:   ${sample.summary.verdict.slice(0, 4).join(' ')} …`);

      // Warm the catalog caches of this backend for all three, then alternate so drift hits each alike.
      for (const fn of [ours(), ours(20_000), neosync]) await fn();
      const samples = { report: [] as number[], reportFull: [] as number[], neosync: [] as number[] };
      for (let i = 0; i < runs; i++) {
        samples.report.push(await time(ours()));
        samples.reportFull.push(await time(ours(20_000)));
        samples.neosync.push(await time(neosync));
      }
      const result = {
        server: cluster ? `PostgreSQL ${cluster.serverVersion}` : 'PGCONNECT_BENCH_URL',
        runs,
        objects: totals,
        medianMs: { report: round(median(samples.report)), reportFullDetail: round(median(samples.reportFull)), neosync: round(median(samples.neosync)) },
        ratio: 0,
        budgetMs: BUDGET_MS,
        ok: false,
      };
      result.ratio = round(result.medianMs.neosync / result.medianMs.report);
      result.ok = result.medianMs.report <= BUDGET_MS && result.medianMs.report < result.medianMs.neosync;

      console.log('');
      console.log(`effective-privilege report (default cap, ${DEFAULT_MAX_ROWS} rows per list)    median ${result.medianMs.report} ms`);
      console.log(`effective-privilege report (all ${totals.tables + totals.sequences + totals.functions} objects in detail)   median ${result.medianMs.reportFullDetail} ms`);
      console.log(`Neosync information_schema.table_privileges query        median ${result.medianMs.neosync} ms`);
      console.log(`Neosync / report: ${result.ratio}×   budget ≤ ${BUDGET_MS} ms and faster than Neosync: ${result.ok ? 'MET' : 'MISSED'}`);
      console.log(JSON.stringify({ bench: 'privileges', ...result }));
      if (!result.ok) process.exitCode = 1;
    } finally {
      await client.end();
    }
  } finally {
    await cluster?.stop();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

await main();
