import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readImport } from './read-import.js';

const sample = (name: string) => readFile(fileURLToPath(new URL(`./samples/${name}`, import.meta.url)), 'utf8');

describe('importers read the sample files', () => {
  it('pgAdmin servers.json: groups, ports, SSL parameters, SSH tunnel, and skips with reasons', async () => {
    const result = readImport('pgadmin', await sample('pgadmin-servers.json'));
    expect(result.groups.map((g) => g.name)).toEqual(['Development', 'Production']);
    const [local, orders] = result.profiles;
    expect(local).toMatchObject({ name: 'Local development', hosts: [{ host: 'localhost', port: 5432 }], database: 'postgres', auth: { user: 'postgres' }, ssl: { sslmode: 'prefer' }, client: { connectTimeoutSeconds: 10 } });
    expect(orders).toMatchObject({
      hosts: [{ host: 'orders.db.example.com', port: 5433 }],
      color: '#ff9900',
      ssl: { sslmode: 'verify-full', rootCert: 'system' },
      client: { applicationName: 'pgadmin-reports' },
      ssh: { enabled: true, host: 'bastion.example.com', port: 22, user: 'deploy', auth: { type: 'privateKey', key: { path: '/home/deploy/.ssh/id_ed25519' } }, keepaliveSeconds: 30 },
    });
    expect(orders?.groupId).toBe(result.groups[1]?.id);
    expect(result.skipped.map((s) => s.item)).toEqual(['Broken port', 'Nothing to connect to']);
    expect(result.skipped[1]?.reason).toContain('Host, HostAddr or Service');
  });

  it('DBeaver data-sources.json: PostgreSQL connections with folders, SSL handler and tunnel; passwords dropped', async () => {
    const result = readImport('dbeaver', await sample('dbeaver-data-sources.json'));
    expect(result.groups).toMatchObject([{ name: 'Staging', description: 'Pre-production databases' }]);
    const [inventory, analytics] = result.profiles;
    expect(inventory).toMatchObject({ name: 'Staging - inventory', hosts: [{ host: 'inventory.staging.example.com', port: 5432 }], database: 'inventory', auth: { user: 'inventory_ro' }, ssl: { sslmode: 'verify-full' }, client: { readOnly: true }, ssh: { host: 'jump.staging.example.com', port: 2222, user: 'ops', auth: { type: 'privateKey' } } });
    expect(analytics).toMatchObject({ name: 'Local analytics', hosts: [{ host: '127.0.0.1', port: 5432 }] });
    expect(JSON.stringify(result.profiles)).not.toContain('not-a-real-password');
    expect(result.warnings.some((w) => w.item === 'Local analytics' && /password/.test(w.message))).toBe(true);
    expect(result.skipped).toEqual([{ item: 'Legacy shop (MySQL)', reason: 'it is a mysql connection' }]);
  });

  it('VS Code pgsql settings (JSONC with comments and trailing commas): groups, auth types, default group', async () => {
    const result = readImport('vscode-pgsql', await sample('vscode-settings.jsonc'));
    expect(result.groups).toMatchObject([{ name: 'Team databases', description: 'Shared by the data team', color: '#248aff' }]);
    const [local, warehouse] = result.profiles;
    expect(local).toMatchObject({ name: 'Local', hosts: [{ host: 'localhost', port: 5432 }], database: 'postgres', auth: { type: 'password', user: 'postgres', savePassword: true } });
    expect(local?.groupId).toBeUndefined();
    expect(warehouse).toMatchObject({ auth: { type: 'entra', account: 'account-1', tenant: 'tenant-1', user: 'analyst@example.com' }, ssl: { sslmode: 'require' }, groupId: result.groups[0]?.id });
    expect(result.skipped).toEqual([{ item: 'Unfinished', reason: 'it has no server' }]);
  });

  it('~/.pgpass: one pgpass-authenticated profile per concrete line, passwords left in the file', async () => {
    const result = readImport('pgpass', await sample('pgpass'));
    expect(result.profiles.map((p) => [p.hosts[0]?.host, p.hosts[0]?.port, p.database, p.auth])).toEqual([
      ['db.example.com', 5432, 'app', { type: 'pgpass', user: 'app_user' }],
      ['localhost', 5432, undefined, { type: 'pgpass', user: 'dev' }],
    ]);
    expect(JSON.stringify(result.profiles)).not.toMatch(/s3cr|devpw|fallback-password/);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'a wildcard host names no server',
      'a wildcard user names no role to connect as',
      'the line has fewer than five fields (hostname:port:database:username:password)',
    ]);
  });

  it('pg_service.conf: valid services become profiles, the rest are skipped with libpq\'s reason', async () => {
    const result = readImport('pg_service', await sample('pg_service.conf'), { fileName: 'pg_service.conf' });
    expect(result.profiles.map((p) => p.name)).toEqual(['billing', 'local']);
    expect(result.profiles[0]).toMatchObject({ hosts: [{ host: 'billing.db.example.com', port: 5432 }], database: 'billing', ssl: { sslmode: 'verify-full', rootCert: 'system' }, client: { applicationName: 'billing-worker' } });
    expect(result.profiles[1]).toMatchObject({ client: { connectTimeoutSeconds: 5 } });
    expect(result.skipped).toEqual([
      { item: 'spaced', reason: 'syntax error in service file "pg_service.conf", line 19' },
      { item: 'nested', reason: 'nested service specifications not supported in service file "pg_service.conf", line 23' },
      { item: 'unknown-key', reason: 'syntax error in service file "pg_service.conf", line 27' },
    ]);
  });

  it('reports a source that is not JSON with the line', () => {
    expect(() => readImport('pgadmin', '{\n "Servers": {\n  "1": \n}')).toThrowError(/line 4/);
  });
});
