/**
 * kill -9 of a whole `pgconnect serve` while the page saves profiles over the socket (security.md §3 item 44): on
 * every restart the user's settings file is the old one or a new one, never a torn one, and no saved profile is
 * lost. The store-level version of this (many random kills of a process that only saves) is
 * `store/processes.test.ts`; this one goes through the CLI, the WebSocket and the session, sources run through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile } from '@pgconnect/core';
import { makeTempDir, removeTempDir } from '../../../../test/harness/index.js';
import { TestClient } from './testing/ws-client.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const ROUNDS = 5;

let home: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  home = await makeTempDir('security-crash');
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (home) await removeTempDir(home);
});

/** `pgconnect serve --json` from source, with its config (and encrypted secrets file) under `home`. */
async function serve(): Promise<{ child: ChildProcess; ws: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'packages/bridge/src/cli.ts'), 'serve', '--json'], {
    cwd: repo,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), TSX_TSCONFIG_PATH: join(repo, 'tsconfig.check.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`pgconnect serve exited with ${code}: ${stderr}`)));
  });
  const { ws, token } = JSON.parse(first) as { ws: string; token: string };
  return { child, ws, token };
}

/** The profile names in the settings file; undefined while there is none. Throws on a torn file. */
async function savedNames(): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(home, 'config', 'pgconnect', 'settings.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const names: string[] = [];
  JSON.stringify(parsed, (key, value: unknown) => {
    if (key === 'name' && typeof value === 'string' && value.startsWith('crash-')) names.push(value);
    return value;
  });
  return names;
}

describe('pgconnect serve killed during profiles.save', () => {
  it('leaves the old or the new settings file on every restart, never a broken one, and loses no finished save', async () => {
    const confirmed = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const { child, ws, token } = await serve();
      const { client } = await TestClient.connect(ws, { token });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const save = (i: number) => {
        const name = `crash-${round}-${i}`;
        const profile = createProfile({ name, hosts: [{ host: `db${i}.example.com`, port: 5432 }], database: 'app', auth: { type: 'password', user: 'app', savePassword: false } });
        return client.request(`s${round}-${i}`, 'profiles.save', { profile }).then((reply) => {
          if (reply.type === 'profiles.save.result') confirmed.add(name);
          return reply;
        });
      };
      // One save opens the stores; then a burst (inside the frame burst allowance), and the kill lands in it.
      const first = await save(0);
      expect(first.type, JSON.stringify(first)).toBe('profiles.save.result');
      for (let i = 1; i <= 40; i++) void save(i);
      await sleep(10 + Math.floor(Math.random() * 150));
      child.kill('SIGKILL');
      await exited;
      children.delete(child);
      client.ws.terminate();

      const names = await savedNames();
      expect(names).toBeDefined();
      // Every save the page was told about survived the kill.
      for (const name of confirmed) expect(names).toContain(name);
    }
  }, 60_000);
});
