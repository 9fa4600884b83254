/**
 * Starts `scripts/bench/bridge-child.mjs` — the built bridge in a process of its own — and reads its memory
 * from /proc, so the benchmark measures the bridge's RSS without the clients' or the harness's.
 *
 * The bridge logs to a file, as a service does, not to a pipe this process would have to drain: reading the
 * pipe would wake the benchmark for every log line while the bridge and PostgreSQL are using the CPU it is
 * timing them on.
 */
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BridgeProcess {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
  /** Current and peak resident memory in KiB (`VmRSS`, `VmHWM` of /proc/<pid>/status). */
  memory(): Promise<{ rssKiB: number; peakKiB: number }>;
  /** The last lines the bridge logged, for a failure report. */
  logTail(): Promise<string[]>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./bridge-child.mjs', import.meta.url));
const LOG_LINES_KEPT = 40;

/** `logDir` receives the bridge's log (bridge-<pid>.log); the caller removes it with the rest of its temp files. */
export async function startBridgeProcess(limits: Record<string, number>, storesDir: string, logDir: string = storesDir): Promise<BridgeProcess> {
  const logPath = join(logDir, `bridge-${process.pid}-${Date.now()}.log`);
  const log = await open(logPath, 'a');
  const child = spawn(process.execPath, [CHILD, JSON.stringify(limits), storesDir], { stdio: ['ignore', 'pipe', log.fd] });
  await log.close(); // the child has its own descriptor now
  const stdout = child.stdout;
  if (!stdout) throw new Error('the bridge process has no stdout pipe');
  const logTail = async () => (await readFile(logPath, 'utf8').catch(() => '')).split('\n').filter(Boolean).slice(-LOG_LINES_KEPT);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    void exited.then(async (code) => reject(new Error(`the bridge exited with ${String(code)} before listening:\n${(await logTail()).join('\n')}`)));
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
    logTail,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
