/**
 * Seeded, grammar-aware generators of connection strings for the differential and fuzz tests: valid libpq
 * URIs and key=value strings built from random parts, then mutated by splicing in the characters that
 * matter to libpq's parsers. The same seed always gives the same strings, so a failure can be replayed.
 */
import { LIBPQ_KEYWORDS } from './keywords.js';

export type Random = () => number;

/** mulberry32: small, fast and good enough to spread test inputs. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: Random, max: number): number => Math.floor(random() * max);
const times = (random: Random, max: number, make: () => string): string[] => Array.from({ length: int(random, max + 1) }, make);

/** Characters with a meaning somewhere in libpq's grammars, and some that only look like they might. */
const SPECIALS = ['@', ':', '/', '?', '&', '=', '%', '[', ']', ',', "'", '\\', ' ', '\t', '\v', '\f', '\r', '#', '+', '"', ';'];
const PERCENT_TOKENS = ['%20', '%2F', '%2f', '%40', '%3A', '%3D', '%26', '%25', '%2C', '%5B', '%00', '%zz', '%2', '%', '%C3%A9', '%ff', '%E2%82'];
const WORDS = ['h', 'db', 'localhost', 'example.com', 'u', 'p', 'a b', '5432', '::1', 'fe80::1', '127.0.0.1', 'é', '🐘', 'x'.repeat(40)];
const KEYS = [...LIBPQ_KEYWORDS.map((k) => k.keyword), 'requiressl', 'ssl', 'foo', 'Host'];
const VALUES = ['', 'require', 'true', '1', '0', 'disable', '/tmp', '@abstract', 'a,b', 'h1,,h3', '-c geqo=off', "it's", 'x\\y'];

function atom(random: Random): string {
  const roll = random();
  if (roll < 0.5) return pick(random, WORDS);
  if (roll < 0.7) return pick(random, PERCENT_TOKENS);
  if (roll < 0.85) return pick(random, SPECIALS);
  return String.fromCharCode(0x21 + int(random, 0x5e));
}

const part = (random: Random, max = 3): string => times(random, max, () => atom(random)).join('');

function netloc(random: Random): string {
  const host = pick(random, [pick(random, WORDS), `[${pick(random, ['::1', '2001:db8::1', '', ' ::1 ', 'fe80::1%25eth0'])}]`, '%2Ftmp', '%40sock', '', part(random)]);
  return random() < 0.4 ? `${host}:${pick(random, ['5432', '', '1', 'abc', ' 5 '])}` : host;
}

export function randomUri(random: Random): string {
  let uri = pick(random, ['postgresql://', 'postgres://']);
  if (random() < 0.4) uri += `${part(random, 2)}${random() < 0.5 ? `:${part(random, 2)}` : ''}@`;
  uri += Array.from({ length: 1 + int(random, 3) }, () => netloc(random)).join(',');
  if (random() < 0.6) uri += `/${part(random, 2)}`;
  if (random() < 0.6) uri += `?${times(random, 3, () => `${pick(random, KEYS)}=${random() < 0.5 ? pick(random, VALUES) : part(random, 2)}`).join('&')}`;
  return uri;
}

export function randomKeyValue(random: Random): string {
  const blank = () => pick(random, ['', ' ', '  ', '\t', ' \v ', '\f', '\r ']);
  return times(random, 4, () => {
    const roll = random();
    const value =
      roll < 0.4 ? pick(random, VALUES).replace(/[\s'\\]/g, '\\$&') : roll < 0.8 ? `'${pick(random, VALUES).replace(/['\\]/g, '\\$&')}'` : part(random);
    return `${pick(random, KEYS)}${blank()}=${blank()}${value}`;
  }).join(pick(random, [' ', '\t', '  ']));
}

/** Inserts, deletes, duplicates or replaces a few characters, mostly with ones libpq cares about. */
export function mutate(random: Random, text: string): string {
  let out = text;
  for (let n = 1 + int(random, 3); n > 0; n--) {
    const at = int(random, out.length + 1);
    const roll = random();
    if (roll < 0.4) out = out.slice(0, at) + atom(random) + out.slice(at);
    else if (roll < 0.6) out = out.slice(0, at) + out.slice(at + 1 + int(random, 3));
    else if (roll < 0.75) out = out.slice(0, at) + out.slice(int(random, at + 1), at) + out.slice(at);
    else out = out.slice(0, at) + pick(random, SPECIALS) + out.slice(at + 1);
  }
  return out;
}

/** Any characters at all, including NUL, newlines and lone surrogates: only for tests that need no oracle. */
export function randomText(random: Random): string {
  return Array.from({ length: int(random, 40) }, () =>
    random() < 0.6 ? pick(random, [...SPECIALS, '\n', '\0', 'a', '1']) : String.fromCharCode(int(random, random() < 0.9 ? 0x80 : 0x10000)),
  ).join('');
}

/**
 * `count` connection strings from `seed`: whole URIs and key=value strings, and mutations of them.
 * They never hold a newline or NUL, so each fits on one line of the oracle's input.
 */
export function libpqStrings(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const base = random() < 0.55 ? randomUri(random) : randomKeyValue(random);
    return random() < 0.5 ? base : mutate(random, base);
  });
}
