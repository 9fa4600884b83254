import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from './profiles.js';
import { ScopedSettings } from './scoped-settings.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..', '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A child process that runs `body` with the real store modules, loaded from source through tsx. */
async function runChild(script: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, script);
  return spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: repo,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(repo, 'tsconfig.check.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const saveLoop = (userDir: string) => `
import { createProfile } from ${JSON.stringify(join(repo, 'packages/core/src/index.ts'))};
import { ProfileStore } from ${JSON.stringify(join(here, 'profiles.ts'))};
import { ScopedSettings } from ${JSON.stringify(join(here, 'scoped-settings.ts'))};
const store = new ProfileStore(new ScopedSettings({ userDir: ${JSON.stringify(userDir)} }));
process.stdout.write('ready\\n');
for (let i = 0; ; i++) {
  // A large profile makes each write long enough for the kill to land in the middle of it.
  await store.save(createProfile({ id: 'p' + (i % 50), name: 'n'.repeat(200) + i, hosts: [{ host: 'db' + i + '.example.com', port: 5432 }],
    auth: { type: 'password', user: 'u', savePassword: false }, client: { options: '-c x=' + 'y'.repeat(3000) } }));
}
`;

describe('a save killed with SIGKILL', () => {
  it('leaves the old or the new settings file, never a broken one (many random kills)', async () => {
    const userDir = join(dir, 'user');
    const rounds = 25;
    for (let round = 0; round < rounds; round++) {
      const child = await runChild(saveLoop(userDir));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      await sleep(20 + Math.random() * 150);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const text = await readFile(join(userDir, 'settings.json'), 'utf8').catch(() => '{"version":1,"groups":[],"profiles":[]}');
      expect(() => JSON.parse(text)).not.toThrow();
      // The next process reads it, and can save (a lock left by the killed writer is recognised as stale).
      const store = new ProfileStore(new ScopedSettings({ userDir }, { timeoutMs: 5_000 }));
      await expect(store.list()).resolves.toBeInstanceOf(Array);
    }
    const final = new ProfileStore(new ScopedSettings({ userDir }, { timeoutMs: 5_000 }));
    const profiles = await final.list();
    expect(profiles.length).toBeGreaterThan(0);
    await final.delete(profiles[0]?.id ?? '');
  }, 240_000);
});

const saveMany = (userDir: string, client: number, count: number) => `
import { createProfile } from ${JSON.stringify(join(repo, 'packages/core/src/index.ts'))};
import { ProfileStore } from ${JSON.stringify(join(here, 'profiles.ts'))};
import { ScopedSettings } from ${JSON.stringify(join(here, 'scoped-settings.ts'))};
const store = new ProfileStore(new ScopedSettings({ userDir: ${JSON.stringify(userDir)} }, { timeoutMs: 60000 }));
for (let i = 0; i < ${count}; i++) {
  await store.save(createProfile({ id: 'c${client}-' + i, name: 'client ${client} #' + i, hosts: [{ host: 'localhost', port: 5432 }],
    auth: { type: 'password', user: 'u', savePassword: false } }));
}
`;

describe('concurrent writers', () => {
  it('lose no profile when 20 processes save at once', async () => {
    const userDir = join(dir, 'concurrent-processes');
    const clients = 20;
    const each = 5;
    const children = await Promise.all(Array.from({ length: clients }, (_, c) => runChild(saveMany(userDir, c, each))));
    const codes = await Promise.all(children.map((child) => new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
      child.once('exit', resolve);
    })));
    expect(codes.every((c) => c === 0)).toBe(true);
    const ids = (await new ProfileStore(new ScopedSettings({ userDir })).list()).map((p) => p.id);
    expect(new Set(ids).size).toBe(clients * each);
  }, 120_000);

  it('lose no profile when 20 store instances in one process save at once', async () => {
    const userDir = join(dir, 'concurrent-async');
    const { createProfile } = await import('@pgconnect/core');
    await Promise.all(Array.from({ length: 20 }, async (_, c) => {
      const store = new ProfileStore(new ScopedSettings({ userDir }, { timeoutMs: 60_000 }));
      for (let i = 0; i < 5; i++) {
        await store.save(createProfile({ id: `a${c}-${i}`, name: `n${c}`, hosts: [{ host: 'localhost', port: 5432 }], auth: { type: 'password', user: 'u', savePassword: false } }));
      }
    }));
    expect((await new ProfileStore(new ScopedSettings({ userDir })).list()).length).toBe(100);
  }, 60_000);
});
