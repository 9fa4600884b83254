/**
 * `pgconnect serve` as users and scripts run it: the built CLI in its own process. With --json its first stdout
 * line is the documented object, the bridge it describes accepts that token and proves it, the token is never
 * in argv or a log line, and Ctrl-C stops it cleanly (DESIGN §6; security.md §3 items 13, 14).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../../test/harness/index.js';
import { TestClient } from '../server/testing/ws-client.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../bin/pgconnect.js', import.meta.url));

let child: ChildProcessWithoutNullStreams;
let firstLine: string;
let stderr = '';

beforeAll(async () => {
  // The CLI runs from dist/: build what this test is about to run.
  const build = await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b', 'packages/core', 'packages/bridge'], { cwd: root, timeoutMs: 170_000 });
  if (build.code !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  child = spawn(process.execPath, [cli, 'serve', '--json', '--origin', 'http://localhost:5173'], { cwd: root, env: { ...process.env, PGPASSWORD: 'CANARY_ENV_PGPASSWORD' } });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines = createInterface({ input: child.stdout });
  firstLine = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`pgconnect serve exited with ${code}: ${stderr}`)));
  });
}, 180_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('pgconnect serve --json', () => {
  it('prints the documented object as its first stdout line', () => {
    expect(firstLine).toMatch(/^\{"ws": "ws:\/\/127\.0\.0\.1:\d+\/", "token": "[A-Za-z0-9_-]{43}", "origins": \["http:\/\/localhost:5173"\]\}$/);
  });

  it('describes a bridge that accepts the token and proves it holds it', async () => {
    const { ws, token } = JSON.parse(firstLine) as { ws: string; token: string };
    const { client, hello, nonce } = await TestClient.connect(ws, { token, headers: { Origin: 'http://localhost:5173' } });
    expect(hello.proof).toBe(createHmac('sha256', token).update(nonce).digest('base64url'));
    expect(hello.mode).toBe('local');
    await client.close();
  });

  it('keeps the token out of its command line and its logs', async () => {
    const { token } = JSON.parse(firstLine) as { token: string };
    const cmdline = await readFile(`/proc/${child.pid}/cmdline`, 'utf8').catch(() => '');
    expect(cmdline).not.toContain(token);
    expect(stderr).not.toContain(token);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('CANARY_ENV_PGPASSWORD');
  });
});
