import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../../test/harness/index.js';
import type { MembershipRow } from './memberships.js';
import { readPrivileges } from './privileges.js';

/** The memberships as the privilege report reads them (memberships.ts's SQL is embedded there). */
async function withMemberships<T>(cluster: Cluster, user: string, database: string, fn: (memberships: MembershipRow[], client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(cluster.connInfo({ user, database }));
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn((await readPrivileges(client)).memberships, client);
  } finally {
    await client.end().catch(() => {});
  }
}

describe.each([15, 18] as const)('memberships on PostgreSQL %i', (version) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      version,
      roles: [
        { name: 'alice', password: 'alice-pw' },
        { name: 'bob', password: 'bob-pw' },
      ],
      databases: [{ name: 'app', owner: 'alice' }],
    });
    await cluster.sql(`
      CREATE ROLE reader NOLOGIN; CREATE ROLE base_reader NOLOGIN; CREATE ROLE gate NOLOGIN NOINHERIT; CREATE ROLE hidden NOLOGIN;
      GRANT base_reader TO reader; GRANT reader TO alice WITH ADMIN OPTION; GRANT hidden TO gate; GRANT gate TO alice;
      ALTER ROLE bob NOINHERIT;
      GRANT reader TO bob;
      ${version >= 16 ? 'CREATE ROLE noset NOLOGIN; GRANT noset TO alice WITH INHERIT TRUE, SET FALSE;' : ''}
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('lists direct and inherited memberships with their options, agreeing with pg_has_role()', async () => {
    await withMemberships(cluster, 'alice', 'app', async (memberships, client) => {
      const byRole = Object.fromEntries(memberships.map((m) => [m.role, m]));
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
      expect(memberships.map((m) => m.role).sort()).toEqual(members.map((r) => r.rolname).sort());
      for (const r of members) expect(byRole[r.rolname]?.usage, r.rolname).toBe(r.usage);
    });
  });

  it('sees through a NOINHERIT role: memberships are listed, privileges not inherited', async () => {
    await withMemberships(cluster, 'bob', 'postgres', async (memberships) => {
      expect(memberships.map((m) => [m.role, m.usage])).toEqual([
        ['reader', false],
        ['base_reader', false],
      ]);
    });
  });
});
