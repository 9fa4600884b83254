import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// core's index does not export the protocol yet; the schemas are read from source.
import { PrivilegeReportSchema } from '../../../core/src/protocol/messages/test-report.js';
import { startCluster, type Cluster } from '../../../../test/harness/index.js';
import { NEOSYNC_TABLE_PRIVILEGES_SQL } from './neosync-baseline.js';
import { readPrivileges, type PrivilegeInspection } from './privileges.js';

/**
 * One database with every way a privilege can reach a role (and some ways it must not). Roles:
 *
 *   alice  (LOGIN, INHERIT) ─ reader ─ base_reader     grants two levels up count
 *          ├ gate (NOINHERIT) ─ hidden                 hidden's grants must not count: gate does not inherit
 *          ├ team                                      team owns tables: the owner's rights are inherited
 *          └ noinh (PG16+, granted WITH INHERIT FALSE)  must not count either
 *   bob    (LOGIN, NOINHERIT) ─ reader                 reader's grants must not count
 *   dbowner owns the database, so it holds pg_database_owner, which owns schema public (PG15+)
 *   auditor ∈ pg_read_all_data, pg_write_all_data (and pg_maintain on PG17+)
 *   root   SUPERUSER;  nobody: only CONNECT
 */
const LOGIN_USERS = ['alice', 'bob', 'dbowner', 'auditor', 'root', 'nobody'] as const;

