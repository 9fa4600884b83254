/**
 * The backstop that keeps clusters, sshd and temp dirs from outliving the test run.
 *
 * `process.on('exit')` does not run when vitest kills a worker (timeout, SIGKILL) or when the process crashes,
 * and a postgres left by a dead worker keeps its port and data dir forever. So the first tracked resource starts
 * `reaper.sh`, detached, reading track/untrack lines from a pipe. When this process goes away, however it goes,
 * the pipe reaches EOF and the script signals what is still tracked and removes the tracked paths.
 * The normal path is still `stop()`, which untracks what it has cleaned up itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

let reaper: ChildProcess | undefined;

function send(line: string): void {
  if (!reaper) {
    const script = fileURLToPath(new URL('./reaper.sh', import.meta.url));
    // Detached: its own process group, so a Ctrl-C or a kill of our group leaves it alive to clean up.
    reaper = spawn('bash', [script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.unref();
    // The open pipe must not keep the test process alive; it is closed by the process ending.
    (reaper.stdin as unknown as Socket).unref();
  }
  reaper.stdin?.write(`${line}\n`);
}

/** Signals `pid` with `signal` if this process ends while the pid is still tracked. */
export function trackPid(pid: number, signal: 'QUIT' | 'TERM' | 'KILL'): void {
  send(`pid\t${pid}\t${signal}`);
}

export function untrackPid(pid: number): void {
  send(`unpid\t${pid}`);
}

/** Removes `path` recursively if this process ends while the path is still tracked. */
export function trackPath(path: string): void {
  if (/[\t\n]/.test(path)) throw new Error(`cannot track a path containing a tab or a newline: ${JSON.stringify(path)}`);
  send(`path\t${path}`);
}

export function untrackPath(path: string): void {
  send(`unpath\t${path}`);
}
