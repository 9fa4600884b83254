/**
 * Starts `scripts/bench/bridge-child.mjs` — the built bridge in a process of its own — and reads its memory
 * from /proc, so the benchmark measures the bridge's RSS without the clients' or the harness's.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BridgeProcess {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
  /** Current and peak resident memory in KiB (`VmRSS`, `VmHWM` of /proc/<pid>/status). */
  memory(): Promise<{ rssKiB: number; peakKiB: number }>;
  /** The last lines the bridge logged, for a failure report. */
  logTail(): string[];
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./bridge-child.mjs', import.meta.url));
const LOG_LINES_KEPT = 40;

export async function startBridgeProcess(limits: Record<string, number>, storesDir: string): Promise<BridgeProcess> {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(limits), storesDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  // The log must be drained even though it is not shown: a full pipe would stall the bridge.
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > LOG_LINES_KEPT) tail.shift();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    void exited.then((code) => reject(new Error(`the bridge exited with ${String(code)} before listening:\n${tail.join('\n')}`)));
  });
  const { ws, token } = JSON.parse(first) as { ws: string; token: string };
  const pid = child.pid!;
  return {
    url: ws,
    token,
    pid,
    async memory() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
      return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
    },
    logTail: () => [...tail],
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
