import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLibpqKeyValue } from './libpq-keyvalue.js';
import { uriPrefixLength } from './libpq-uri.js';
import { asOracleLine, describeInput, errorCodeFor, expectedLine, parseFixtureFile } from './libpq-oracle.fixtures.js';

const all = parseFixtureFile(readFileSync(new URL('./fixtures/libpq18.jsonl', import.meta.url), 'utf8'));
const fixtures = all.filter((f) => uriPrefixLength(f.input) === 0).map((f) => [describeInput(f.input), f] as const);
const expectedFor = (input: string) => all.find((f) => f.input === input)?.expected;

describe('parseLibpqKeyValue', () => {
  it('has oracle fixtures to check against', () => {
    expect(fixtures.length).toBeGreaterThan(250);
  });

  it.each(fixtures)('agrees with libpq 18 on %s', (_name, fixture) => {
    const ours = parseLibpqKeyValue(fixture.input, { binary: fixture.binary ?? false });
    expect(JSON.stringify(asOracleLine(ours))).toBe(JSON.stringify(expectedLine(fixture.expected, ours)));
    if (!fixture.expected.ok && !ours.ok) expect(ours.error.code).toBe(errorCodeFor(fixture.expected.error));
  });

  // The oracle reads one string per line, so a newline can only be checked through an equivalent string.
  it('treats a newline like any other blank, as C isspace does', () => {
    expect(asOracleLine(parseLibpqKeyValue('host=a\nport=5\n'))).toEqual(expectedFor('host=a\tport=5'));
    expect(asOracleLine(parseLibpqKeyValue("host='a\nb'"))).toEqual({ ok: true, opts: { host: 'a\nb' } });
  });

  it('points at the keyword that lacks "=" and at the quote that is never closed', () => {
    expect(parseLibpqKeyValue('host=a port')).toMatchObject({ ok: false, error: { code: 'PARSE_MISSING_EQUALS', position: 7 } });
    expect(parseLibpqKeyValue("host=x dbname='unterminated")).toMatchObject({ ok: false, error: { code: 'PARSE_UNTERMINATED_QUOTE', position: 14 } });
    expect(parseLibpqKeyValue('host=a  foo=1')).toMatchObject({ ok: false, error: { code: 'PARSE_INVALID_OPTION', position: 8 } });
  });

  it('does not quote the rest of a password that a space cut off', () => {
    const result = parseLibpqKeyValue('password=open sesame host=h');
    expect(result).toMatchObject({ ok: false, error: { code: 'PARSE_MISSING_EQUALS', position: 14 } });
    if (!result.ok) expect(result.error.message).not.toContain('sesame');
  });

  it('rejects a NUL character instead of ignoring what follows it', () => {
    expect(parseLibpqKeyValue('host=a\0port=5')).toMatchObject({ ok: false, error: { code: 'PARSE_NUL_CHARACTER', position: 6 } });
  });
});
