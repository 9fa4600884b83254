import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { portIsOpen } from '../../../../test/harness/index.js';

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = `${root}packages/bridge/bin/pgconnect.js`;

// The command runs from the build, as `npm start` runs it: build it (incrementally) and the page first.
beforeAll(async () => {
  await execFileAsync(`${root}node_modules/.bin/tsc`, ['-b', 'packages/core', 'packages/bridge'], { cwd: root });
  if (!existsSync(`${root}packages/bridge/dist/demo-page/assets/demo.js`)) await execFileAsync(process.execPath, [`${root}packages/bridge/demo-page/build.mjs`]);
}, 300_000);

describe('pgconnect demo', () => {
  it('prints the URL and the passwords, serves the page, and cleans up on Ctrl-C', async () => {
    const child = spawn(process.execPath, [cli, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => /Press Ctrl-C/.test(stdout) || child.exitCode !== null);
      const url = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      expect(url, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBeDefined();
      const pgPort = Number(/on localhost:(\d+)/.exec(stdout)?.[1]);
      const caPath = /CA certificate \(sslrootcert for verify-full\): (\S+)/.exec(stdout)?.[1] ?? '';
      expect(stdout).toMatch(/demo_admin\s+password \S{16}/);
      expect(stdout).toMatch(/demo_reader\s+password \S{16}/);
      expect(existsSync(caPath)).toBe(true);

      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<meta name="pgconnect-token"');
      expect(await portIsOpen(pgPort)).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toContain('Stopped.');
      expect(existsSync(caPath)).toBe(false);
      expect(await portIsOpen(pgPort)).toBe(false);
      await expect(fetch(url!)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('explains a busy port instead of failing obscurely', async () => {
    const busy = await listenSomewhere();
    try {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [cli, 'demo', '--port', String(busy.port)], (error, _stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${busy.port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain('Hint:');
    } finally {
      busy.close();
    }
  });

  it('rejects an unknown option with the usage text', async () => {
    const result = await execFileAsync(process.execPath, [cli, 'demo', '--nope']).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2 });
    expect((result as { stderr: string }).stderr).toContain('Usage: pgconnect demo');
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function listenSomewhere(): Promise<{ port: number; close(): void }> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, close: () => server.close() };
}
