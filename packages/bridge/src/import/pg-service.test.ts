import { describe, expect, it } from 'vitest';
import { resolveService } from './pg-service.js';

describe('service file resolution (libpq parseServiceFile)', () => {
  it('returns the group\'s keywords, trimming lines but not around "="', () => {
    expect(resolveService('  [a]  \n  host=h  \npassword=a b\n[b]\nhost=other\n', 'a')).toEqual({ host: 'h', password: 'a b' });
    expect(() => resolveService('[a]\nhost =h\n', 'a')).toThrowError('syntax error in service file "pg_service.conf", line 2');
  });

  it('matches the name case-sensitively up to "]" and ignores what follows it', () => {
    expect(resolveService('[Prod] trailing words\nhost=h\n', 'Prod')).toEqual({ host: 'h' });
    expect(resolveService('[prod]\nhost=h\n', 'Prod')).toBeUndefined();
    expect(resolveService('[prod2]\nhost=h\n', 'prod')).toBeUndefined();
  });

  it('skips comments and blank lines, and keeps the first of a repeated key', () => {
    expect(resolveService('# c\n\n[a]\n# host=no\nhost=first\nhost=second\n', 'a')).toEqual({ host: 'first' });
  });

  it('refuses unknown keys, nested services and lines without "=" inside the group only', () => {
    expect(resolveService('[x]\ncolour=blue\n[a]\nhost=h\n', 'a')).toEqual({ host: 'h' });
    expect(() => resolveService('[a]\ncolour=blue\n', 'a')).toThrowError(/syntax error/);
    expect(() => resolveService('[a]\nservice=b\n', 'a')).toThrowError(/nested service specifications/);
    expect(() => resolveService('[a]\nhost\n', 'a')).toThrowError(/syntax error/);
  });

  it('refuses a line of 1023 bytes or more met before the group ends', () => {
    const long = `# ${'x'.repeat(1020)}\n`; // 1023 bytes with its newline
    expect(() => resolveService(`${long}[a]\nhost=h\n`, 'a')).toThrowError('line 1 too long in service file "pg_service.conf"');
    expect(resolveService(`# ${'x'.repeat(1019)}\n[a]\nhost=h\n`, 'a')).toEqual({ host: 'h' });
    expect(resolveService(`[a]\nhost=h\n[b]\n${long}`, 'a')).toEqual({ host: 'h' });
  });
});
