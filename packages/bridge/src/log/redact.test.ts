import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';
import { memoryLogger } from './logger.js';

describe('Redactor', () => {
  it('replaces values under secret-named keys at any depth', () => {
    const r = new Redactor();
    expect(r.value({ user: 'alice', password: 'hunter22', ssh: { passphrase: 'x', auth: { token: 't' } } })).toEqual({
      user: 'alice',
      password: '[redacted]',
      ssh: { passphrase: '[redacted]', auth: { token: '[redacted]' } },
    });
  });

  it('catches a known secret inside free text, also URL- and base64-encoded', () => {
    const r = new Redactor();
    r.add('CANARY p@ss');
    const text = `auth failed for CANARY p@ss / ${encodeURIComponent('CANARY p@ss')} / ${Buffer.from('CANARY p@ss').toString('base64')}`;
    expect(r.text(text)).not.toMatch(/CANARY|Q0FOQVJZ/);
  });

  it('removes the password from URL userinfo', () => {
    expect(new Redactor().text('postgresql://bob:s3cret@db/app')).toBe('postgresql://bob:[redacted]@db/app');
  });

  it('survives cycles and errors', () => {
    const r = new Redactor();
    r.add('topsecret');
    const o: Record<string, unknown> = { e: new Error('bad topsecret') };
    o.self = o;
    expect(JSON.stringify(r.value(o))).not.toContain('topsecret');
  });
});

describe('Logger', () => {
  it('never writes a registered secret', () => {
    const { logger, lines } = memoryLogger();
    logger.redactor.add('CANARY-PASSWORD');
    logger.error('connect failed', { detail: 'password CANARY-PASSWORD rejected', config: { password: 'CANARY-PASSWORD' } });
    expect(lines.join('')).not.toContain('CANARY-PASSWORD');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'connect failed' });
  });
});
