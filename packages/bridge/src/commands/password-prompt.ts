/**
 * The terminal password prompt of `pgconnect test`: the question on standard error (standard output may be
 * JSON for a script), nothing echoed while typing, the terminal restored whatever happens.
 */
import type { ReadStream } from 'node:tty';

/** Asks for a password or passphrase; `undefined` when the user gives none (Ctrl-D on an empty line). */
export type PasswordPrompt = (question: string) => Promise<string | undefined>;

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';

/**
 * A prompt on this process's terminal, or `undefined` when standard input is not one (a pipe, CI): then no
 * one could answer, and the caller reports PG_PASSWORD_REQUIRED (or the SSH secret's code) instead of waiting.
 */
export function terminalPasswordPrompt(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): PasswordPrompt | undefined {
  if (!stdin.isTTY) return undefined;
  const tty = stdin as ReadStream;
  return (question) =>
    new Promise((resolve) => {
      let typed = '';
      const finish = (answer: string | undefined) => {
        tty.off('data', onData);
        tty.setRawMode(false);
        tty.pause();
        stderr.write('\n');
        resolve(answer);
      };
      const onData = (chunk: Buffer) => {
        // A paste arrives as one chunk: take it character by character, up to the first Enter.
        for (const char of chunk.toString('utf8')) {
          if (ENTER.has(char)) return finish(typed);
          if (char === CTRL_D && typed === '') return finish(undefined);
          if (char === CTRL_C) {
            finish(undefined);
            // Leave as Ctrl-C anywhere else would: by the signal, with the terminal back in cooked mode.
            process.kill(process.pid, 'SIGINT');
            return;
          }
          if (BACKSPACE.has(char)) typed = [...typed].slice(0, -1).join('');
          else if (char === CTRL_U) typed = '';
          else if (char >= ' ') typed += char;
        }
      };
      stderr.write(question);
      tty.setRawMode(true);
      tty.resume();
      tty.on('data', onData);
    });
}
