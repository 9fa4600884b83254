import { isSecretKeyword } from './keywords.js';
import { ConnInfoStore } from './libpq-store.js';
import { parseFailure, rejectNul, type LibpqParseOptions, type LibpqParseResult } from './libpq-result.js';
import { uriDecode, type DecodeResult } from './percent-decode.js';
import { utf8Length } from './utf8.js';

/** The two URI designators libpq accepts, matched case-sensitively at offset 0. */
export const LIBPQ_URI_PREFIXES = ['postgresql://', 'postgres://'] as const;

/** libpq's `uri_prefix_length`: the length of the URI designator `text` starts with, or 0. */
export function uriPrefixLength(text: string): number {
  return LIBPQ_URI_PREFIXES.find((prefix) => text.startsWith(prefix))?.length ?? 0;
}

type Failure = LibpqParseResult & { ok: false };

/**
 * Parses a libpq connection URI exactly as libpq 18's `conninfo_uri_parse_options` does:
 * `postgres[ql]://[user[:password]@][netloc][:port][,netloc[:port]...][/dbname][?key=value&...]`.
 * The userinfo ends at the first `@` before any `/` (neither `?` nor `#` stops the scan); `[...]` is an
 * IPv6 literal; host and port lists keep one entry per netloc; empty user, password, host, port and
 * dbname are not stored; each part is percent-decoded with libpq 18's space rules; query parameters
 * override what came before and must be libpq keywords, except `ssl=true`, which means sslmode=require.
 *
 * Error messages follow libpq's wording but never quote a secret: where libpq would print a password,
 * or the whole URI with its password, they name the part instead and `position` points at it.
 */
export function parseLibpqUri(text: string, options: LibpqParseOptions = {}): LibpqParseResult {
  const nul = rejectNul(text);
  if (nul) return nul;
  const prefix = uriPrefixLength(text);
  if (prefix === 0) return parseFailure('PARSE_NOT_A_URI', 'not a postgresql:// or postgres:// URI', 0);
  return new UriParser(text, options.binary ?? false).parse(prefix);
}

class UriParser {
  readonly #store = new ConnInfoStore();

  constructor(
    readonly text: string,
    readonly binary: boolean,
  ) {}

  parse(start: number): LibpqParseResult {
    const { text } = this;
    const netloc = this.#userinfo(start);
    if (typeof netloc !== 'number') return netloc;
    const hosts = new PieceBuffer();
    const ports = new PieceBuffer();
    let p = netloc;
    let terminator: string | undefined;
    for (;;) {
      if (text[p] === '[') {
        const open = p++;
        const hostStart = p;
        while (p < text.length && text[p] !== ']') p++;
        if (p >= text.length) {
          return parseFailure('PARSE_IPV6_UNTERMINATED', 'end of string reached when looking for matching "]" in IPv6 host address in URI', open);
        }
        if (p === hostStart) return parseFailure('PARSE_IPV6_EMPTY', 'IPv6 host address may not be empty in URI', open);
        hosts.append(text.slice(hostStart, p), hostStart);
        p++;
        const after = text[p];
        if (after !== undefined && !':/?,'.includes(after)) return this.#unexpectedCharacter(p);
      } else {
        const hostStart = p;
        while (p < text.length && !':/?,'.includes(text[p] ?? '')) p++;
        hosts.append(text.slice(hostStart, p), hostStart);
      }
      terminator = text[p];
      if (terminator === ':') {
        const portStart = ++p;
        while (p < text.length && !'/?,'.includes(text[p] ?? '')) p++;
        ports.append(text.slice(portStart, p), portStart);
        terminator = text[p];
      }
      if (terminator !== ',') break;
      hosts.append(',', p);
      ports.append(',', p);
      p++;
    }
    const stored = this.#storeComponent('host', hosts) ?? this.#storeComponent('port', ports);
    if (stored) return stored;

    if (terminator === '/') {
      const dbStart = ++p;
      while (p < text.length && text[p] !== '?') p++;
      const dbname = new PieceBuffer();
      dbname.append(text.slice(dbStart, p), dbStart);
      const failure = this.#storeComponent('dbname', dbname);
      if (failure) return failure;
      terminator = text[p];
    }
    if (terminator === '?') {
      const failure = this.#queryParameters(p + 1);
      if (failure) return failure;
    }
    return { ok: true, keywords: this.#store.toConnInfo() };
  }

  /** Stores `user[:password]@` when an `@` comes before any `/`; returns where the netloc starts. */
  #userinfo(start: number): number | Failure {
    const { text } = this;
    let at = start;
    while (at < text.length && text[at] !== '@' && text[at] !== '/') at++;
    if (text[at] !== '@') return start;
    const colon = text.indexOf(':', start);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    const user = new PieceBuffer();
    user.append(text.slice(start, userEnd), start);
    const password = new PieceBuffer();
    if (userEnd < at) password.append(text.slice(userEnd + 1, at), userEnd + 1);
    return this.#storeComponent('user', user) ?? this.#storeComponent('password', password) ?? at + 1;
  }

