import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './detect.js';
import { LIBPQ_KEYWORDS } from './keywords.js';
import { parseLibpq } from './libpq.js';
import type { LibpqParseResult } from './libpq-result.js';
import { errorInfo, isErrorCode } from '../protocol/errors.js';
import { mutate, randomKeyValue, randomText, randomUri, seededRandom } from './libpq-strings.fixtures.js';
import type { ParseResult } from './types.js';

const SEED = 0x5eed;
const COUNT = 100_000;
const keywordOrder = LIBPQ_KEYWORDS.map((k) => k.keyword as string);

/** Why `result` is not a well-formed answer for `text`, or undefined when it is. */
function problemWith(result: LibpqParseResult, text: string): string | undefined {
  if (result.ok) {
    const keys = Object.keys(result.keywords);
    const positions = keys.map((k) => keywordOrder.indexOf(k));
    if (positions.some((p) => p < 0)) return `unknown keyword in ${keys.join(',')}`;
    if (positions.some((p, i) => i > 0 && p <= (positions[i - 1] ?? -1))) return `keywords out of libpq order: ${keys.join(',')}`;
    if (Object.values(result.keywords).some((v) => typeof v !== 'string')) return 'a value that is not a string';
    return undefined;
  }
  const { code, message, position, hint } = result.error;
  if (!isErrorCode(code) || !code.startsWith('PARSE_')) return `unknown error code ${code}`;
  if (typeof message !== 'string' || message === '') return 'an empty message';
  if (hint !== errorInfo(code).hint) return `a hint that is not ${code}'s`;
  if (!Number.isInteger(position) || position < 0 || position >= text.length) return `position ${position} outside the input`;
  return undefined;
}

/** Why a `parseConnectionString` result is not well-formed for `text`, or undefined when it is. */
function problemWithDetected(result: ParseResult, text: string): string | undefined {
  const inside = (position: number | undefined) => position === undefined || (Number.isInteger(position) && position >= 0 && position <= text.length);
  if (!result.warnings.every((w) => typeof w.code === 'string' && inside(w.position))) return 'a warning outside the input';
  if (result.ok) return typeof result.keywords === 'object' && typeof result.profile === 'object' ? undefined : 'no keywords or profile';
  const { code, message, position } = result.error;
  if (typeof code !== 'string' || typeof message !== 'string' || message === '') return 'an error without code or message';
  return inside(position) ? undefined : `position ${position} outside the input`;
}

/** Random text, or a random URI or key=value string with a few mutations. */
function fuzzString(random: () => number): string {
  const roll = random();
  return roll < 0.3 ? randomText(random) : mutate(random, roll < 0.65 ? randomUri(random) : randomKeyValue(random));
}

describe('parseLibpq under fuzzing', () => {
  it(`returns a well-formed result and never throws on ${COUNT} random and mutated strings`, { timeout: 60_000 }, () => {
    const random = seededRandom(SEED);
    const problems: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const text = fuzzString(random);
      // The binary view of the same text: one char per UTF-8 byte, as the CLI feeds it.
      const binary = String.fromCharCode(...new TextEncoder().encode(text));
      for (const [input, result] of [
        [text, parseLibpq(text)],
        [binary, parseLibpq(binary, { binary: true })],
      ] as const) {
        const problem = problemWith(result, input);
        if (problem) problems.push(`${JSON.stringify(input)}: ${problem}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});

describe('parseConnectionString under fuzzing', () => {
  it(`returns a well-formed result and never throws on ${COUNT} random and mutated strings`, { timeout: 60_000 }, () => {
    const random = seededRandom(SEED + 1);
    const problems: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const text = fuzzString(random);
      let problem: string | undefined;
      try {
        problem = problemWithDetected(parseConnectionString(text), text);
      } catch (error) {
        problem = `threw ${String(error)}`;
      }
      if (problem) problems.push(`${JSON.stringify(text)}: ${problem}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
