import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfile } from '@pgconnect/core';
import type { ConnectionProfile } from '@pgconnect/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupStore } from './groups.js';
import { ProfileStore } from './profiles.js';
import { RecentStore } from './recent.js';
import { ScopedSettings } from './scoped-settings.js';
import { DEFAULT_GROUP_ID } from './settings-schema.js';

let dir: string;
let settings: ScopedSettings;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-groups-'));
  settings = new ScopedSettings({ userDir: join(dir, 'user'), workspaceDir: join(dir, 'ws') });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profile = (host: string, init: Partial<ConnectionProfile> = {}): ConnectionProfile =>
  createProfile({ name: host, hosts: [{ host, port: 5432 }], database: 'app', auth: { type: 'password', user: 'u', savePassword: false }, ...init });

describe('profiles', () => {
  it('are saved per scope, edited, duplicated without secrets and deleted', async () => {
    const profiles = new ProfileStore(settings);
    const a = await profiles.save(profile('a.example.com'));
    const b = await profiles.save(profile('b.example.com', { scope: 'workspace' }));
    expect((await profiles.list()).map((p) => [p.id, p.scope])).toEqual([[a.id, 'user'], [b.id, 'workspace']]);
    await profiles.save({ ...a, name: 'renamed' });
    expect((await profiles.get(a.id)).name).toBe('renamed');
    const copy = await profiles.duplicate(a.id);
    expect(copy).toMatchObject({ name: 'renamed (copy)', scope: 'user' });
    expect(copy.id).not.toBe(a.id);
    await profiles.save({ ...a, scope: 'workspace' });
    expect((await profiles.get(a.id)).scope).toBe('workspace');
    expect((await profiles.list()).filter((p) => p.id === a.id)).toHaveLength(1);
    await profiles.delete(b.id);
    await expect(profiles.get(b.id)).rejects.toMatchObject({ code: 'STORE_PROFILE_NOT_FOUND' });
  });

  it('refuses a profile core would refuse, naming the field', async () => {
    const error = await new ProfileStore(settings).save(profile('x', { hosts: [{ host: 'x', port: 0 }] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROFILE_INVALID' });
  });

  it('cannot save to the workspace scope when no workspace is open', async () => {
    const userOnly = new ProfileStore(new ScopedSettings({ userDir: join(dir, 'user') }));
    await expect(userOnly.save(profile('a', { scope: 'workspace' }))).rejects.toMatchObject({ code: 'STORE_WORKSPACE_UNAVAILABLE' });
  });
});

describe('server groups', () => {
  it('are created, edited and assigned, and a workspace profile may use a user group', async () => {
    const groups = new GroupStore(settings);
    const profiles = new ProfileStore(settings);
    const prod = await groups.create({ name: 'Production', description: 'live', color: '#ff0000' });
    await groups.update(prod.id, { name: 'Prod', color: null });
    expect((await groups.list()).find((g) => g.id === prod.id)).toEqual({ id: prod.id, name: 'Prod', description: 'live' });
    const p = await profiles.save(profile('db.example.com', { scope: 'workspace', groupId: prod.id }));
    expect((await profiles.get(p.id)).groupId).toBe(prod.id);
    await expect(profiles.save(profile('x.example.com', { groupId: 'nope' }))).rejects.toMatchObject({ code: 'STORE_GROUP_NOT_FOUND' });
  });

  it('move their connections to the default group when removed', async () => {
    const groups = new GroupStore(settings);
    const profiles = new ProfileStore(settings);
    const staging = await groups.create({ name: 'Staging' }, 'workspace');
    const a = await profiles.save(profile('a.example.com', { groupId: staging.id }));
    const b = await profiles.save(profile('b.example.com', { groupId: staging.id, scope: 'workspace' }));
    const { moved } = await groups.remove(staging.id);
    expect(moved.sort()).toEqual([a.id, b.id].sort());
    expect((await profiles.list()).map((p) => p.groupId)).toEqual([DEFAULT_GROUP_ID, DEFAULT_GROUP_ID]);
    expect((await groups.list()).map((g) => g.id)).toEqual([DEFAULT_GROUP_ID]);
  });

  it('keep the default group built in', async () => {
    await expect(new GroupStore(settings).remove(DEFAULT_GROUP_ID)).rejects.toMatchObject({ code: 'STORE_GROUP_NOT_FOUND' });
  });
});

describe('recent connections', () => {
  it('keep the newest maxRecentConnections (default 5), one per target, and can be removed', async () => {
    const recent = new RecentStore(join(dir, 'user'));
    for (let i = 0; i < 7; i++) await recent.add(profile(`h${i}.example.com`), new Date(Date.UTC(2025, 0, 1, 0, i)));
    await recent.add(profile('h5.example.com'));
    const list = await recent.list();
    expect(list.map((r) => r.profile.hosts[0]?.host)).toEqual(['h5.example.com', 'h6.example.com', 'h4.example.com', 'h3.example.com', 'h2.example.com']);
    await recent.remove(list[1]?.id ?? '');
    expect(await recent.list()).toHaveLength(4);
    await expect(recent.remove('gone')).rejects.toMatchObject({ code: 'STORE_RECENT_NOT_FOUND' });
    const small = new RecentStore(join(dir, 'user'), { maxRecentConnections: 2 });
    expect(await small.list()).toHaveLength(2);
  });
});
