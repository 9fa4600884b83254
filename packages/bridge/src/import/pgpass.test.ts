import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lookupPgpass, matchPgpass } from './pgpass.js';

const key = { host: 'db.example.com', port: '5432', dbname: 'app', user: 'alice' };

describe('password file matching (libpq passwordFromFile)', () => {
  it('takes the first matching line', () => {
    expect(matchPgpass('db.example.com:5432:app:alice:first\n*:*:*:*:second\n', key)).toEqual({ password: 'first', line: 1 });
    expect(matchPgpass('*:*:*:*:second\ndb.example.com:5432:app:alice:first\n', key)?.password).toBe('second');
  });

  it('treats * as a wildcard only when it is the whole field', () => {
    expect(matchPgpass('db.*:5432:app:alice:x\n', key)).toBeUndefined();
    expect(matchPgpass('*:5432:*:alice:x\n', key)?.password).toBe('x');
    expect(matchPgpass('db.example.com:5432:app:*:x\n', { ...key, user: '*' })?.password).toBe('x');
  });

  it('un-escapes \\: and \\\\ in fields and the password, which ends at the next unescaped colon', () => {
    expect(matchPgpass('db\\.example.com:5432:app:alice:p\\:w\\\\d:ignored\n', key)?.password).toBe('p:w\\d');
    expect(matchPgpass('db.example.com:5432:a\\:b:alice:pw\n', { ...key, dbname: 'a:b' })?.password).toBe('pw');
  });

  it('skips comments, empty lines and CR line ends, and compares case-sensitively', () => {
    expect(matchPgpass('# db.example.com:5432:app:alice:no\r\n\r\nDB.EXAMPLE.COM:5432:app:alice:no\r\ndb.example.com:5432:app:alice:yes\r\n', key)).toEqual({ password: 'yes', line: 4 });
  });

  it('compares the port as text', () => {
    expect(matchPgpass('db.example.com:05432:app:alice:x\n', key)).toBeUndefined();
  });
});

describe('password file lookup', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pgconnect-pgpass-'));
    file = join(dir, 'pgpass');
    await writeFile(file, 'localhost:5432:app:alice:local-pw\nhost.example.com:5432:app:alice:named\n', { mode: 0o600 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('looks an empty host, or the default socket directory, up as localhost, and an empty port as 5432', async () => {
    const a = await lookupPgpass({ host: '', dbname: 'app', user: 'alice' }, { passfile: file });
    const b = await lookupPgpass({ host: '/tmp', dbname: 'app', user: 'alice' }, { passfile: file });
    expect(a.found && a.password.reveal()).toBe('local-pw');
    expect(b.found && b.password.reveal()).toBe('local-pw');
  });

  it('uses host, not hostaddr, when both are set', async () => {
    const hit = await lookupPgpass({ host: 'host.example.com', hostaddr: '10.0.0.1', port: '5432', dbname: 'app', user: 'alice' }, { passfile: file });
    expect(hit.found && hit.password.reveal()).toBe('named');
  });

  it('does no lookup without a database or a user', async () => {
    expect((await lookupPgpass({ host: 'localhost', dbname: '', user: 'alice' }, { passfile: file })).found).toBe(false);
  });

  it('ignores the file with libpq\'s warning when group or others have any permission bit', async () => {
    await chmod(file, 0o640);
    const result = await lookupPgpass({ host: 'localhost', dbname: 'app', user: 'alice' }, { passfile: file });
    expect(result).toEqual({ found: false, file, warning: `WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less` });
  });

  it('follows PGPASSFILE when the profile names no passfile, and never prints the password', async () => {
    const result = await lookupPgpass({ host: 'localhost', dbname: 'app', user: 'alice' }, { env: { PGPASSFILE: file } });
    expect(JSON.stringify(result)).not.toContain('local-pw');
    expect(result.found && result.password.reveal()).toBe('local-pw');
  });
});
