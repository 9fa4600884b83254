import { isSecretKeyword } from './keywords.js';
import { ConnInfoStore } from './libpq-store.js';
import { parseFailure, rejectNul, type LibpqParseOptions, type LibpqParseResult } from './libpq-result.js';

/** `isspace` in the C locale, which is what libpq's key=value parser tests with. */
function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

/**
 * Parses a libpq key=value connection string exactly as libpq 18's `conninfo_parse` does: whitespace
 * separates pairs and may surround `=`; after `=` blanks are skipped and the value starts, so an empty
 * value must be written `''`; `\` escapes the next character in and out of quotes; only `'` quotes,
 * and only at the start of a value; unknown keywords are errors; the last value of a keyword wins.
 * Values are never percent-decoded.
 *
 * `options` is accepted for symmetry with the URI parser: key=value parsing never decodes bytes.
 */
export function parseLibpqKeyValue(text: string, _options: LibpqParseOptions = {}): LibpqParseResult {
  const nul = rejectNul(text);
  if (nul) return nul;
  const store = new ConnInfoStore();
  const n = text.length;
  let cp = 0;
  // A word without "=" right after an unquoted secret value is most likely the rest of that secret,
  // cut at a space, so the message must not quote it.
  let afterSecret: string | undefined;
  while (cp < n) {
    if (isCSpace(text[cp])) {
      cp++;
      continue;
    }
    const nameStart = cp;
    let nameEnd = -1;
    while (cp < n && text[cp] !== '=') {
      if (isCSpace(text[cp])) {
        nameEnd = cp;
        while (isCSpace(text[cp])) cp++;
        break;
      }
      cp++;
    }
    const name = text.slice(nameStart, nameEnd < 0 ? cp : nameEnd);
    if (text[cp] !== '=') {
      const what = afterSecret === undefined ? `"${name}"` : `the word that follows the ${afterSecret} value`;
      return parseFailure('PARSE_MISSING_EQUALS', `missing "=" after ${what} in connection info string`, nameStart);
    }
    cp++;
    while (isCSpace(text[cp])) cp++;

    let value = '';
    const quoted = text[cp] === "'";
    if (!quoted) {
      while (cp < n) {
        const ch = text[cp++];
        if (isCSpace(ch)) break;
        if (ch === '\\') {
          if (cp < n) value += text[cp++];
        } else value += ch;
      }
    } else {
      const quoteAt = cp++;
      for (;;) {
        if (cp >= n) {
          return parseFailure('PARSE_UNTERMINATED_QUOTE', 'unterminated quoted string in connection info string', quoteAt);
        }
        const ch = text[cp++];
        if (ch === "'") break;
        if (ch === '\\') {
          if (cp < n) value += text[cp++];
        } else value += ch;
      }
    }

    if (!store.store(name, value)) {
      return parseFailure('PARSE_INVALID_OPTION', `invalid connection option "${name}"`, nameStart);
    }
    afterSecret = !quoted && isSecretKeyword(name) ? name : undefined;
  }
  return { ok: true, keywords: store.toConnInfo() };
}
