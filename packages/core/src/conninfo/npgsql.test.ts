import { describe, expect, it } from 'vitest';
import { parseNpgsql } from './npgsql.js';

describe('parseNpgsql', () => {
  it('reads the example from pg-semantics row 76', () => {
    expect(parseNpgsql('Host=h;Port=5433;Database=d;Username=u;SSL Mode=Require;Trust Server Certificate=true')).toEqual({
      ok: true,
      keywords: { user: 'u', dbname: 'd', host: 'h', port: '5433', sslmode: 'require' },
      warnings: [],
    });
  });

  it('reads the Npgsql documentation example with case-insensitive keys and synonyms', () => {
    expect(parseNpgsql('server=localhost;user id=postgres;PWD=secret;DB=mydb;sslmode=VerifyFull')).toMatchObject({
      ok: true,
      keywords: { host: 'localhost', user: 'postgres', password: 'secret', dbname: 'mydb', sslmode: 'verify-full' },
    });
  });

  it('reads quoted values with ; and doubled quotes', () => {
    expect(parseNpgsql('Host=h;Password="a;b""c";Application Name=\'it\'\'s\'')).toMatchObject({ ok: true, keywords: { password: 'a;b"c', application_name: "it's" } });
  });

  it('reads host:port entries, IPv6 and socket directories in Host', () => {
    expect(parseNpgsql('Host=h1:5433,[::1]:5434,/var/run/postgresql;Port=6000')).toMatchObject({ ok: true, keywords: { host: 'h1,::1,/var/run/postgresql', port: '5433,5434,6000' } });
  });

  it('turns Search Path into options and Target Session Attributes into libpq values', () => {
    expect(parseNpgsql('Host=h;Search Path=app,public;Target Session Attributes=prefer-standby;Timeout=30;Load Balance Hosts=true')).toMatchObject({
      ok: true,
      keywords: { options: '-c search_path=app,public', target_session_attrs: 'prefer-standby', connect_timeout: '30', load_balance_hosts: 'random' },
    });
  });

  it('reports pool settings once and drops unknown keys with a warning', () => {
    const r = parseNpgsql('Host=h;Pooling=true;Maximum Pool Size=50;Command Timeout=30');
    expect(r.warnings.map((w) => w.code)).toEqual(['PARAMETER_DROPPED', 'POOL_SETTINGS_IGNORED']);
  });

  it('accepts the libpq keyword names VS Code accepts in semicolon strings', () => {
    expect(parseNpgsql('host=localhost;port=5432;dbname=mydb;user=postgres;password=secret')).toMatchObject({
      ok: true,
      keywords: { host: 'localhost', port: '5432', dbname: 'mydb', user: 'postgres', password: 'secret' },
    });
  });

  it('points at an unterminated quote', () => {
    expect(parseNpgsql('Host=h;Password="abc')).toMatchObject({ ok: false, error: { position: 16 } });
  });
});
