import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeError, createProfile } from '@pgconnect/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScopedSettings } from './scoped-settings.js';
import { ProfileStore } from './profiles.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<BridgeError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BridgeError);
  return error as BridgeError;
}

describe('settings files', () => {
  it('reports a file with broken JSON by path and line, keeps a copy, and never overwrites it', async () => {
    const path = join(dir, 'settings.json');
    const broken = '{\n  "version": 1,\n  "profiles": [\n    { "id": "a" ,, }\n  ]\n}\n';
    await writeFile(path, broken);
    const store = new ProfileStore(new ScopedSettings({ userDir: dir }));

    const error = await failure(store.list());
    expect(error.code).toBe('STORE_SETTINGS_CORRUPT');
    expect(error.data).toMatchObject({ path, line: 4 });
    expect(error.message).toContain(path);
    expect(error.message).toContain('line 4');

    const saveError = await failure(store.save(createProfile({ name: 'new', hosts: [{ host: 'db.example.com', port: 5432 }], auth: { type: 'password', user: 'u', savePassword: false } })));
    expect(saveError.code).toBe('STORE_SETTINGS_CORRUPT');
    expect(await readFile(path, 'utf8')).toBe(broken);

    const copies = (await readdir(dir)).filter((n) => n.startsWith('settings.json.corrupt-'));
    expect(copies).toHaveLength(1); // two failed reads, one copy
    expect(await readFile(join(dir, copies[0] ?? ''), 'utf8')).toBe(broken);
  });

  it('points at the line of a hand-edited value the schema refuses, such as a password field', async () => {
    const path = join(dir, 'settings.json');
    const profile = createProfile({ id: 'p1', name: 'x', hosts: [{ host: 'db.example.com', port: 5432 }] });
    const text = JSON.stringify({ version: 1, groups: [], profiles: [{ ...profile, password: 'CANARY_PW_handedit' }] }, null, 2);
    await writeFile(path, text);
    const error = await failure(new ProfileStore(new ScopedSettings({ userDir: dir })).list());
    expect(error.code).toBe('STORE_SETTINGS_CORRUPT');
    const line = text.split('\n').findIndex((l) => l.includes('"id": "p1"')) + 1;
    expect(error.data?.line).toBeGreaterThanOrEqual(line - 1);
    expect(JSON.stringify(error) + error.message + error.hint).not.toContain('CANARY_PW_handedit');
  });

  it('refuses a file written by a newer version without treating it as damaged', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, '{"version": 2, "profiles": [], "groups": []}');
    const error = await failure(new ProfileStore(new ScopedSettings({ userDir: dir })).list());
    expect(error.message).toContain('newer version');
    expect((await readdir(dir)).some((n) => n.includes('.corrupt-'))).toBe(false);
  });

  it('writes the user file 0600 in a 0700 directory', async () => {
    const userDir = join(dir, 'nested', 'pgconnect');
    const store = new ProfileStore(new ScopedSettings({ userDir }));
    await store.save(createProfile({ name: 'a', hosts: [{ host: 'localhost', port: 5432 }], auth: { type: 'password', user: 'u', savePassword: false } }));
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(userDir, 'settings.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(userDir)).mode & 0o777).toBe(0o700);
  });
});
