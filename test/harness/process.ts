/**
 * Running the real programs (openssl, initdb, postgres, sshd, ssh-keygen …): one-shot commands that must
 * succeed, long-running servers whose output is kept for error messages, and readiness polling.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { trackPid, untrackPid } from './reaper.js';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  input?: string;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and returns its exit status and output, whatever the status. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...spawnIdentity(options),
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.on('error', () => {}); // a command that exits without reading its input is not our failure
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command and throws, with its output, unless it exits 0. Returns stdout. */
export async function runChecked(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const status = result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`;
    throw new Error(`${command} ${args.join(' ')} ${status}\n${(result.stderr + result.stdout).trim()}`);
  }
  return result.stdout;
}

/** How much of a server's output is kept: enough for any startup failure, bounded for chatty servers. */
const MAX_OUTPUT = 64 * 1024;

/** A long-running child (a server) whose combined output is kept, bounded, for error messages. */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly #output: string[] = [];
  #outputLength = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  /** `stopSignal` is what stop() sends, and what the reaper sends if the test process dies first. */
  constructor(
    readonly command: string,
    args: readonly string[],
    options: RunOptions,
    readonly stopSignal: 'QUIT' | 'TERM',
  ) {
    this.#child = spawn(command, args, { ...spawnIdentity(options), cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#append(chunk));
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#append(chunk));
    this.exited = new Promise((resolve) => {
      const settle = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exitStatus) return;
        this.exitStatus = { code, signal };
        if (this.#child.pid) untrackPid(this.#child.pid);
        resolve(this.exitStatus);
      };
      this.#child.on('error', (error) => {
        this.#append(`${command}: ${error.message}\n`);
        if (this.#child.pid === undefined) settle(null, null); // it never started, so there will be no 'close'
      });
      // 'close' comes after the output is drained, so error messages are complete. But a grandchild that inherited
      // the pipes (a session sshd outliving its listener) can hold 'close' back, so the exit settles it too, later.
      this.#child.on('close', settle);
      this.#child.on('exit', (code, signal) => setTimeout(() => settle(code, signal), 500).unref());
    });
    if (this.#child.pid) trackPid(this.#child.pid, stopSignal);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The output so far (the tail, when it is long). */
  output(): string {
    return this.#output.join('');
  }

  /** The last `lines` lines of output, for error messages. */
  tail(lines = 30): string {
    return this.output().trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Once the process has exited: how, and the tail of its output. For waitFor()'s `abort`. */
  exitReport(): string | undefined {
    if (!this.exitStatus) return undefined;
    const how = this.exitStatus.signal ? `was killed by ${this.exitStatus.signal}` : `exited with code ${this.exitStatus.code}`;
    return `${this.command} ${how}\n--- its output ---\n${this.tail()}`;
  }

  /** Sends the stop signal, waits for the exit, and escalates to SIGKILL after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exitStatus) return;
    this.#child.kill(`SIG${this.stopSignal}`);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  #append(chunk: string): void {
    this.#output.push(chunk);
    this.#outputLength += chunk.length;
    while (this.#outputLength > MAX_OUTPUT && this.#output.length > 1) {
      this.#outputLength -= this.#output.shift()?.length ?? 0;
    }
  }
}

/**
 * Polls `probe` until it returns a value other than undefined. Gives up early when `abort` returns a reason
 * (the server died), and after `timeoutMs`; both errors carry `describe()` so they say what was being waited for.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string; abort?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = options.abort?.();
    if (reason) throw new Error(`${options.describe()}: ${reason}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${options.describe()}: not ready after ${options.timeoutMs} ms${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

function spawnIdentity(options: RunOptions): Pick<SpawnOptions, 'uid' | 'gid'> {
  // Only pass uid/gid when switching: spawning with them as a non-root user fails even for one's own ids.
  if (options.uid === undefined || options.uid === process.getuid?.()) return {};
  return { uid: options.uid, gid: options.gid };
}

/** The pids of every process below `pid` (children, their children, …), read from /proc. */
export async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // /proc/<pid>/stat is "pid (comm) state ppid …"; comm may contain spaces and parentheses, so split after the last ")".
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined);
    const ppid = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid)) continue;
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const children = parents.get(queue.shift() as number) ?? [];
    found.push(...children);
    queue.push(...children);
  }
  return found;
}
