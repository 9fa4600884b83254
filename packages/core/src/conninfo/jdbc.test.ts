import { describe, expect, it } from 'vitest';
import { parseJdbc } from './jdbc.js';

const codes = (r: ReturnType<typeof parseJdbc>) => r.warnings.map((w) => w.code);

describe('parseJdbc', () => {
  it('reads the multi-host form from the pgjdbc documentation', () => {
    const r = parseJdbc('jdbc:postgresql://host1:5432,host2:5433/accounting?targetServerType=primary&loadBalanceHosts=true');
    expect(r).toMatchObject({ ok: true, keywords: { dbname: 'accounting', host: 'host1,host2', port: '5432,5433', target_session_attrs: 'primary', load_balance_hosts: 'random' } });
  });

  it('strips IPv6 brackets and keeps the port', () => {
    expect(parseJdbc('jdbc:postgresql://[::1]:5740/accounting')).toMatchObject({ ok: true, keywords: { host: '::1', port: '5740', dbname: 'accounting' } });
  });

  it('connects the short forms to localhost, as pgjdbc does', () => {
    expect(parseJdbc('jdbc:postgresql:mydb')).toMatchObject({ ok: true, keywords: { host: 'localhost', dbname: 'mydb' } });
    expect(parseJdbc('jdbc:postgresql:/')).toEqual({ ok: true, keywords: { host: 'localhost' }, warnings: [] });
  });

  it('reads ssl=true alone as verify-full and says so', () => {
    const r = parseJdbc('jdbc:postgresql://h:5432/d?user=u&password=p&ssl=true');
    expect(r).toMatchObject({ ok: true, keywords: { user: 'u', password: 'p', sslmode: 'verify-full' } });
    expect(codes(r)).toContain('JDBC_SSL_TRUE_IS_VERIFY_FULL');
  });

  it('takes a parameter without a value as true, and NonValidatingFactory as no certificate check', () => {
    const r = parseJdbc('jdbc:postgresql://localhost/test?user=fred&password=secret&ssl&sslfactory=org.postgresql.ssl.NonValidatingFactory');
    expect(r).toMatchObject({ ok: true, keywords: { sslmode: 'require', user: 'fred' } });
  });

  it('lets an explicit sslmode win over ssl=true', () => {
    expect(parseJdbc('jdbc:postgresql://h/d?ssl=true&sslmode=require')).toMatchObject({ ok: true, keywords: { sslmode: 'require' } });
  });

  it('accepts user:password@ with a warning that pgjdbc would not', () => {
    const r = parseJdbc('jdbc:postgresql://u:p%40ss@h/d');
    expect(r).toMatchObject({ ok: true, keywords: { user: 'u', password: 'p@ss', host: 'h', dbname: 'd' } });
    expect(codes(r)).toEqual(['JDBC_USERINFO']);
  });

  it('translates ApplicationName, currentSchema and connectTimeout', () => {
    const r = parseJdbc('jdbc:postgresql://h/d?ApplicationName=my+app&currentSchema=sales,public&connectTimeout=5');
    expect(r).toMatchObject({ ok: true, keywords: { application_name: 'my app', options: '-c search_path=sales,public', connect_timeout: '5' } });
  });

  it('maps the old master/slave target names and drops preferPrimary with a warning', () => {
    expect(parseJdbc('jdbc:postgresql://h/d?targetServerType=slave')).toMatchObject({ ok: true, keywords: { target_session_attrs: 'standby' } });
    const r = parseJdbc('jdbc:postgresql://h/d?targetServerType=preferPrimary');
    expect(r.ok ? r.keywords.target_session_attrs : 'failed').toBeUndefined();
    expect(r.warnings[0]).toMatchObject({ code: 'PARAMETER_DROPPED', keyword: 'targetServerType' });
  });

  it('warns about every parameter it drops, pointing at it', () => {
    const text = 'jdbc:postgresql://h/d?prepareThreshold=3';
    expect(parseJdbc(text).warnings).toEqual([expect.objectContaining({ code: 'PARAMETER_DROPPED', keyword: 'prepareThreshold', position: text.indexOf('prepareThreshold') })]);
  });

  it('rejects a port pgjdbc would reject, pointing at it', () => {
    const text = 'jdbc:postgresql://h:99999/d';
    expect(parseJdbc(text)).toMatchObject({ ok: false, error: { position: text.indexOf('99999') } });
  });
});
