/**
 * The programs the demo runs (openssl, initdb, postgres): one-shot commands that must succeed, and the
 * PostgreSQL server, whose output is kept so a failure can be explained.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunAs {
  /** Switch to this account (only when running as root; PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Raised when a command exits non-zero; carries the command's own words, which are what the user needs. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
    how: string,
  ) {
    super(`${command} ${how}${output ? `:\n${indent(output)}` : ''}`);
  }
}

/** Runs a command to completion and resolves to its stdout; rejects with a CommandError unless it exits 0. */
export function runChecked(command: string, args: readonly string[], options: RunAs = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...identity(options), cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'ENOENT' ? ' (is it installed and on PATH?)' : '';
      reject(new CommandError(command, '', `could not be started: ${error.message}${hint}`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new CommandError(command, (stderr + stdout).trim(), signal ? `was killed by ${signal}` : `exited with status ${code}`));
    });
  });
}

/** How much server output is kept for error messages. */
const MAX_OUTPUT = 32 * 1024;

/**
 * A server process in its own process group, so a Ctrl-C in the terminal reaches the demo (which then stops
 * everything in order) and not the server directly.
 */
export class ServerProcess {
  readonly #child: ChildProcess;
  #output = '';
  readonly exited: Promise<void>;
  #exit: string | undefined;

  constructor(command: string, args: readonly string[], options: RunAs) {
    this.#child = spawn(command, args, { ...identity(options), cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const append = (chunk: string) => {
      this.#output = (this.#output + chunk).slice(-MAX_OUTPUT);
    };
    this.#child.stdout?.setEncoding('utf8').on('data', append);
    this.#child.stderr?.setEncoding('utf8').on('data', append);
    this.exited = new Promise((resolve) => {
      this.#child.on('error', (error) => {
        append(`${command}: ${error.message}\n`);
        this.#exit ??= 'could not be started';
        if (this.#child.pid === undefined) resolve();
      });
      this.#child.on('close', (code, signal) => {
        this.#exit ??= signal ? `was stopped by ${signal}` : `exited with status ${code}`;
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** How the process ended, or undefined while it runs. */
  get exitStatus(): string | undefined {
    return this.#exit;
  }

  /** The last lines of the server's output. */
  tail(lines = 20): string {
    return this.#output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Sends `signal`, then SIGKILL if the process is still there after `graceMs`. */
  async stop(signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
    if (this.#exit !== undefined) return;
    this.#child.kill(signal);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function identity(options: RunAs): { uid?: number; gid?: number } {
  // Passing our own ids is an error for a non-root process, so only pass them to switch.
  if (options.uid === undefined || options.uid === process.getuid?.()) return {};
  return { uid: options.uid, ...(options.gid !== undefined && { gid: options.gid }) };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
