import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLibpq } from './libpq.js';
import { asOracleLine, errorCodeFor, expectedLine, type OracleLine } from './libpq-oracle.fixtures.js';
import { libpqStrings } from './libpq-strings.fixtures.js';

const oracle = fileURLToPath(new URL('../../../../.cache/libpq-parse', import.meta.url));
const SEED = 20250918;
const COUNT = 20_000;

/** Runs the libpq 18 oracle once over all inputs (one per line) and returns its lines as binary strings. */
function runOracle(inputs: readonly Buffer[]): string[] {
  if (!existsSync(oracle)) {
    throw new Error(`The libpq oracle is missing at ${oracle}. Build it with: bash scripts/setup.sh (or bash ../shared/oracle/build.sh . .cache/libpq-parse)`);
  }
  const run = spawnSync(oracle, { input: Buffer.concat(inputs.flatMap((b) => [b, Buffer.from('\n')])), maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`the oracle failed: ${run.stderr.toString()}`);
  return run.stdout.toString('latin1').split('\n').slice(0, inputs.length);
}

describe('the libpq parsers against libpq 18 itself', () => {
  const texts = libpqStrings(SEED, COUNT);
  const bytes = texts.map((t) => Buffer.from(t, 'utf8'));

  it(`make libpq's decision and keyword map on ${COUNT} generated strings (seed ${SEED})`, () => {
    const lines = runOracle(bytes);
    expect(lines).toHaveLength(COUNT);
    const mismatches: string[] = [];
    bytes.forEach((input, i) => {
      const expected = JSON.parse(lines[i] ?? '') as OracleLine;
      const ours = parseLibpq(input.toString('latin1'), { binary: true });
      const want = JSON.stringify(expectedLine(expected, ours));
      const got = JSON.stringify(asOracleLine(ours));
      const codeAgrees = expected.ok || ours.ok || errorCodeFor(expected.error) === ours.error.code;
      if (got !== want || !codeAgrees) mismatches.push(`${JSON.stringify(texts[i])}\n  libpq: ${want}\n  ours:  ${got}`);
    });
    expect(mismatches.slice(0, 10).join('\n')).toBe('');
    // Both outcomes must be well represented, or the comparison proves little.
    const accepted = lines.filter((l) => l.startsWith('{"ok":true')).length;
    expect(accepted).toBeGreaterThan(COUNT / 5);
    expect(COUNT - accepted).toBeGreaterThan(COUNT / 5);
  });

  it('give the same answer on text as on its UTF-8 bytes, read as UTF-8', () => {
    for (const [i, text] of texts.entries()) {
      // A lone surrogate (a mutation can split a pair) has no UTF-8 form to compare with.
      if (bytes[i]?.toString('utf8') !== text) continue;
      const fromText = parseLibpq(text);
      const fromBytes = parseLibpq(bytes[i]?.toString('latin1') ?? '', { binary: true });
      expect(fromText.ok).toBe(fromBytes.ok);
      if (fromText.ok && fromBytes.ok) {
        const decoded = Object.fromEntries(Object.entries(fromBytes.keywords).map(([k, v]) => [k, Buffer.from(v, 'latin1').toString('utf8')]));
        expect(fromText.keywords).toEqual(decoded);
      }
    }
  });
});
