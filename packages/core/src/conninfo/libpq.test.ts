import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLibpq } from './libpq.js';
import { parseLibpqKeyValue } from './libpq-keyvalue.js';
import { parseLibpqUri } from './libpq-uri.js';
import { asOracleLine, expectedLine, parseFixtureFile } from './libpq-oracle.fixtures.js';

const fixtures = parseFixtureFile(readFileSync(new URL('./fixtures/libpq18.jsonl', import.meta.url), 'utf8'));

describe('parseLibpq', () => {
  // The CLI's view: the UTF-8 bytes of the text, one char per byte, answered byte for byte.
  it('agrees with libpq 18 on the bytes of every text fixture, in binary mode', () => {
    const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    for (const { input, expected } of fixtures.filter((f) => !f.binary)) {
      const ours = parseLibpq(latin1(input), { binary: true });
      const want = expectedLine(expected, ours);
      expect(JSON.stringify(asOracleLine(ours)), input).toBe(latin1(JSON.stringify(want)));
    }
  });

  it('reads a URI only when the exact lower-case prefix starts the string', () => {
    for (const text of ['postgresql://h/db', 'postgres://h/db']) expect(parseLibpq(text)).toEqual(parseLibpqUri(text));
    for (const text of ['POSTGRESQL://h/db', ' postgresql://h/db', 'postgresq://h/db', 'host=h']) {
      expect(parseLibpq(text)).toEqual(parseLibpqKeyValue(text));
    }
  });

  it('gives every error a hint', () => {
    const result = parseLibpq('postgresql://h/my db');
    expect(result.ok || result.error.hint).toMatch(/%20/);
  });
});
