/**
 * POSIX shell words, as far as a pasted `psql …` or `export PG…=…` line needs them: quoting, escapes and
 * line continuations, never expansion. Each word remembers where every one of its characters came from,
 * so an error found inside a word (for example in a connection string given to `psql`) can point at the
 * right place in what the user pasted.
 */

export interface ShellWord {
  /** The word after quote removal. */
  text: string;
  /** For each UTF-16 code unit of `text`, its offset in the input. */
  positions: number[];
  /** Offset of the word's first character in the input. */
  start: number;
  /** Offset just past the word's last character. */
  end: number;
  /** The word contained an unquoted `$` or backquote, which a shell would have expanded. */
  expandable: boolean;
}

/** A line of words; `;`, `&&`, `||`, `|` and newlines end a command. */
export type ShellCommand = ShellWord[];

export type ShellSplitResult =
  | { ok: true; commands: ShellCommand[] }
  | { ok: false; message: string; position: number };

const BLANK = /[ \t]/;
const OPERATOR = /[;&|]/;

/** Characters a backslash still escapes inside double quotes (POSIX 2.2.3). */
const DOUBLE_QUOTE_ESCAPABLE = '$`"\\\n';

/**
 * Splits shell input into commands of words. Comments (`#` at the start of a word) run to the end of the
 * line. Unterminated quotes are errors, pointing at the opening quote.
 */
export function splitShell(input: string): ShellSplitResult {
  const commands: ShellCommand[] = [];
  let command: ShellWord[] = [];
  let word: ShellWord | undefined;
  const endCommand = () => {
    if (command.length > 0) commands.push(command);
    command = [];
  };
  const endWord = (at: number) => {
    if (word) {
      word.end = at;
      command.push(word);
      word = undefined;
    }
  };
  const current = (at: number): ShellWord => (word ??= { text: '', positions: [], start: at, end: at, expandable: false });
  const push = (at: number, ch: string) => {
    const w = current(at);
    w.text += ch;
    w.positions.push(at);
  };

  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '\\') {
      if (input[i + 1] === '\n') i += 2; // line continuation
      else if (input.startsWith('\r\n', i + 1)) i += 3;
      else {
        if (i + 1 < input.length) push(i + 1, input[i + 1]!);
        i += 2;
      }
    } else if (ch === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) return { ok: false, message: 'unterminated single-quoted string', position: i };
      current(i);
      for (let j = i + 1; j < close; j++) push(j, input[j]!);
      i = close + 1;
    } else if (ch === '"') {
      current(i);
      let j = i + 1;
      for (; j < input.length && input[j] !== '"'; j++) {
        if (input[j] === '\\' && DOUBLE_QUOTE_ESCAPABLE.includes(input[j + 1] ?? '')) {
          j++;
          if (input[j] !== '\n') push(j, input[j]!);
        } else {
          if (input[j] === '$' || input[j] === '`') current(j).expandable = true;
          push(j, input[j]!);
        }
      }
      if (j >= input.length) return { ok: false, message: 'unterminated double-quoted string', position: i };
      i = j + 1;
    } else if (ch === '#' && !word) {
      while (i < input.length && input[i] !== '\n') i++;
    } else if (ch === '\n' || ch === '\r') {
      endWord(i);
      endCommand();
      i++;
    } else if (BLANK.test(ch)) {
      endWord(i);
      i++;
    } else if (OPERATOR.test(ch)) {
      endWord(i);
      endCommand();
      i++;
    } else {
      if (ch === '$' || ch === '`') current(i).expandable = true;
      push(i, ch);
      i++;
    }
  }
  endWord(input.length);
  endCommand();
  return { ok: true, commands };
}

/** `NAME=value` at the start of a command: an environment assignment for that command. */
export function assignmentOf(word: ShellWord): { name: string; value: string; valueOffset: number } | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word.text);
  if (!match) return undefined;
  // The name must have been written unquoted for the shell to treat the word as an assignment.
  const name = match[1]!;
  const eq = word.positions[name.length]!;
  if (eq - word.start !== name.length) return undefined;
  return { name, value: word.text.slice(name.length + 1), valueOffset: name.length + 1 };
}

/** The offset in the input of character `index` of a word (its end, when the index is past the text). */
export function offsetInWord(word: ShellWord, index: number): number {
  return word.positions[index] ?? word.end;
}

/** Characters that never need quoting in a POSIX shell word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a value for a POSIX shell: as is when safe, otherwise in single quotes (`'` written `'\''`). */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
