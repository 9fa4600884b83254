import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// core's index does not export the protocol yet; the schemas are read from source.
import { ServerFactsSchema, ServerReportSchema } from '../../../core/src/protocol/messages/test-report.js';
import { createCerts, startCluster, startStandby, type Cluster, type ConnParams, type TestCerts } from '../../../../test/harness/index.js';
import { readServerFacts, toServerFacts, toServerReport, type ServerFactsDetail } from './server-facts.js';

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
        { name: 'bob', password: 'bob-pw' },
      ],
      databases: [{ name: 'app', owner: 'alice' }],
      settings: { timezone: 'Europe/Paris' },
    });
    await cluster.sql(`
      CREATE ROLE reader NOLOGIN; CREATE ROLE base_reader NOLOGIN; CREATE ROLE gate NOLOGIN NOINHERIT; CREATE ROLE hidden NOLOGIN;
      GRANT base_reader TO reader; GRANT reader TO alice WITH ADMIN OPTION; GRANT hidden TO gate; GRANT gate TO alice;
      ALTER ROLE bob NOINHERIT CREATEDB CONNECTION LIMIT 5 VALID UNTIL '2031-02-03 04:05:06+00';
      GRANT reader TO bob;
      ${version >= 16 ? 'CREATE ROLE noset NOLOGIN; GRANT noset TO alice WITH INHERIT TRUE, SET FALSE;' : ''}
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
    await certs?.remove();
  });

  it('reads version, recovery, read-only state and settings as the server reports them', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'alice', database: 'app' }));
    const [server] = await cluster.sql<{ version: string; num: string; enc: string; maxconn: string; pwenc: string }>(
      "SELECT version(), current_setting('server_version_num') AS num, current_setting('server_encoding') AS enc, current_setting('max_connections') AS maxconn, current_setting('password_encryption') AS pwenc",
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
      database: 'app',
      serverAddress: '127.0.0.1',
      serverPort: cluster.port,
      clientAddress: '127.0.0.1',
      settings: { serverEncoding: server?.enc, timeZone: 'Europe/Paris', maxConnections: Number(server?.maxconn), ssl: true, passwordEncryption: server?.pwenc },
    });
    expect(facts.versionNumber).toBeGreaterThanOrEqual(version * 10_000);
    expect(facts.backendPid).toBeGreaterThan(0);
  });

  it('reports the TLS the server negotiated, and none over plaintext', async () => {
    const tls = await factsOf(cluster.connInfo({ user: 'alice' }), { ca: certs.ca.cert, servername: 'localhost' });
    expect(tls.tls).toMatchObject({ encrypted: true, protocol: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String), bits: expect.any(Number) });
    const plain = await factsOf(cluster.connInfo({ user: 'alice' }));
    expect(plain.tls).toEqual({ encrypted: false, protocol: null, cipher: null, bits: null });
  });

  it('reports no server address over a Unix socket', async () => {
    const facts = await factsOf({ ...cluster.connInfo(), host: cluster.socketDir });
    expect(facts).toMatchObject({ serverAddress: null, serverPort: null, clientAddress: null, currentUser: 'postgres' });
    expect(facts.role.superuser).toBe(true);
  });

  it('sees default_transaction_read_only and SET ROLE', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'alice' }), false, 'SET default_transaction_read_only = on; SET ROLE reader');
    expect(facts).toMatchObject({ defaultTransactionReadOnly: true, transactionReadOnly: true, currentUser: 'reader', sessionUser: 'alice' });
    expect(toServerFacts(facts).transactionReadOnly).toBe(true);
  });

  it('reads role attributes', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'bob' }));
    expect(facts.role).toEqual({
      name: 'bob',
      superuser: false,
      createDb: true,
      createRole: false,
      replication: false,
      bypassRls: false,
      inherit: false,
      canLogin: true,
      connectionLimit: 5,
      validUntil: '2031-02-03T04:05:06.000Z',
    });
  });

  it('lists direct and inherited memberships with their options, agreeing with pg_has_role()', async () => {
    const client = new pg.Client(cluster.connInfo({ user: 'alice', database: 'app' }));
    client.on('error', () => {});
    await client.connect();
    try {
      const facts = await readServerFacts(client);
      const byRole = Object.fromEntries(facts.memberships.map((m) => [m.role, m]));
      expect(byRole.reader).toMatchObject({ via: null, depth: 1, admin: true, inheritOption: true, usage: true, set: true });
      expect(byRole.base_reader).toMatchObject({ via: 'reader', depth: 2, admin: false, usage: true });
      expect(byRole.gate).toMatchObject({ via: null, inheritOption: true, usage: true });
      // gate is NOINHERIT, so the privileges of hidden stop there; alice can still SET ROLE hidden.
      expect(byRole.hidden).toMatchObject({ via: 'gate', depth: 2, inheritOption: false, usage: false, set: true });
      // alice owns database app, which makes her an implicit member of pg_database_owner.
      expect(byRole.pg_database_owner).toMatchObject({ via: null, usage: true });
      if (version >= 16) expect(byRole.noset).toMatchObject({ inheritOption: true, setOption: false, usage: true, set: false });
      // The oracle: what the server's own functions say for every role listed.
      const { rows } = await client.query<{ rolname: string; usage: boolean; member: boolean }>(
        "SELECT rolname, pg_has_role(oid, 'USAGE') AS usage, pg_has_role(oid, 'MEMBER') AS member FROM pg_roles WHERE rolname <> current_user",
      );
      const members = rows.filter((r) => r.member);
      expect(facts.memberships.map((m) => m.role).sort()).toEqual(members.map((r) => r.rolname).sort());
      for (const r of members) expect(byRole[r.rolname]?.usage, r.rolname).toBe(r.usage);
    } finally {
      await client.end();
    }
  });

  it('sees through a NOINHERIT role: memberships are listed, privileges not inherited', async () => {
    const facts = await factsOf(cluster.connInfo({ user: 'bob' }));
    expect(facts.memberships.map((m) => [m.role, m.usage])).toEqual([
      ['reader', false],
      ['base_reader', false],
    ]);
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
