import { parseFailure, type LibpqParseResult } from './libpq-result.js';
import { decodeUtf8, pushUtf8 } from './utf8.js';

/** One URI part handed to the decoder, and how to point into the input and quote it in messages. */
export interface UriComponent {
  text: string;
  /** Maps an index in `text` to an offset in the whole input. */
  positionOf: (index: number) => number;
  /** The secret it holds, if any: the message then names it instead of quoting it. */
  secretName?: string;
  binary: boolean;
}

export type DecodeResult = { ok: true; value: string } | (LibpqParseResult & { ok: false });

/**
 * libpq 18's `conninfo_uri_decode`: leading and trailing spaces are dropped, a space anywhere else is an
 * error, `%XX` (either case) becomes the byte XX, and `%00` is refused. Only the space character counts;
 * tabs and other whitespace are kept as they are. `+` stays `+`.
 */
export function uriDecode(component: UriComponent): DecodeResult {
  const { text, positionOf } = component;
  // libpq quotes the whole part; a secret part is named instead.
  const secret = component.secretName;
  const quoted = secret === undefined ? `"${text}"` : `the ${secret}`;
  const bytes: number[] = [];
  let i = 0;
  while (text[i] === ' ') i++;
  for (;;) {
    const ch = text[i];
    if (ch === undefined || ch === ' ') break;
    if (ch !== '%') {
      const cp = component.binary ? text.charCodeAt(i) : (text.codePointAt(i) ?? 0);
      if (component.binary) bytes.push(cp);
      else pushUtf8(cp, bytes);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const hi = hexValue(text[i + 1]);
    const lo = hi === undefined ? undefined : hexValue(text[i + 2]);
    if (hi === undefined || lo === undefined) {
      return parseFailure('PARSE_INVALID_PERCENT', secret === undefined ? `invalid percent-encoded token: ${quoted}` : `invalid percent-encoded token in ${quoted}`, positionOf(i));
    }
    const byte = (hi << 4) | lo;
    if (byte === 0) {
      return parseFailure('PARSE_PERCENT_NUL', secret === undefined ? `forbidden value %00 in percent-encoded value: ${quoted}` : `forbidden value %00 in ${quoted}`, positionOf(i));
    }
    bytes.push(byte);
    i += 3;
  }
  const end = i;
  while (text[i] === ' ') i++;
  if (i < text.length) {
    return parseFailure(
      'PARSE_UNEXPECTED_SPACES',
      `unexpected spaces found in ${quoted}, use percent-encoded spaces (%20) instead`,
      positionOf(end),
    );
  }
  return { ok: true, value: component.binary ? bytesToBinaryString(bytes) : decodeUtf8(bytes) };
}

function hexValue(ch: string | undefined): number | undefined {
  if (ch === undefined) return undefined;
  const code = ch.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return undefined;
}

function bytesToBinaryString(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}
