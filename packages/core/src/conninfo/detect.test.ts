import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './detect.js';

describe('parseConnectionString', () => {
  it.each([
    ['postgresql://u@h1:5433/d', 'uri'],
    ['host=h port=6432', 'keyValue'],
    ['jdbc:postgresql://h/d', 'jdbc'],
    ['Host=h;Database=d', 'npgsql'],
    ['host=localhost;port=5432;dbname=mydb', 'npgsql'],
    ['psql -h h -U u', 'psql'],
    ['PGPASSWORD=x /usr/bin/psql -h h', 'psql'],
    ['export PGHOST=h', 'env'],
    ['PGHOST=h PGPORT=1', 'env'],
    ["new Client({ host: 'h' })", 'node'],
    ["psycopg2.connect(host='h')", 'psycopg2'],
    ['pg_connect("host=h")', 'php'],
    ["PG.connect(host: 'h')", 'ruby'],
  ])('detects %s as %s', (text, format) => {
    expect(parseConnectionString(text)).toMatchObject({ ok: true, format });
  });

  it('gives the libpq keywords the oracle reports for libpq syntaxes', () => {
    // Expected maps from .cache/libpq-parse (libpq 18).
    expect(parseConnectionString('postgresql://u@h1:5433/d')).toMatchObject({ keywords: { user: 'u', dbname: 'd', host: 'h1', port: '5433' } });
    expect(parseConnectionString('host=/tmp sslrootcert=system')).toMatchObject({ keywords: { host: '/tmp', sslrootcert: 'system' } });
  });

  it('keeps a password apart from the profile and asks to omit it', () => {
    const r = parseConnectionString('postgresql://user:secret@localhost');
    expect(r).toMatchObject({ ok: true, secrets: { password: 'secret' }, profile: { auth: { user: 'user' } } });
    expect(JSON.stringify(r.ok && r.profile)).not.toContain('secret');
    expect(r.warnings.map((w) => w.code)).toContain('PASSWORD_IN_STRING');
  });

  it('trims whitespace and says so when libpq would have rejected the string', () => {
    expect(parseConnectionString('  postgresql://h/db\n')).toMatchObject({ ok: true, keywords: { host: 'h', dbname: 'db' }, warnings: [{ code: 'INPUT_TRIMMED' }] });
    expect(parseConnectionString('  host=h  ').warnings).toEqual([]);
  });

  it('reports errors at their position in the untrimmed input', () => {
    expect(parseConnectionString('   host=x dbname=\'a')).toMatchObject({ ok: false, format: 'keyValue', error: { code: 'PARSE_UNTERMINATED_QUOTE' } });
    expect(parseConnectionString('  jdbc:postgresql://h:0/d')).toMatchObject({ ok: false, format: 'jdbc', error: { position: 22 } });
  });

  it('reads an upper-case scheme with a warning, where libpq would refuse it', () => {
    expect(parseConnectionString('POSTGRESQL://h/db')).toMatchObject({ ok: true, format: 'uri', keywords: { host: 'h' }, warnings: [{ code: 'SCHEME_CASE' }] });
  });

  it('turns the keywords into profile fields with libpq defaults', () => {
    const r = parseConnectionString('postgresql://h1:5433,h2/db?sslrootcert=system&application_name=app');
    expect(r).toMatchObject({
      ok: true,
      profile: { hosts: [{ host: 'h1', port: 5433 }, { host: 'h2' }], database: 'db', ssl: { sslmode: 'verify-full', rootCert: 'system' }, client: { applicationName: 'app', connectTimeoutSeconds: 15 } },
    });
  });

  it('calls text that is no connection string of any kind unknown', () => {
    expect(parseConnectionString('mydb')).toMatchObject({ ok: false, format: 'unknown' });
    expect(parseConnectionString('   ')).toMatchObject({ ok: false, error: { code: 'PARSE_EMPTY' } });
  });
});

describe('parseConnectionString error hints', () => {
  it('gives every failure a hint a user can act on', () => {
    for (const text of ['', 'jdbc:mysql://h/db', 'psql -h', "export PGHOST='db", "psql -h 'db", 'Host=h;Port', 'host=a port']) {
      const r = parseConnectionString(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.hint, `${text} → ${r.error.code}`).toBeTruthy();
    }
  });

  it('names the format the user meant even when a quote is left open', () => {
    for (const [text, format] of [["export PGHOST='db", 'env'], ["psql -h 'db", 'psql'], ['Host=h;Port', 'npgsql']] as const) {
      const r = parseConnectionString(text);
      expect(r.ok ? 'parsed' : r.format, text).toBe(format);
    }
  });
});
