/**
 * Reads the literal part of a function call's arguments in JavaScript, Python, PHP or Ruby: strings,
 * numbers, booleans, null, and objects, dicts, hashes or keyword arguments built from them. It never
 * evaluates anything: an expression it cannot read (a variable, `process.env.X`, a call, string
 * interpolation) becomes an `opaque` value carrying its source text, so callers can say what they skipped.
 */

export type Language = 'js' | 'python' | 'php' | 'ruby';

export type LiteralValue =
  | { kind: 'string'; value: string; /** input offset of each UTF-16 unit of `value` */ positions: number[]; start: number }
  | { kind: 'number'; value: number; start: number }
  | { kind: 'boolean'; value: boolean; start: number }
  | { kind: 'null'; start: number }
  | { kind: 'object'; entries: LiteralEntry[]; start: number }
  | { kind: 'opaque'; text: string; start: number };

export interface LiteralEntry {
  key: string;
  value: LiteralValue;
  start: number;
}

export interface CallArguments {
  positional: LiteralValue[];
  named: LiteralEntry[];
  /** Offset just past the closing parenthesis (or the end of the line, for a Ruby call without one). */
  end: number;
}

export type ArgumentsResult = { ok: true; args: CallArguments } | { ok: false; message: string; position: number };

const NULLS: Record<Language, readonly string[]> = {
  js: ['null', 'undefined'],
  python: ['None'],
  php: ['null', 'NULL'],
  ruby: ['nil'],
};
const BOOLEANS: Record<Language, Record<string, boolean>> = {
  js: { true: true, false: false },
  python: { True: true, False: false },
  php: { true: true, false: false, TRUE: true, FALSE: false },
  ruby: { true: true, false: false },
};
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

class ParseStop extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Reads the arguments of a call whose opening parenthesis is at `open` (for Ruby, `open` may point past a
 * method name called without parentheses, and the arguments then run to the end of the line).
 */
export function readCallArguments(text: string, open: number, language: Language): ArgumentsResult {
  const reader = new LiteralReader(text, language);
  try {
    return { ok: true, args: reader.callArguments(open) };
  } catch (error) {
    if (error instanceof ParseStop) return { ok: false, message: error.message, position: error.position };
    throw error;
  }
}

