/**
 * A JSON reader that knows where everything is. `JSON.parse` in Node 20 reports a broken file without a line
 * number (and quotes a slice of the file in its message), so a settings file a person edited by hand could not
 * be reported as "line 12, column 5". This reader gives the position of a syntax error and of every value, so a
 * schema error can point at the line too.
 *
 * `jsonc: true` accepts what VS Code's settings.json accepts: `//` and `/* *\/` comments and trailing commas.
 * Keys are defined as own properties, so a `__proto__` key is data, never a prototype.
 */

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly reason: string,
    readonly position: TextPosition,
  ) {
    super(`${reason} at line ${position.line}, column ${position.column}`);
  }
}

export interface ParsedJson {
  value: unknown;
  /** Where the value at a path (object keys and array indexes) starts; the nearest parent when the path is absent. */
  locate(path: readonly PropertyKey[]): TextPosition;
}

export function parseJsonText(text: string, options: { jsonc?: boolean } = {}): ParsedJson {
  const parser = new Parser(text, options.jsonc ?? false);
  const value = parser.document();
  const positions = parser.positions;
  return {
    value,
    locate(path) {
      for (let n = path.length; n >= 0; n--) {
        const hit = positions.get(pathKey(path.slice(0, n)));
        if (hit !== undefined) return parser.position(hit);
      }
      return { line: 1, column: 1 };
    },
  };
}

const pathKey = (path: readonly PropertyKey[]): string => JSON.stringify(path.map(String));

class Parser {
  #i = 0;
  readonly #path: string[] = [];
  /** Path → offset where its value starts. */
  readonly positions = new Map<string, number>();
  readonly #lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly jsonc: boolean,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.#lineStarts.push(i + 1);
  }

  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#lineStarts[lo] ?? 0) + 1 };
  }

  document(): unknown {
    // A byte-order mark is what some Windows editors put first; it is not content.
    if (this.text.charCodeAt(0) === 0xfeff) this.#i = 1;
    this.#space();
    if (this.#i >= this.text.length) this.#fail('the file is empty');
    const value = this.#value();
    this.#space();
    if (this.#i < this.text.length) this.#fail('unexpected text after the end of the JSON value');
    return value;
  }

  #fail(reason: string, at = this.#i): never {
    throw new JsonSyntaxError(reason, this.position(Math.min(at, this.text.length)));
  }

  #space(): void {
    const t = this.text;
    while (this.#i < t.length) {
      const c = t[this.#i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.#i++;
      else if (c === '/' && this.jsonc && t[this.#i + 1] === '/') {
        while (this.#i < t.length && t[this.#i] !== '\n') this.#i++;
      } else if (c === '/' && this.jsonc && t[this.#i + 1] === '*') {
        const end = t.indexOf('*/', this.#i + 2);
        if (end < 0) this.#fail('a /* comment is never closed');
        this.#i = end + 2;
      } else return;
    }
  }

  #value(): unknown {
    this.positions.set(pathKey(this.#path), this.#i);
    const c = this.text[this.#i];
    if (c === '{') return this.#object();
    if (c === '[') return this.#array();
    if (c === '"') return this.#string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.#number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.#i)) {
        this.#i += word.length;
        return value;
      }
    }
    if (c === undefined) this.#fail('the file ends where a value was expected');
    this.#fail(c === '}' || c === ']' || c === ',' ? `unexpected "${c}" where a value was expected` : 'unexpected character where a value was expected');
  }

  #object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#i++;
    this.#space();
    if (this.text[this.#i] === '}') {
      this.#i++;
      return out;
    }
    for (;;) {
      this.#space();
      if (this.jsonc && this.text[this.#i] === '}') {
        this.#i++;
        return out;
      }
      if (this.text[this.#i] !== '"') this.#fail('expected a property name in double quotes');
      const key = this.#string();
      this.#space();
      if (this.text[this.#i] !== ':') this.#fail('expected ":" after the property name');
      this.#i++;
      this.#space();
      this.#path.push(key);
      Object.defineProperty(out, key, { value: this.#value(), enumerable: true, writable: true, configurable: true });
      this.#path.pop();
      this.#space();
      const c = this.text[this.#i];
      this.#i++;
      if (c === '}') return out;
      if (c !== ',') this.#fail('expected "," or "}" after a property', this.#i - 1);
    }
  }

  #array(): unknown[] {
    const out: unknown[] = [];
    this.#i++;
    this.#space();
    if (this.text[this.#i] === ']') {
      this.#i++;
      return out;
    }
    for (;;) {
      this.#space();
      if (this.jsonc && this.text[this.#i] === ']') {
        this.#i++;
        return out;
      }
      this.#path.push(String(out.length));
      out.push(this.#value());
      this.#path.pop();
      this.#space();
      const c = this.text[this.#i];
      this.#i++;
      if (c === ']') return out;
      if (c !== ',') this.#fail('expected "," or "]" after an array element', this.#i - 1);
    }
  }

  #string(): string {
    const start = this.#i;
    this.#i++;
    let out = '';
    for (;;) {
      const c = this.text[this.#i];
      if (c === undefined) this.#fail('a string is never closed', start);
      if (c === '"') {
        this.#i++;
        return out;
      }
      if (c < ' ') this.#fail('a control character (such as a line break) inside a string must be escaped');
      if (c !== '\\') {
        out += c;
        this.#i++;
        continue;
      }
      const e = this.text[this.#i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && Object.hasOwn(simple, e)) {
        out += simple[e];
        this.#i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#i + 2, this.#i + 6))) {
        out += String.fromCharCode(Number.parseInt(this.text.slice(this.#i + 2, this.#i + 6), 16));
        this.#i += 6;
      } else this.#fail('invalid escape sequence in a string');
    }
  }

  #number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.#i, this.#i + 400));
    if (!match) this.#fail('invalid number');
    this.#i += match[0].length;
    return Number(match[0]);
  }
}
