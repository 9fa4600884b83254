import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// core's index does not export the protocol yet; the schemas are read from source.
import { ServerFactsSchema, ServerReportSchema } from '../../../core/src/protocol/messages/test-report.js';
import { createCerts, startCluster, startStandby, type Cluster, type ConnParams, type TestCerts } from '../../../../test/harness/index.js';
import { readServerFacts, SERVER_FACTS_SQL, toServerFacts, toServerReport, type ServerFactsDetail } from './server-facts.js';

async function factsOf(params: ConnParams | (ConnParams & { host: string }), ssl: pg.ClientConfig['ssl'] = false, setup?: string): Promise<ServerFactsDetail> {
  const client = new pg.Client({ ...params, ssl });
  client.on('error', () => {});
  await client.connect();
  try {
    if (setup) await client.query(setup);
    return await readServerFacts(client);
  } finally {
    await client.end().catch(() => {});
  }
}

describe.each([15, 18] as const)('readServerFacts on PostgreSQL %i', (version) => {
  let cluster: Cluster;
  let certs: TestCerts;

  beforeAll(async () => {
    certs = await createCerts();
    cluster = await startCluster({
      version,
      ssl: { cert: certs.server.good },
      roles: [
        { name: 'alice', password: 'alice-pw' },
      ],
      databases: [{ name: 'app', owner: 'alice' }],
      settings: { timezone: 'Europe/Paris' },
    });
    await cluster.sql(`
      CREATE ROLE reader NOLOGIN; CREATE ROLE base_reader NOLOGIN; CREATE ROLE gate NOLOGIN NOINHERIT; CREATE ROLE hidden NOLOGIN;
      GRANT base_reader TO reader; GRANT reader TO alice WITH ADMIN OPTION; GRANT hidden TO gate; GRANT gate TO alice;
      ${version >= 16 ? 'CREATE ROLE noset NOLOGIN; GRANT noset TO alice WITH INHERIT TRUE, SET FALSE;' : ''}
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
    await certs?.remove();
  });

  it('reads version, recovery, read-only state and settings as the server reports them', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'alice', database: 'app' }));
    const [server] = await cluster.sql<{ version: string; num: string; enc: string; maxconn: string }>(
      "SELECT version(), current_setting('server_version_num') AS num, current_setting('server_encoding') AS enc, current_setting('max_connections') AS maxconn",
    );
    expect(facts).toMatchObject({
      versionString: server?.version,
      version: cluster.serverVersion,
      versionNumber: Number(server?.num),
      inRecovery: false,
      transactionReadOnly: false,
      defaultTransactionReadOnly: false,
      currentUser: 'alice',
      sessionUser: 'alice',
      superuser: false,
      database: 'app',
      settings: { serverEncoding: server?.enc, timeZone: 'Europe/Paris', maxConnections: Number(server?.maxconn) },
    });
    expect(facts.versionNumber).toBeGreaterThanOrEqual(version * 10_000);
    expect(facts.backendPid).toBeGreaterThan(0);
  });

  it('reads the same facts over TLS and over a Unix socket, as the superuser there', async () => {
    const tls = await factsOf(cluster.connInfo({ user: 'alice' }), { ca: certs.ca.cert, servername: 'localhost' });
    expect(tls).toMatchObject({ currentUser: 'alice', superuser: false, database: 'postgres' });
    const socket = await factsOf({ ...cluster.connInfo(), host: cluster.socketDir });
    expect(socket).toMatchObject({ currentUser: 'postgres', sessionUser: 'postgres', superuser: true });
  });

  it('reports the pid of the backend serving the session', async () => {
    const client = new pg.Client(cluster.connInfo({ user: 'alice' }));
    await client.connect();
    try {
      const facts = await readServerFacts(client);
      const [row] = await cluster.sql<{ usename: string }>(`SELECT usename FROM pg_stat_activity WHERE pid = ${facts.backendPid}`);
      expect(row?.usename).toBe('alice');
    } finally {
      await client.end();
    }
  });

  it('sees default_transaction_read_only and SET ROLE', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'alice' }), false, 'SET default_transaction_read_only = on; SET ROLE reader');
    expect(facts).toMatchObject({ defaultTransactionReadOnly: true, transactionReadOnly: true, currentUser: 'reader', sessionUser: 'alice' });
    expect(toServerFacts(facts).transactionReadOnly).toBe(true);
  });

  it('reads no table or view, so a freshly started backend answers without catalog scans', async () => {
    // What keeps the facts as cheap as a ping: the plan has no relation in it, only functions.
    const [plan] = await cluster.sql<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${SERVER_FACTS_SQL}`);
    const relations: string[] = [];
    JSON.stringify(plan?.['QUERY PLAN'], (key, value: unknown) => {
      if (key === 'Relation Name') relations.push(String(value));
      return value;
    });
    expect(relations).toEqual([]);
  });

  it('narrows to the protocol shapes', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'alice' }));
    expect(ServerFactsSchema.parse(toServerFacts(facts))).toEqual(toServerFacts(facts));
    const report = toServerReport(facts, { host: 'db.example.com', port: 5432 });
    expect(ServerReportSchema.parse(report)).toEqual({ version: cluster.serverVersion, inRecovery: false, user: 'alice', database: 'postgres', host: 'db.example.com', port: 5432 });
  });
});

describe('readServerFacts on a standby', () => {
  let primary: Cluster;
  let standby: Cluster;

  beforeAll(async () => {
    primary = await startCluster({ roles: [{ name: 'alice', password: 'alice-pw' }] });
    standby = await startStandby(primary);
  });

  afterAll(async () => {
    await standby?.stop();
    await primary?.stop();
  });

  it('reports recovery and a read-only session', async () => {
    const facts = await factsOf(standby.connInfo({ user: 'alice' }));
    expect(facts).toMatchObject({ inRecovery: true, transactionReadOnly: true, defaultTransactionReadOnly: false });
    expect(toServerFacts(facts).transactionReadOnly).toBe(true);
  });
});