class LiteralReader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly language: Language,
  ) {}

  callArguments(open: number): CallArguments {
    this.i = open;
    const parenthesized = this.text[open] === '(';
    if (parenthesized) this.i++;
    const closer = parenthesized ? ')' : '\n';
    const positional: LiteralValue[] = [];
    const named: LiteralEntry[] = [];
    for (;;) {
      this.skipSpace(!parenthesized);
      if (this.atEnd(closer)) break;
      const start = this.i;
      const key = this.keyBefore(this.language === 'python' ? ['='] : this.language === 'ruby' ? [':', '=>'] : []);
      const value = this.value(closer);
      if (key !== undefined) named.push({ key, value, start });
      else if (value.kind === 'object' && this.language === 'ruby') named.push(...value.entries);
      else positional.push(value);
      this.skipSpace(!parenthesized);
      if (this.text[this.i] === ',') this.i++;
      else if (!this.atEnd(closer)) throw new ParseStop(`unexpected "${this.text[this.i]}"`, this.i);
    }
    if (parenthesized) this.i++;
    return { positional, named, end: this.i };
  }

  private atEnd(closer: string): boolean {
    if (this.i >= this.text.length) {
      if (closer === '\n') return true;
      throw new ParseStop(`missing "${closer}"`, this.text.length);
    }
    return this.text[this.i] === closer;
  }

  /** A key followed by one of `separators` (`key=`, `key:`, `'key' =>`), or undefined with nothing consumed. */
  private keyBefore(separators: readonly string[]): string | undefined {
    const start = this.i;
    let key: string | undefined;
    const word = /^:?([A-Za-z_$][\w$]*)/.exec(this.text.slice(this.i));
    if (word && (this.language === 'ruby' || !word[0].startsWith(':'))) {
      key = word[1];
      this.i += word[0].length;
    } else if (this.text[this.i] === '"' || this.text[this.i] === "'") {
      const literal = this.string();
      key = literal.kind === 'string' ? literal.value : undefined;
    }
    if (key !== undefined) {
      this.skipSpace(false);
      const separator = separators.find((s) => this.text.startsWith(s, this.i) && !this.text.startsWith('==', this.i) && !this.text.startsWith('::', this.i));
      if (separator) {
        this.i += separator.length;
        this.skipSpace(false);
        return key;
      }
    }
    this.i = start;
    return undefined;
  }

  private value(closer: string): LiteralValue {
    const start = this.i;
    const ch = this.text[this.i];
    let value: LiteralValue | undefined;
    if ((ch === '{' && this.language !== 'php') || (ch === '[' && this.language === 'php')) value = this.object();
    else if (ch === '"' || ch === "'" || (ch === '`' && this.language === 'js')) value = this.string();
    else if (this.language === 'python' && /^[rRbBuUfF]{1,2}['"]/.test(this.text.slice(this.i, this.i + 3))) value = this.string();
    else {
      const number = /^-?\d+(\.\d+)?(?![\w.])/.exec(this.text.slice(this.i));
      const word = /^[A-Za-z_$][\w$]*(?![\w$.(:[])/.exec(this.text.slice(this.i));
      if (number) {
        this.i += number[0].length;
        value = { kind: 'number', value: Number(number[0]), start };
      } else if (word && word[0] in BOOLEANS[this.language]) {
        this.i += word[0].length;
        value = { kind: 'boolean', value: BOOLEANS[this.language][word[0]]!, start };
      } else if (word && NULLS[this.language].includes(word[0])) {
        this.i += word[0].length;
        value = { kind: 'null', start };
      }
    }
    this.skipSpace(closer === '\n');
    // Anything more before the next separator (`+ x`, `.toString()`, `. $db`) makes it an expression.
    if (value && (this.text[this.i] === ',' || this.atEndOf(closer))) return value;
    this.i = start;
    return this.opaque(closer);
  }

  private atEndOf(closer: string): boolean {
    return this.i >= this.text.length || this.text[this.i] === closer || this.text[this.i] === '}' || this.text[this.i] === ']';
  }

  /** Skips an expression up to the next `,` or closing bracket at its own nesting level. */
  private opaque(closer: string): LiteralValue {
    const start = this.i;
    const stack: string[] = [];
    while (this.i < this.text.length) {
      const ch = this.text[this.i]!;
      if (stack.length === 0 && (ch === ',' || ch === closer || ch === '}' || ch === ']' || (ch === ')' && closer !== ')'))) break;
      if (ch === '"' || ch === "'" || ch === '`') {
        this.string();
        continue;
      }
      if (CLOSERS[ch]) stack.push(CLOSERS[ch]);
      else if (ch === stack[stack.length - 1]) stack.pop();
      this.i++;
    }
    const text = this.text.slice(start, this.i).trim();
    if (text === '') throw new ParseStop('expected a value', start);
    return { kind: 'opaque', text, start };
  }

  /** `{ key: value, … }` in JS and Ruby, `{'key': value}` in Python, `[ 'key' => value ]` in PHP. */
  private object(): LiteralValue {
    const start = this.i;
    const closer = CLOSERS[this.text[this.i]!]!;
    this.i++;
    const entries: LiteralEntry[] = [];
    const separators = this.language === 'ruby' || this.language === 'php' ? [':', '=>'] : [':'];
    for (;;) {
      this.skipSpace(false);
      if (this.i >= this.text.length) throw new ParseStop(`missing "${closer}"`, start);
      if (this.text[this.i] === closer) break;
      const entryStart = this.i;
      const key = this.keyBefore(separators);
      if (key === undefined) {
        // `{ host }` or `...defaults`: a shorthand or spread refers to variables the snippet does not show.
        entries.push({ key: '', value: this.opaque(closer), start: entryStart });
      } else entries.push({ key, value: this.value(closer), start: entryStart });
      this.skipSpace(false);
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== closer) throw new ParseStop(`unexpected "${this.text[this.i] ?? 'end of input'}"`, this.i);
    }
    this.i++;
    return { kind: 'object', entries, start };
  }

  /** A string literal with the language's escapes; interpolation makes the whole literal opaque. */
  private string(): LiteralValue {
    const start = this.i;
    let prefix = '';
    while (/[rRbBuUfF]/.test(this.text[this.i] ?? '') && this.language === 'python') prefix += this.text[this.i++];
    const quote = this.text[this.i]!;
    const triple = this.language === 'python' && this.text.startsWith(quote.repeat(3), this.i);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.i += delimiter.length;
    const raw = /r/i.test(prefix);
    // Single-quoted PHP and Ruby strings know only \\ and \'; so does a Python raw string, mostly.
    const fewEscapes = (quote === "'" && (this.language === 'php' || this.language === 'ruby')) || raw;
    let value = '';
    const positions: number[] = [];
    let interpolated = false;
    const add = (s: string, at: number) => {
      value += s;
      for (let k = 0; k < s.length; k++) positions.push(at);
    };
    for (;;) {
      if (this.i >= this.text.length) throw new ParseStop('unterminated string', start);
      if (this.text.startsWith(delimiter, this.i)) {
        this.i += delimiter.length;
        break;
      }
      const at = this.i;
      const ch = this.text[this.i]!;
      if (ch === '\\') {
        const next = this.text[this.i + 1] ?? '';
        if (fewEscapes) {
          if (next === '\\' || next === quote) {
            add(raw ? ch + next : next, at);
            this.i += 2;
          } else {
            add(ch, at);
            this.i++;
          }
          continue;
        }
        this.i += 2;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', v: '\v', f: '\f', b: '\b', e: '\x1b' };
        if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(this.text.slice(this.i, this.i + 2))) {
          add(String.fromCharCode(parseInt(this.text.slice(this.i, this.i + 2), 16)), at);
          this.i += 2;
        } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i, this.i + 4))) {
          add(String.fromCharCode(parseInt(this.text.slice(this.i, this.i + 4), 16)), at);
          this.i += 4;
        } else if (next === '\n') {
          // A backslash-newline continues the string without adding anything.
        } else add(simple[next] ?? next, at);
        continue;
      }
      if (!fewEscapes && ((ch === '$' && (this.language === 'php' || (quote === '`' && this.text[this.i + 1] === '{'))) || (ch === '#' && this.language === 'ruby' && this.text[this.i + 1] === '{'))) {
        interpolated = true;
      }
      if (ch === '{' && /f/i.test(prefix)) interpolated = true;
      add(ch, at);
      this.i++;
    }
    if (interpolated) return { kind: 'opaque', text: this.text.slice(start, this.i), start };
    return { kind: 'string', value, positions, start };
  }

  /** Whitespace and comments; a newline ends a Ruby call written without parentheses. */
  private skipSpace(stopAtNewline: boolean): void {
    while (this.i < this.text.length) {
      const ch = this.text[this.i]!;
      if (ch === '\n' && stopAtNewline) return;
      if (/\s/.test(ch)) this.i++;
      else if ((this.language === 'js' || this.language === 'php') && this.text.startsWith('//', this.i)) this.skipTo('\n');
      else if ((this.language === 'js' || this.language === 'php') && this.text.startsWith('/*', this.i)) {
        const end = this.text.indexOf('*/', this.i + 2);
        this.i = end < 0 ? this.text.length : end + 2;
      } else if (this.language !== 'js' && ch === '#' && this.text[this.i + 1] !== '{') this.skipTo('\n');
      else return;
    }
  }

  private skipTo(ch: string): void {
    const end = this.text.indexOf(ch, this.i);
    this.i = end < 0 ? this.text.length : end;
  }
}
