import { describe, expect, it } from 'vitest';
import { findSnippetCall, parseSnippet } from './snippets.js';

function parse(text: string) {
  const call = findSnippetCall(text);
  if (!call) throw new Error('no call found');
  return { format: call.format, ...parseSnippet(text, call) };
}

describe('parseSnippet', () => {
  it('reads the node-postgres Client example', () => {
    const r = parse(`const client = new Client({\n  user: 'dbuser',\n  password: 'secretpassword',\n  host: 'database.server.com',\n  port: 3211,\n  database: 'mydb',\n})`);
    expect(r).toMatchObject({ format: 'node', ok: true, keywords: { user: 'dbuser', password: 'secretpassword', host: 'database.server.com', port: '3211', dbname: 'mydb' } });
  });

  it('reads a Pool with a connectionString, which overrides the other settings as in node-postgres', () => {
    const r = parse("const pool = new pg.Pool({ host: 'ignored', connectionString: 'postgresql://u@h:5432/d', max: 20 })");
    expect(r).toMatchObject({ ok: true, keywords: { host: 'h', port: '5432', user: 'u', dbname: 'd' } });
    expect(r.warnings).toEqual([]);
  });

  it('reads ssl objects and readFileSync paths, and reports computed values', () => {
    const r = parse("new Client({ host: 'h', password: process.env.PGPASSWORD, ssl: { rejectUnauthorized: false, ca: fs.readFileSync('/ca.pem').toString() } })");
    expect(r).toMatchObject({ ok: true, keywords: { host: 'h', sslmode: 'require', sslrootcert: '/ca.pem' } });
    expect(r.warnings.map((w) => w.code)).toEqual(['VALUE_NOT_LITERAL']);
  });

  it('reads ssl: true as verify-full, which is what node-postgres does', () => {
    expect(parse("new Client({ host: 'h', ssl: true })")).toMatchObject({ ok: true, keywords: { sslmode: 'verify-full' } });
  });

  it('reads psycopg2 with a DSN and keyword arguments that override it', () => {
    const r = parse(`conn = psycopg2.connect("dbname=test user=postgres host=a", host="h", port=5433)`);
    expect(r).toMatchObject({ format: 'psycopg2', ok: true, keywords: { dbname: 'test', user: 'postgres', host: 'h', port: '5433' } });
  });

  it('reads psycopg2 keyword arguments, with database as dbname', () => {
    expect(parse(`psycopg2.connect(host='h', database='d', user='u', password=r'p\\w', sslmode="require")`)).toMatchObject({
      ok: true,
      keywords: { host: 'h', dbname: 'd', user: 'u', password: 'p\\w', sslmode: 'require' },
    });
  });

  it('reads PHP pg_connect and points libpq errors into the string', () => {
    expect(parse('$dbconn = pg_connect("host=sheep port=5432 dbname=mary user=lamb password=foo");')).toMatchObject({
      format: 'php',
      ok: true,
      keywords: { host: 'sheep', port: '5432', dbname: 'mary', user: 'lamb', password: 'foo' },
    });
    const bad = `pg_connect("host=sheep dbname='mary");`;
    expect(parse(bad)).toMatchObject({ ok: false, error: { position: bad.indexOf("'") } });
  });

  it('reads Ruby hashes, strings and the legacy positional form', () => {
    expect(parse("conn = PG::Connection.new(host: 'h', port: 5432, dbname: 'd', user: 'u')")).toMatchObject({ format: 'ruby', ok: true, keywords: { host: 'h', port: '5432', dbname: 'd', user: 'u' } });
    expect(parse("conn = PG.connect(:dbname => 'test')")).toMatchObject({ ok: true, keywords: { dbname: 'test' } });
    expect(parse('PG.connect("postgresql://u@h/d")')).toMatchObject({ ok: true, keywords: { user: 'u', host: 'h', dbname: 'd' } });
    expect(parse("PG::Connection.new('localhost', 5432, nil, nil, 'db', 'user')")).toMatchObject({ ok: true, keywords: { host: 'localhost', port: '5432', dbname: 'db', user: 'user' } });
  });

  it('never evaluates code: interpolated strings are reported, not read', () => {
    const r = parse('new Client({ host: `db-${env}.example.com` })');
    expect(r).toMatchObject({ ok: true, keywords: {} });
    expect(r.warnings[0]?.code).toBe('VALUE_NOT_LITERAL');
  });
});
