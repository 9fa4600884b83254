import { stat, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createProfile } from '@pgconnect/core';
import { SecretValue } from '../store/secret-value.js';
import type { ParsedImport } from './types.js';

/** libpq's DEF_PGPORT. */
const DEFAULT_PORT = '5432';

export interface PgpassTarget {
  /** libpq's `host` for this attempt (one entry of the list); empty means the default socket or localhost. */
  host: string;
  hostaddr?: string;
  /** As a string, the way libpq compares it: `05432` does not match `5432`. Empty means 5432. */
  port?: string;
  dbname: string;
  user: string;
}

export interface PgpassLookupOptions {
  /** The profile's `passfile`, else PGPASSFILE, else `~/.pgpass` (`%APPDATA%\postgresql\pgpass.conf` on Windows). */
  passfile?: string;
  env?: NodeJS.ProcessEnv;
  /** libpq's compiled DEFAULT_PGSOCKET_DIR: a host equal to it is looked up as `localhost`. */
  defaultSocketDir?: string;
}

export type PgpassLookup =
  | { found: true; password: SecretValue; file: string; line: number }
  | { found: false; file: string; warning?: string };

/** Where libpq looks for the password file. */
export function pgpassPath(options: PgpassLookupOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.passfile) return options.passfile;
  if (env.PGPASSFILE) return env.PGPASSFILE;
  if (process.platform === 'win32') return join(env.APPDATA ?? homedir(), 'postgresql', 'pgpass.conf');
  return join(homedir(), '.pgpass');
}

/**
 * The password for one connection attempt, found as libpq's `passwordFromFile` finds it (pg-semantics §1.8): the
 * first matching line wins; the host key is `host`, else `hostaddr`, with an empty host or the default socket
 * directory looked up as `localhost`; an empty port is 5432; no lookup without a database and a user. On Unix a
 * file that is not a plain file, or that group or others may access at all, is ignored with libpq's warning.
 * The connect engine calls this only for profiles whose auth type is `pgpass`.
 */
export async function lookupPgpass(target: PgpassTarget, options: PgpassLookupOptions = {}): Promise<PgpassLookup> {
  const file = pgpassPath(options);
  if (target.dbname === '' || target.user === '') return { found: false, file };
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { found: false, file, warning: `WARNING: password file "${file}" is not a plain file` };
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      return { found: false, file, warning: `WARNING: password file "${file}" has group or world access; permissions should be u=rw (0600) or less` };
    }
    text = await readFile(file, 'utf8');
  } catch {
    return { found: false, file }; // libpq is silent about a missing or unreadable file
  }
  let host = target.host || target.hostaddr || '';
  if (host === '' || host === (options.defaultSocketDir ?? '/tmp')) host = 'localhost';
  const port = target.port || DEFAULT_PORT;
  const hit = matchPgpass(text, { host, port, dbname: target.dbname, user: target.user });
  return hit ? { found: true, password: new SecretValue(hit.password), file, line: hit.line } : { found: false, file };
}

/** The first line of a password file matching these four values exactly (after libpq's defaults), if any. */
export function matchPgpass(text: string, key: { host: string; port: string; dbname: string; user: string }): { password: string; line: number } | undefined {
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/[\r\n]+$/, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    let rest: string | undefined = line;
    for (const token of [key.host, key.port, key.dbname, key.user]) {
      rest = rest === undefined ? undefined : matchField(rest, token);
    }
    if (rest === undefined) continue;
    return { password: unescapePassword(rest), line: index + 1 };
  }
  return undefined;
}

/**
 * libpq's `pwdfMatchesString`: `*` matches anything only as the whole field; `\` makes the next character literal
 * (so `\:` and `\\`); the comparison is exact. Returns the text after the field's `:`, or undefined.
 */
function matchField(buf: string, token: string): string | undefined {
  if (buf[0] === '*' && buf[1] === ':') return buf.slice(2);
  let i = 0;
  let t = 0;
  let escaped = false;
  while (i < buf.length) {
    if (buf[i] === '\\' && !escaped) {
      i++;
      escaped = true;
    }
    if (buf[i] === ':' && t === token.length && !escaped) return buf.slice(i + 1);
    escaped = false;
    if (t === token.length) return undefined;
    if (buf[i] === token[t]) {
      i++;
      t++;
    } else return undefined;
  }
  return undefined;
}

/** The password runs to the next unescaped `:`, with `\` escapes removed. */
function unescapePassword(rest: string): string {
  let out = '';
  for (let i = 0; i < rest.length && rest[i] !== ':'; i++) {
    if (rest[i] === '\\' && i + 1 < rest.length) i++;
    out += rest[i];
  }
  return out;
}

/** Splits a line into its five fields the way the matcher reads them (for import, which needs the values). */
function splitFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += `\\${line[++i]}`;
    } else if (c === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

const unescapeField = (field: string): string => field.replace(/\\(.)/g, '$1');

/**
 * Profiles from a password file: one per line that names a server, each using `pgpass` authentication so the
 * password stays in the file and is never copied into pgconnect. Wildcard hosts or users name no connection
 * and are skipped; a wildcard database leaves the database empty.
 */
export function importPgpass(text: string, options: { passfile?: string } = {}): ParsedImport {
  const out: ParsedImport = { profiles: [], groups: [], warnings: [], skipped: [] };
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/[\r\n]+$/, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    const item = `line ${index + 1}`;
    const fields = splitFields(line);
    if (fields.length < 5) {
      out.skipped.push({ item, reason: 'the line has fewer than five fields (hostname:port:database:username:password)' });
      continue;
    }
    const [host = '', port = '', database = '', user = ''] = fields;
    if (host === '*') {
      out.skipped.push({ item, reason: 'a wildcard host names no server' });
      continue;
    }
    if (user === '*') {
      out.skipped.push({ item, reason: 'a wildcard user names no role to connect as' });
      continue;
    }
    const portNumber = port === '*' || port === '' ? undefined : Number(unescapeField(port));
    if (portNumber !== undefined && !(Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65_535)) {
      out.skipped.push({ item, reason: `"${unescapeField(port)}" is not a port number` });
      continue;
    }
    const hostName = unescapeField(host);
    const dbName = database === '*' ? '' : unescapeField(database);
    const userName = unescapeField(user);
    const profile = createProfile({
      name: `${userName}@${hostName}${dbName ? `/${dbName}` : ''}`,
      hosts: [{ host: hostName, ...(portNumber === undefined ? {} : { port: portNumber }) }],
      auth: { type: 'pgpass', user: userName, ...(options.passfile ? { passfile: options.passfile } : {}) },
    });
    if (dbName) profile.database = dbName;
    out.profiles.push(profile);
  }
  if (out.profiles.length > 0) out.warnings.push({ message: 'Passwords stay in the password file; the imported connections use pgpass authentication.' });
  return out;
}
