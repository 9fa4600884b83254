import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, pushUtf8, utf8Length } from './utf8.js';

describe('utf8', () => {
  it('decodes any bytes exactly as TextDecoder does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(decodeUtf8([...bytes])).toBe(new TextDecoder().decode(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('encodes any string exactly as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes: number[] = [];
        for (const ch of text) pushUtf8(ch.codePointAt(0) ?? 0, bytes);
        expect(bytes).toEqual([...new TextEncoder().encode(text)]);
        expect(utf8Length(text)).toBe(bytes.length);
      }),
    );
  });
});