  /** Decodes and stores one authority or path part; like libpq, an empty part is not stored at all. */
  #storeComponent(keyword: string, part: PieceBuffer): Failure | undefined {
    if (part.text === '') return undefined;
    const decoded = this.#decode(part.text, (i) => part.positionOf(i), isSecretKeyword(keyword) ? keyword : undefined);
    if (!decoded.ok) return decoded;
    this.#store.store(keyword, decoded.value);
    return undefined;
  }

  #queryParameters(start: number): Failure | undefined {
    const { text } = this;
    let p = start;
    while (p < text.length) {
      const keyStart = p;
      let equals = -1;
      let end: number;
      for (;;) {
        const ch = text[p];
        if (ch === '=') {
          if (equals >= 0) {
            const key = text.slice(keyStart, equals);
            return parseFailure('PARSE_QUERY_EXTRA_EQUALS', `extra key/value separator "=" in URI query parameter: "${key}"`, p);
          }
          equals = p++;
        } else if (ch === '&' || ch === undefined) {
          end = p;
          if (ch === '&') p++;
          if (equals < 0) {
            const key = text.slice(keyStart, end);
            return parseFailure('PARSE_QUERY_MISSING_EQUALS', `missing key/value separator "=" in URI query parameter: "${key}"`, keyStart);
          }
          break;
        } else p++;
      }
      const key = this.#decode(text.slice(keyStart, equals), (i) => keyStart + i);
      if (!key.ok) return key;
      const valueStart = equals + 1;
      const value = this.#decode(text.slice(valueStart, end), (i) => valueStart + i, isSecretKeyword(key.value) ? key.value : undefined);
      if (!value.ok) return value;
      // libpq's one concession to JDBC: ssl=true, and only that spelling, means sslmode=require.
      const [keyword, stored] = key.value === 'ssl' && value.value === 'true' ? ['sslmode', 'require'] : [key.value, value.value];
      if (!this.#store.store(keyword, stored)) {
        return parseFailure('PARSE_INVALID_QUERY_PARAMETER', `invalid URI query parameter: "${keyword}"`, keyStart);
      }
    }
    return undefined;
  }

  #decode(text: string, positionOf: (index: number) => number, secretName?: string): DecodeResult {
    return uriDecode({ text, positionOf, binary: this.binary, ...(secretName === undefined ? {} : { secretName }) });
  }

  /** libpq counts this position in bytes from 1, with the prefix; `position` stays a string offset. */
  #unexpectedCharacter(p: number): Failure {
    const ch = this.binary ? (this.text[p] ?? '') : String.fromCodePoint(this.text.codePointAt(p) ?? 0);
    const bytePosition = (this.binary ? p : utf8Length(this.text.slice(0, p))) + 1;
    return parseFailure(
      'PARSE_UNEXPECTED_CHARACTER',
      `unexpected character "${ch}" at position ${bytePosition} in URI (expected ":" or "/")`,
      p,
    );
  }
}

/**
 * Text assembled from pieces of the input, as libpq assembles its host and port lists, remembering where
 * each piece came from so that errors can point into the input.
 */
class PieceBuffer {
  text = '';
  readonly #pieces: { at: number; from: number }[] = [];

  append(piece: string, from: number): void {
    this.#pieces.push({ at: this.text.length, from });
    this.text += piece;
  }

  positionOf(index: number): number {
    let from = 0;
    let at = 0;
    for (const piece of this.#pieces) {
      if (piece.at > index) break;
      ({ at, from } = piece);
    }
    return from + index - at;
  }
}
