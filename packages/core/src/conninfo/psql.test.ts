import { describe, expect, it } from 'vitest';
import { parsePsql } from './psql.js';

describe('parsePsql', () => {
  it('reads -h -p -U -d', () => {
    expect(parsePsql('psql -h localhost -p 5432 -U postgres -d mydb')).toEqual({ ok: true, keywords: { user: 'postgres', dbname: 'mydb', host: 'localhost', port: '5432' }, warnings: [] });
  });

  it('reads a connection string as the database, adding -p where the string has no port (row 79)', () => {
    expect(parsePsql('psql "postgresql://u@h/d" -p 6432')).toMatchObject({ ok: true, keywords: { user: 'u', host: 'h', dbname: 'd', port: '6432' } });
  });

  it('lets the connection string beat -h and -p (row 79b)', () => {
    expect(parsePsql('psql -h h2 -p 6432 "postgresql://u@h1:5433/d"')).toMatchObject({ ok: true, keywords: { host: 'h1', port: '5433' } });
  });

  it('reads environment assignments in front and positional dbname and user (row 80)', () => {
    expect(parsePsql('PGPASSWORD=s psql -h h -U u d')).toMatchObject({ ok: true, keywords: { host: 'h', user: 'u', dbname: 'd', password: 's' } });
    expect(parsePsql('PGSSLMODE=require psql mydb bob')).toMatchObject({ ok: true, keywords: { dbname: 'mydb', user: 'bob', sslmode: 'require' } });
  });

  it('lets the command line win over the environment', () => {
    expect(parsePsql('PGHOST=a psql --host=b')).toMatchObject({ ok: true, keywords: { host: 'b' } });
  });

  it('reads grouped flags, attached values and long options', () => {
    expect(parsePsql("psql -Xqhdb.example.com --port 6543 --username='my user' --dbname=app")).toMatchObject({
      ok: true,
      keywords: { host: 'db.example.com', port: '6543', user: 'my user', dbname: 'app' },
    });
  });

  it('ignores -c and -f with a warning', () => {
    const r = parsePsql('psql -h h -c "select 1" -f script.sql');
    expect(r).toMatchObject({ ok: true, keywords: { host: 'h' } });
    expect(r.warnings.map((w) => w.keyword)).toEqual(['-c', '-f']);
  });

  it('points a libpq error inside a quoted argument at the right character', () => {
    const text = `psql -d "host=x dbname='unterminated"`;
    expect(parsePsql(text)).toMatchObject({ ok: false, error: { code: 'PARSE_UNTERMINATED_QUOTE', position: text.indexOf("'") } });
  });
});
