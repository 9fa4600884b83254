import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portIsOpen, startCluster, startStandby, type Cluster, type ConnParams } from './index.js';

/** Logs in with `pg` and returns current_user, or the SQLSTATE (or message) of the failure. */
async function login(params: ConnParams, ssl: pg.ClientConfig['ssl'] = false): Promise<string> {
  const client = new pg.Client({ ...params, ssl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ current_user: string }>('SELECT current_user');
    return rows[0]?.current_user ?? '';
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

describe.each([18, 15] as const)('startCluster with PostgreSQL %i', (version) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      version,
      maxConnections: 12,
      hba: [
        { type: 'local', method: 'trust' },
        { type: 'host', user: 'blocked', method: 'reject' },
        { type: 'host', user: 'md5user', method: 'md5' },
        { type: 'host', user: 'cleartext', method: 'password' },
        { type: 'host', user: 'alice,postgres,blocked', method: 'scram-sha-256' },
      ],
      roles: [
        { name: 'alice', password: 'alice-pw' },
        { name: 'md5user', password: 'md5-pw', passwordEncryption: 'md5' },
        { name: 'cleartext', password: 'clear-pw' },
        { name: 'blocked', password: 'blocked-pw' },
      ],
      databases: [{ name: 'app', owner: 'alice' }],
    });
  });

  afterAll(() => cluster?.stop());

  it('runs the requested major version with the requested settings', async () => {
    expect(cluster.version).toBe(version);
    expect(cluster.serverVersion).toMatch(new RegExp(`^${version}\\.`));
    expect(await cluster.sql('SHOW max_connections')).toEqual([{ max_connections: '12' }]);
  });

  it('accepts a SCRAM login over TCP on every loopback it listens on', async () => {
    for (const host of cluster.hosts) expect(await login(cluster.connInfo({ user: 'alice', database: 'app', host }))).toBe('alice');
  });

  it('rejects a wrong password with invalid_password (28P01)', async () => {
    expect(await login(cluster.connInfo({ user: 'alice', password: 'wrong' }))).toBe('28P01');
  });

  it('stores an md5 password when asked and accepts an md5 login', async () => {
    const [row] = await cluster.sql<{ rolpassword: string }>("SELECT rolpassword FROM pg_authid WHERE rolname = 'md5user'");
    expect(row?.rolpassword).toMatch(/^md5/);
    expect(await login(cluster.connInfo({ user: 'md5user' }))).toBe('md5user');
  });

  it('accepts a cleartext password login', async () => {
    expect(await login(cluster.connInfo({ user: 'cleartext' }))).toBe('cleartext');
  });

  it('refuses a role that pg_hba.conf rejects (28000), whatever its password', async () => {
    expect(await login(cluster.connInfo({ user: 'blocked' }))).toBe('28000');
  });

  it('lets the superuser in over TCP with its password and runs psql over the socket', async () => {
    expect(await login(cluster.connInfo())).toBe('postgres');
    const result = await cluster.psql(['-Atc', 'SELECT current_database()']);
    expect(result).toMatchObject({ code: 0, stdout: 'postgres\n' });
  });

  it('makes a streaming standby that is in recovery and replays the primary', async () => {
    await cluster.sql('CREATE TABLE replicated AS SELECT 42 AS answer');
    const standby = await startStandby(cluster);
    try {
      expect(await standby.sql('SELECT pg_is_in_recovery() AS recovery')).toEqual([{ recovery: true }]);
      expect(await cluster.sql('SELECT pg_is_in_recovery() AS recovery')).toEqual([{ recovery: false }]);
      expect(await login(standby.connInfo({ user: 'alice' }))).toBe('alice');
      expect(await standby.sql('SELECT answer FROM replicated')).toEqual([{ answer: 42 }]);
    } finally {
      await standby.stop();
    }
    expect(await cluster.sql('SELECT count(*)::int AS slots FROM pg_replication_slots')).toEqual([{ slots: 0 }]);
  });

  it('stops with an immediate shutdown and removes its directories', async () => {
    const extra = await startCluster({ version });
    expect(await portIsOpen(extra.port)).toBe(true);
    await extra.stop();
    expect(await portIsOpen(extra.port)).toBe(false);
    expect(existsSync(extra.dataDir)).toBe(false);
    expect(existsSync(extra.socketDir)).toBe(false);
  });
});
