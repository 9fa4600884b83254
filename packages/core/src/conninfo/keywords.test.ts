import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIBPQ_KEYWORDS, isLibpqKeyword, isSecretKeyword, orderConnInfo } from './keywords.js';
import type { OracleLine } from './libpq-oracle.fixtures.js';

const oracle = fileURLToPath(new URL('../../../../.cache/libpq-parse', import.meta.url));

function libpq(...inputs: string[]): OracleLine[] {
  if (!existsSync(oracle)) throw new Error(`The libpq oracle is missing at ${oracle}. Build it with: bash scripts/setup.sh`);
  const run = spawnSync(oracle, { input: inputs.map((i) => `${i}\n`).join(''), encoding: 'utf8' });
  return run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as OracleLine);
}

const names = LIBPQ_KEYWORDS.map((k) => k.keyword);

describe('LIBPQ_KEYWORDS', () => {
  it("lists every keyword libpq 18 accepts, in the order it reports them", () => {
    const reversed = [...names].reverse().map((k) => `${k}=x`).join(' ');
    const [line] = libpq(reversed);
    expect(line?.ok && Object.keys(line.opts)).toEqual(names);
  });

  it('lists no keyword libpq 18 rejects, in either syntax', () => {
    const lines = libpq(...names.map((k) => `${k}=x`), ...names.map((k) => `postgresql://?${k}=x`));
    expect(lines.filter((l) => !l.ok)).toEqual([]);
  });

  it('has the libpq 18 additions that libpq 17 lacked', () => {
    for (const k of ['min_protocol_version', 'max_protocol_version', 'sslkeylogfile', 'oauth_issuer', 'oauth_client_id', 'oauth_client_secret', 'oauth_scope', 'scram_client_key', 'scram_server_key']) {
      expect(isLibpqKeyword(k)).toBe(true);
    }
  });

  it('leaves out names libpq rejects, including its requiressl alias', () => {
    for (const k of ['requiressl', 'ssl', 'servicefile', 'Host', '__proto__', 'toString']) expect(isLibpqKeyword(k)).toBe(false);
    expect(libpq('servicefile=x', 'Host=x').every((l) => !l.ok)).toBe(true);
  });

  it('marks the credentials as secrets', () => {
    expect(names.filter(isSecretKeyword)).toEqual(['password', 'sslpassword', 'scram_client_key', 'scram_server_key', 'oauth_client_secret']);
  });

  it('names the environment variables libpq falls back to', () => {
    const env = Object.fromEntries(LIBPQ_KEYWORDS.flatMap((k) => ('envVar' in k ? [[k.keyword, k.envVar]] : [])));
    expect(env).toMatchObject({ host: 'PGHOST', dbname: 'PGDATABASE', application_name: 'PGAPPNAME', min_protocol_version: 'PGMINPROTOCOLVERSION' });
    expect(env).not.toHaveProperty('sslpassword');
    expect(env).not.toHaveProperty('sslkeylogfile');
  });
});

describe('orderConnInfo', () => {
  it('puts keywords in libpq order and keeps other keys after them', () => {
    const ordered = orderConnInfo({ zzz: '1', port: '5', extra: '2', host: 'h', user: 'u' });
    expect(Object.entries(ordered)).toEqual([['user', 'u'], ['host', 'h'], ['port', '5'], ['zzz', '1'], ['extra', '2']]);
  });

  it('keeps a "__proto__" key as data', () => {
    const ordered = orderConnInfo(JSON.parse('{"__proto__":"x","host":"h"}') as Record<string, string>);
    expect(Object.entries(ordered)).toEqual([['host', 'h'], ['__proto__', 'x']]);
  });
});
