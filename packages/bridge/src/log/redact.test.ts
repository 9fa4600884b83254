import { afterEach, describe, expect, it, vi } from 'vitest';
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

  it('recognises an RDS IAM token and a JSON Web Token by their shape, without being given them', () => {
    const r = new Redactor();
    const iam =
      'db.abc.eu-west-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIAEXAMPLE%2F20261121%2Feu-west-1%2Frds-db%2Faws4_request&X-Amz-Date=20261121T120000Z' +
      '&X-Amz-Expires=900&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd4567ef';
    const out = r.text(`token ${iam} / ${encodeURIComponent(iam)}`);
    expect(out).not.toMatch(/AKIAEXAMPLE|IQoJb3JpZ2luX2VjEXAMPLE|0123abcd4567ef/);
    expect(out).toContain('DBUser=app'); // what the token is for stays readable
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL29zc3JkYm1zLWFhZC5kYXRhYmFzZS53aW5kb3dzLm5ldCJ9.c2lnbmF0dXJl';
    expect(r.text(`Bearer ${jwt}.`)).toBe('Bearer [redacted].');
  });

  describe('values kept for a while', () => {
    afterEach(() => vi.useRealTimers());

    it('forgets a value given forMs once its time is up, and keeps one given for good', () => {
      vi.useFakeTimers({ now: new Date('2026-11-21T12:00:00Z') });
      const r = new Redactor();
      r.add('long-lived-password');
      r.add('token-0001', { forMs: 60 * 60_000 });
      expect(r.text('token-0001 long-lived-password')).toBe('[redacted] [redacted]');
      vi.setSystemTime(new Date('2026-11-21T13:30:00Z'));
      r.add('token-0002', { forMs: 60 * 60_000 }); // registering prunes what is due
      expect(r.text('token-0001 token-0002 long-lived-password')).toBe('token-0001 [redacted] [redacted]');
    });

    it('keeps a value for good when it was also given without a time', () => {
      vi.useFakeTimers({ now: new Date('2026-11-21T12:00:00Z') });
      const r = new Redactor();
      r.add('same-secret');
      r.add('same-secret', { forMs: 1_000 });
      vi.setSystemTime(new Date('2026-11-22T12:00:00Z'));
      r.add('another-one', { forMs: 1_000 });
      expect(r.text('same-secret')).toBe('[redacted]');
    });

    it('does not grow without end when every connection brings a new token', () => {
      vi.useFakeTimers({ now: new Date('2026-11-21T12:00:00Z') });
      const r = new Redactor();
      // A day of pooled connections, one new token a minute, each kept for two hours.
      for (let minute = 0; minute < 24 * 60; minute++) {
        r.add(`token-${minute.toString().padStart(4, '0')}-xyz`, { forMs: 2 * 60 * 60_000 });
        vi.advanceTimersByTime(60_000);
      }
      // Four forms each, for the last two hours' tokens (and a minute's slack before a prune).
      expect(r.size).toBeLessThanOrEqual(4 * (2 * 60 + 2));
    });
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