function scenario(version: number): string {
  const pg16 = version >= 16;
  const pg17 = version >= 17;
  return `
    CREATE ROLE reader NOLOGIN; CREATE ROLE base_reader NOLOGIN; CREATE ROLE gate NOLOGIN NOINHERIT;
    CREATE ROLE hidden NOLOGIN; CREATE ROLE team NOLOGIN; CREATE ROLE noinh NOLOGIN;
    ALTER ROLE bob NOINHERIT;
    GRANT base_reader TO reader; GRANT reader TO alice; GRANT hidden TO gate; GRANT gate TO alice;
    GRANT team TO alice WITH ADMIN OPTION; GRANT reader TO bob;
    ${pg16 ? 'GRANT noinh TO alice WITH INHERIT FALSE;' : ''}
    GRANT pg_read_all_data, pg_write_all_data TO auditor; ${pg17 ? 'GRANT pg_maintain TO auditor;' : ''}

    -- Database: PUBLIC loses its default CONNECT and TEMP; alice gets CONNECT only through reader.
    REVOKE CONNECT, TEMPORARY ON DATABASE app FROM PUBLIC;
    GRANT CONNECT ON DATABASE app TO reader, bob, auditor, nobody;
    GRANT TEMPORARY ON DATABASE app TO alice;
    GRANT CREATE ON DATABASE app TO base_reader;

    -- Schemas. PG15+ already gives PUBLIC no CREATE on public; the REVOKE states it for every version.
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO base_reader; GRANT CREATE ON SCHEMA app TO alice;
    CREATE SCHEMA secret;
    CREATE SCHEMA team_schema AUTHORIZATION team;
    CREATE SCHEMA for_hidden; GRANT USAGE, CREATE ON SCHEMA for_hidden TO hidden;

    CREATE TABLE t_direct (id serial PRIMARY KEY, name text);
    GRANT SELECT, INSERT ON t_direct TO alice WITH GRANT OPTION;
    CREATE TABLE t_inherited1 (id int); GRANT UPDATE ON t_inherited1 TO reader;
    CREATE TABLE t_inherited2 (id int); GRANT SELECT, DELETE ON t_inherited2 TO base_reader;
    CREATE TABLE t_noinherit (id int); GRANT SELECT ON t_noinherit TO hidden; GRANT TRUNCATE ON t_noinherit TO noinh;
    CREATE TABLE t_public (id int); GRANT SELECT ON t_public TO PUBLIC; GRANT SELECT ON t_public TO alice;
    CREATE TABLE t_cols (id int, name text, secret text);
    GRANT SELECT (id, name) ON t_cols TO alice; GRANT UPDATE (name) ON t_cols TO reader; GRANT INSERT (id) ON t_cols TO hidden;
    GRANT REFERENCES (id) ON t_cols TO PUBLIC;
    CREATE TABLE t_owned (id int); ALTER TABLE t_owned OWNER TO alice;
    -- An owner without UPDATE on its own table: ownership is the owner's ACL entry, not a bypass.
    CREATE TABLE t_owned_revoked (id int); ALTER TABLE t_owned_revoked OWNER TO alice; REVOKE UPDATE ON t_owned_revoked FROM alice;
    CREATE TABLE t_team (id int); ALTER TABLE t_team OWNER TO team;
    CREATE TABLE team_schema.t (id int); ALTER TABLE team_schema.t OWNER TO team;
    CREATE TABLE t_rls (id int); ALTER TABLE t_rls ENABLE ROW LEVEL SECURITY; GRANT SELECT ON t_rls TO alice;
    CREATE VIEW v_view AS SELECT id FROM t_inherited2; GRANT SELECT ON v_view TO reader;
    CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one; GRANT SELECT ON mv TO PUBLIC;
    CREATE TABLE parted (id int) PARTITION BY RANGE (id);
    CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (100);
    GRANT INSERT ON parted TO base_reader;
    CREATE FOREIGN DATA WRAPPER dummy_fdw; CREATE SERVER dummy_server FOREIGN DATA WRAPPER dummy_fdw;
    CREATE FOREIGN TABLE ft (id int) SERVER dummy_server; GRANT SELECT, TRIGGER ON ft TO alice;
    CREATE TABLE t_nothing (id int);
    CREATE TABLE app.t1 (id int); GRANT SELECT ON app.t1 TO base_reader;
    CREATE TABLE app.t2 (id int);
    ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, REFERENCES ON TABLES TO reader;
    CREATE TABLE app.t3 (id int);
    CREATE TABLE secret.t_hidden (id int); GRANT SELECT ON secret.t_hidden TO alice;
    CREATE TABLE for_hidden.t (id int); GRANT SELECT ON for_hidden.t TO hidden;

    CREATE SEQUENCE s_direct; GRANT USAGE ON SEQUENCE s_direct TO alice;
    CREATE SEQUENCE s_inherited; GRANT SELECT, UPDATE ON SEQUENCE s_inherited TO base_reader;
    CREATE SEQUENCE s_public; GRANT USAGE ON SEQUENCE s_public TO PUBLIC;
    CREATE SEQUENCE s_hidden; GRANT USAGE ON SEQUENCE s_hidden TO hidden;
    CREATE SEQUENCE s_none;

    CREATE FUNCTION f_default(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
    CREATE FUNCTION f_default(a text, b text) RETURNS text LANGUAGE sql AS 'SELECT a || b';
    CREATE FUNCTION f_revoked() RETURNS int LANGUAGE sql AS 'SELECT 1';
    REVOKE EXECUTE ON FUNCTION f_revoked() FROM PUBLIC; GRANT EXECUTE ON FUNCTION f_revoked() TO base_reader;
    CREATE FUNCTION f_none() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION f_none() FROM PUBLIC;
    CREATE FUNCTION f_hidden() RETURNS int LANGUAGE sql AS 'SELECT 1';
    REVOKE EXECUTE ON FUNCTION f_hidden() FROM PUBLIC; GRANT EXECUTE ON FUNCTION f_hidden() TO hidden;
    CREATE PROCEDURE p_proc() LANGUAGE sql AS 'SELECT 1';
    REVOKE EXECUTE ON PROCEDURE p_proc() FROM PUBLIC; GRANT EXECUTE ON PROCEDURE p_proc() TO alice;
    CREATE AGGREGATE agg_sum(int) (SFUNC = int4pl, STYPE = int);
    CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
  `;
}

/**
 * What the server's own privilege functions say, for every object the report covers: the oracle. Keys are
 * "class schema.name(args)"; nothing here is guessed by hand.
 */
const ORACLE_SQL = `
  WITH nsp AS (SELECT oid, nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema')
  SELECT 'table ' || n.nspname || '.' || c.relname AS key,
         array(SELECT p FROM unnest($1::text[]) p WHERE has_table_privilege(c.oid, p)) AS privileges
  FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
  SELECT 'sequence ' || n.nspname || '.' || c.relname,
         array(SELECT p FROM unnest('{USAGE,SELECT,UPDATE}'::text[]) p WHERE has_sequence_privilege(c.oid, p))
  FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace WHERE c.relkind = 'S'
  UNION ALL
  SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
         CASE WHEN has_function_privilege(p.oid, 'EXECUTE') THEN '{EXECUTE}'::text[] ELSE '{}' END
  FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace
  UNION ALL
  SELECT 'schema ' || n.nspname,
         array(SELECT p FROM unnest('{USAGE,CREATE}'::text[]) p WHERE has_schema_privilege(n.oid, p))
  FROM nsp n
  UNION ALL
  SELECT 'database ' || current_database(),
         array(SELECT p FROM unnest('{CONNECT,CREATE,TEMPORARY}'::text[]) p WHERE has_database_privilege(current_database(), p))
  UNION ALL
  -- Column grants the table-level check does not cover: what the report calls partial.
  SELECT 'partial ' || n.nspname || '.' || c.relname || ' ' || p,
         array(SELECT a.attname::text FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND has_column_privilege(c.oid, a.attnum, p)
               ORDER BY a.attname)
  FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace, unnest('{SELECT,INSERT,UPDATE,REFERENCES}'::text[]) p
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT has_table_privilege(c.oid, p)
    AND has_any_column_privilege(c.oid, p)`;

