import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.js';

describe('parseEnv', () => {
  it('reads export lines with shell quoting', () => {
    expect(parseEnv(`export PGHOST=db.example.com\nexport PGPORT=5432\nexport PGUSER="app user"\nexport PGDATABASE='it'\\''s'`)).toEqual({
      ok: true,
      keywords: { user: 'app user', dbname: "it's", host: 'db.example.com', port: '5432' },
      warnings: [],
    });
  });

  it('reads bare assignments, several on a line, and every PG variable libpq knows', () => {
    expect(parseEnv('PGHOST=h PGSSLMODE=verify-full PGSSLROOTCERT=system PGAPPNAME=x PGTARGETSESSIONATTRS=standby')).toMatchObject({
      ok: true,
      keywords: { host: 'h', sslmode: 'verify-full', sslrootcert: 'system', application_name: 'x', target_session_attrs: 'standby' },
    });
  });

  it('reads Windows set lines literally', () => {
    expect(parseEnv('set PGHOST=my host\r\nset "PGPASSWORD=a&b"')).toMatchObject({ ok: true, keywords: { host: 'my host', password: 'a&b' } });
  });

  it('reads the deprecated PGREQUIRESSL unless PGSSLMODE is set', () => {
    expect(parseEnv('PGREQUIRESSL=1')).toMatchObject({ ok: true, keywords: { sslmode: 'require' } });
    expect(parseEnv('PGREQUIRESSL=1 PGSSLMODE=disable')).toMatchObject({ ok: true, keywords: { sslmode: 'disable' } });
  });

  it('drops variables libpq does not read, with a warning', () => {
    const r = parseEnv('PGTZ=UTC\nFOO=bar\nPGHOST=h');
    expect(r.warnings.map((w) => w.keyword)).toEqual(['PGTZ', 'FOO']);
  });

  it('warns that $VARIABLES were not expanded', () => {
    expect(parseEnv('export PGPASSWORD=$SECRET').warnings[0]?.code).toBe('SHELL_EXPANSION');
  });
});
