import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLibpqUri, uriPrefixLength } from './libpq-uri.js';
import { asOracleLine, describeInput, errorCodeFor, expectedLine, parseFixtureFile } from './libpq-oracle.fixtures.js';

const fixtures = parseFixtureFile(readFileSync(new URL('./fixtures/libpq18.jsonl', import.meta.url), 'utf8'))
  .filter((f) => uriPrefixLength(f.input) > 0)
  .map((f) => [describeInput(f.input), f] as const);

describe('parseLibpqUri', () => {
  it('has oracle fixtures to check against', () => {
    expect(fixtures.length).toBeGreaterThan(300);
  });

  it.each(fixtures)('agrees with libpq 18 on %s', (_name, fixture) => {
    const ours = parseLibpqUri(fixture.input, { binary: fixture.binary ?? false });
    expect(JSON.stringify(asOracleLine(ours))).toBe(JSON.stringify(expectedLine(fixture.expected, ours)));
    if (!fixture.expected.ok && !ours.ok) expect(ours.error.code).toBe(errorCodeFor(fixture.expected.error));
  });

  it('points at the first space that is inside a part', () => {
    const result = parseLibpqUri('postgresql://h/my db');
    expect(result).toMatchObject({ ok: false, error: { code: 'PARSE_UNEXPECTED_SPACES', position: 17 } });
  });

  it('points into the input for errors in a host list it assembled from pieces', () => {
    const text = 'postgresql://[a]:1,b c/db';
    const result = parseLibpqUri(text);
    expect(result).toMatchObject({ ok: false, error: { code: 'PARSE_UNEXPECTED_SPACES', position: text.indexOf(' ') } });
  });

  it('points at the bad percent token, the bracket and the stray character', () => {
    expect(parseLibpqUri('postgresql://h/db%zz')).toMatchObject({ ok: false, error: { position: 17 } });
    expect(parseLibpqUri('postgresql://x,[::1')).toMatchObject({ ok: false, error: { position: 15 } });
    expect(parseLibpqUri('postgresql://[::1]x/db')).toMatchObject({ ok: false, error: { position: 18 } });
  });

  it('never quotes a password in an error message', () => {
    for (const text of ['postgresql://u:s3cr%zz@h', 'postgresql://u:s3cr et@h', 'postgresql://u:s3cret@[::1', 'postgresql://h?password=s3cr et']) {
      const result = parseLibpqUri(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).not.toContain('s3cr');
    }
  });

  it('reads percent-encoded bytes as UTF-8 text, and invalid UTF-8 as U+FFFD', () => {
    expect(parseLibpqUri('postgresql://h/caf%C3%A9')).toEqual({ ok: true, keywords: { dbname: 'café', host: 'h' } });
    expect(parseLibpqUri('postgresql://h/%ff')).toEqual({ ok: true, keywords: { dbname: '\ufffd', host: 'h' } });
    expect(parseLibpqUri('postgresql://h/%ff', { binary: true })).toEqual({ ok: true, keywords: { dbname: '\xff', host: 'h' } });
  });

  it('rejects a string that is not a URI', () => {
    expect(parseLibpqUri('host=h')).toMatchObject({ ok: false, error: { code: 'PARSE_NOT_A_URI', position: 0 } });
  });
});
