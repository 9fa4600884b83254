/**
 * UTF-8 for core, which cannot count on TextEncoder/TextDecoder (its lib is plain ES2023).
 * libpq percent-decodes URI parts to bytes; these turn text into those bytes and back.
 */

/** Appends the UTF-8 bytes of one code point; lone surrogates become U+FFFD, as TextEncoder does. */
export function pushUtf8(codePoint: number, out: number[]): void {
  const cp = codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint;
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/** The number of UTF-8 bytes in `text`, which is what libpq counts in its position messages. */
export function utf8Length(text: string): number {
  const bytes: number[] = [];
  for (const ch of text) pushUtf8(ch.codePointAt(0) ?? 0, bytes);
  return bytes.length;
}

/**
 * Decodes UTF-8 the way TextDecoder does (WHATWG Encoding): each maximal invalid subsequence becomes
 * one U+FFFD, so `%ff` reads as "\uFFFD" instead of failing.
 */
export function decodeUtf8(bytes: readonly number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] ?? 0;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const [need, lower, upper] = leadByte(b0);
    if (need === 0) {
      out += '\ufffd';
      i++;
      continue;
    }
    let cp = b0 & (0xff >> (need + 2));
    let j = 1;
    for (; j <= need; j++) {
      const b = bytes[i + j];
      const lo = j === 1 ? lower : 0x80;
      const hi = j === 1 ? upper : 0xbf;
      if (b === undefined || b < lo || b > hi) break;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (j <= need) {
      out += '\ufffd';
      i += j;
    } else {
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
  }
  return out;
}

/**
 * Continuation count and the allowed range of the second byte for a lead byte. The narrowed ranges
 * exclude overlong forms, surrogates and code points above U+10FFFF.
 */
function leadByte(b: number): [need: number, lower: number, upper: number] {
  if (b >= 0xc2 && b <= 0xdf) return [1, 0x80, 0xbf];
  if (b === 0xe0) return [2, 0xa0, 0xbf];
  if (b === 0xed) return [2, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [2, 0x80, 0xbf];
  if (b === 0xf0) return [3, 0x90, 0xbf];
  if (b === 0xf4) return [3, 0x80, 0x8f];
  if (b >= 0xf1 && b <= 0xf3) return [3, 0x80, 0xbf];
  return [0, 0, 0];
}