/** The report flattened into the oracle's keys. */
function flatten(inspection: PrivilegeInspection): Map<string, string[]> {
  const { report, summary } = inspection;
  const map = new Map<string, string[]>();
  for (const t of report.tables) map.set(`table ${t.schema}.${t.name}`, [...t.privileges]);
  for (const s of report.sequences) map.set(`sequence ${s.schema}.${s.name}`, [...s.privileges]);
  for (const f of report.functions) map.set(`function ${f.schema}.${f.name}(${f.arguments})`, [...f.privileges]);
  for (const s of report.schemas) map.set(`schema ${s.name}`, [...(s.usage ? ['USAGE'] : []), ...(s.create ? ['CREATE'] : [])]);
  const db = report.database;
  map.set(`database ${db.name}`, [...(db.connect ? ['CONNECT'] : []), ...(db.create ? ['CREATE'] : []), ...(db.temp ? ['TEMPORARY'] : [])]);
  for (const p of summary.partial) map.set(`partial ${p.schema}.${p.table} ${p.privilege}`, [...p.columns]);
  return map;
}

const sorted = (map: Map<string, string[]>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));

describe.each([15, 18] as const)('readPrivileges on PostgreSQL %i', (version) => {
  let cluster: Cluster;
  const clients = new Map<string, pg.Client>();
  const reports = new Map<string, PrivilegeInspection>();

  /** A session of `user` in database app, kept for the whole suite. */
  async function session(user: string): Promise<pg.Client> {
    let client = clients.get(user);
    if (!client) {
      client = new pg.Client(cluster.connInfo({ user, database: 'app' }));
      client.on('error', () => {});
      await client.connect();
      clients.set(user, client);
    }
    return client;
  }

  beforeAll(async () => {
    cluster = await startCluster({
      version,
      roles: LOGIN_USERS.map((name) => ({ name, password: `${name}-pw`, superuser: name === 'root' })),
      databases: [{ name: 'app', owner: 'dbowner' }],
    });
    const admin = await session(cluster.superuser.name);
    await admin.query(scenario(version));
    for (const user of LOGIN_USERS) reports.set(user, await readPrivileges(await session(user), { maxRows: 20_000 }));
  });

  afterAll(async () => {
    for (const client of clients.values()) await client.end().catch(() => {});
    await cluster?.stop();
  });

  const report = (user: string) => reports.get(user) as PrivilegeInspection;

  it.each(LOGIN_USERS)('equals has_*_privilege() for every object and privilege as %s', async (user) => {
    const client = await session(user);
    const tablePrivileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', ...(version >= 17 ? ['MAINTAIN'] : [])];
    const { rows } = await client.query<{ key: string; privileges: string[] }>(ORACLE_SQL, [tablePrivileges]);
    const expected = new Map(rows.filter((r) => !r.key.startsWith('partial ') || r.privileges.length > 0).map((r) => [r.key, r.privileges]));
    const actual = flatten(report(user));
    expect(sorted(actual)).toEqual(sorted(expected));
    // Every object is compared: 22 tables and views, 6 sequences, 8 routines, 5 schemas, the database (and partial grants).
    expect(expected.size).toBeGreaterThanOrEqual(42);
  });

  it.each(LOGIN_USERS)('fits the protocol schema as %s', (user) => {
    expect(() => PrivilegeReportSchema.parse(report(user).report)).not.toThrow();
  });

  it('counts grants two levels up the membership chain and names the role they come through', () => {
    const tables = new Map(report('alice').report.tables.map((t) => [t.name, t]));
    expect(tables.get('t_inherited2')).toMatchObject({ privileges: ['SELECT', 'DELETE'], via: { SELECT: 'base_reader', DELETE: 'base_reader' } });
    expect(tables.get('t_inherited1')).toMatchObject({ privileges: ['UPDATE'], via: { UPDATE: 'reader' } });
    expect(tables.get('parted')).toMatchObject({ kind: 'partitionedTable', privileges: ['INSERT'], via: { INSERT: 'base_reader' } });
    expect(report('alice').report.database).toEqual({ name: 'app', connect: true, create: true, temp: true });
  });

  it('omits via for the role’s own grants and prefers them over PUBLIC', () => {
    const tables = new Map(report('alice').report.tables.map((t) => [t.name, t]));
    expect(tables.get('t_direct')).toEqual({ schema: 'public', name: 't_direct', kind: 'table', rowSecurity: false, privileges: ['SELECT', 'INSERT'] });
    expect(tables.get('t_public')?.via).toBeUndefined();
    expect(tables.get('mv')).toMatchObject({ kind: 'materializedView', privileges: ['SELECT'], via: { SELECT: 'PUBLIC' } });
  });

  it('does not count grants behind a NOINHERIT link', () => {
    const alice = new Map(report('alice').report.tables.map((t) => [t.name, t]));
    expect(alice.get('t_noinherit')?.privileges).toEqual([]);
    expect(report('alice').report.schemas.find((s) => s.name === 'for_hidden')).toMatchObject({ usage: false, create: false });
    const bob = new Map(report('bob').report.tables.map((t) => [t.name, t]));
    expect(bob.get('t_inherited2')?.privileges).toEqual([]);
    expect(bob.get('t_public')).toMatchObject({ privileges: ['SELECT'], via: { SELECT: 'PUBLIC' } });
  });

  it('reports ownership as the owner’s own grants, also when inherited, and respects a revoked owner privilege', () => {
    const tables = new Map(report('alice').report.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    expect(tables.get('public.t_owned')?.privileges).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', ...(version >= 17 ? ['MAINTAIN'] : [])]);
    expect(tables.get('public.t_owned')?.via).toBeUndefined();
    expect(tables.get('public.t_owned_revoked')?.privileges).not.toContain('UPDATE');
    expect(tables.get('public.t_team')?.via?.SELECT).toBe('team');
    expect(report('alice').report.schemas.find((s) => s.name === 'team_schema')).toEqual({ name: 'team_schema', owner: true, usage: true, create: true });
  });

  it('reports column-level grants as partial access', () => {
    expect(report('alice').summary.partial).toEqual([
      // REFERENCES (id) went to PUBLIC; INSERT (id) to hidden, which alice does not inherit from.
      { schema: 'public', table: 't_cols', privilege: 'REFERENCES', columns: ['id'] },
      { schema: 'public', table: 't_cols', privilege: 'SELECT', columns: ['id', 'name'] },
      { schema: 'public', table: 't_cols', privilege: 'UPDATE', columns: ['name'] },
    ]);
  });

  it('gives the database owner the rights of pg_database_owner on schema public', () => {
    const { report: r, memberships } = report('dbowner');
    expect(r.schemas.find((s) => s.name === 'public')).toEqual({ name: 'public', owner: true, usage: true, create: true });
    expect(memberships.map((m) => m.role)).toContain('pg_database_owner');
  });

  it('credits the predefined pg_read_all_data and pg_write_all_data roles', () => {
    const { report: r } = report('auditor');
    expect(r.tables.find((t) => t.name === 't_nothing')).toMatchObject({
      privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', ...(version >= 17 ? ['MAINTAIN'] : [])],
      via: { SELECT: 'pg_read_all_data', INSERT: 'pg_write_all_data' },
    });
    expect(r.schemas.every((s) => s.usage)).toBe(true);
  });

  it('gives a superuser everything and says so', () => {
    const { report: r, summary } = report('root');
    expect(r.role.superuser).toBe(true);
    expect(r.tables.every((t) => t.privileges.length === (version >= 17 ? 8 : 7) && t.via === undefined)).toBe(true);
    expect(summary.verdict).toEqual(['root is a superuser: every privilege check is bypassed.']);
  });

  it('lists memberships with the role they come through and whether their privileges are inherited', () => {
    const memberships = Object.fromEntries(report('alice').report.memberships.map((m) => [m.role, m]));
    expect(memberships.reader).toEqual({ role: 'reader', inherit: true, admin: false });
    expect(memberships.base_reader).toEqual({ role: 'base_reader', via: 'reader', inherit: true, admin: false });
    expect(memberships.team).toEqual({ role: 'team', inherit: true, admin: true });
    expect(memberships.gate).toEqual({ role: 'gate', inherit: true, admin: false });
    expect(memberships.hidden).toEqual({ role: 'hidden', via: 'gate', inherit: false, admin: false });
    if (version >= 16) expect(memberships.noinh).toEqual({ role: 'noinh', inherit: false, admin: false });
    expect(report('bob').report.memberships.find((m) => m.role === 'reader')?.inherit).toBe(false);
  });

  it('summarizes in plain words, judging tables together with schema USAGE', () => {
    const { summary, report: r } = report('alice');
    expect(summary.verdict).toContain('No USAGE on schema secret: its 1 table cannot be reached (1 with grants).');
    expect(summary.verdict).toContain('Can read 10 of 16 tables in public, can write 7.');
    expect(summary.verdict).toContain('Can create schemas and create temporary tables in database app.');
    expect(summary.counts.tables.SELECT).toBe(r.tables.filter((t) => t.privileges.includes('SELECT')).length);
    expect(summary.noAccess.tables).toBe(r.tables.filter((t) => t.privileges.length === 0).length);
    expect(report('nobody').summary.verdict).toEqual([
      'No USAGE on schema app: its 3 tables cannot be reached.',
      'No USAGE on schema for_hidden: its 1 table cannot be reached.',
      'Can read 2 of 16 tables in public, cannot write.',
      'No USAGE on schema secret: its 1 table cannot be reached.',
      'No USAGE on schema team_schema: its 1 table cannot be reached.',
      '1 column-level grant gives access to some columns of tables not granted as a whole.',
      'Can execute 4 of 8 functions.',
    ]);
  });

  it('caps the detailed lists but keeps totals and counts exact', async () => {
    const full = report('alice');
    const capped = await readPrivileges(await session('alice'), { maxRows: 3 });
    expect(capped.report.tables).toEqual(full.report.tables.slice(0, 3));
    expect(capped.report.truncated).toBe(true);
    expect(full.report.truncated).toBe(false);
    expect(capped.report.totals).toEqual(full.report.totals);
    expect(capped.summary.counts).toEqual(full.summary.counts);
    expect(capped.summary.noAccess).toEqual(full.summary.noAccess);
    // Column grants are looked up for listed tables only; t_cols (in public) is not among the first three.
    expect(full.summary.partialTotal).toBe(3);
    expect(capped.summary.partialTotal).toBe(0);
  });

  it('limits the report to the requested schemas', async () => {
    const client = await session('alice');
    const only = await readPrivileges(client, { schemas: ['app'] });
    expect(only.report.schemas.map((s) => s.name)).toEqual(['app']);
    expect(only.report.tables.map((t) => t.name)).toEqual(['t1', 't2', 't3']);
    const without = await readPrivileges(client, { excludeSchemas: ['public', 'app'] });
    expect(without.report.schemas.map((s) => s.name)).toEqual(['for_hidden', 'secret', 'team_schema']);
  });

  it('finds the inherited grants that Neosync’s information_schema query misses', async () => {
    const client = await session('alice');
    const { rows } = await client.query<{ table_schema: string; table_name: string; privilege_type: string }>(NEOSYNC_TABLE_PRIVILEGES_SQL);
    const neosync = new Set(rows.map((r) => `${r.table_schema}.${r.table_name} ${r.privilege_type}`));
    const ours = new Set(report('alice').report.tables.flatMap((t) => t.privileges.map((p) => `${t.schema}.${t.name} ${p}`)));
    const missed = [...ours].filter((grant) => !neosync.has(grant)).sort();
    expect(missed).toEqual(expect.arrayContaining(['public.t_inherited2 SELECT', 'public.t_inherited1 UPDATE', 'public.t_team SELECT', 'app.t1 SELECT']));
    // And the server agrees these are real privileges, not an artefact of our report.
    const { rows: check } = await client.query<{ ok: boolean }>("SELECT has_table_privilege('public.t_inherited2', 'SELECT') AND has_table_privilege('app.t1', 'SELECT') AS ok");
    expect(check[0]?.ok).toBe(true);
    // Everything Neosync does see, we see too.
    expect([...neosync].filter((grant) => !ours.has(grant) && !grant.startsWith('information_schema'))).toEqual([]);
  });
});
