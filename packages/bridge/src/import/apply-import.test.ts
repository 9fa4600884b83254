import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProfile } from '@pgconnect/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../store/stores.js';
import { applyImport } from './apply-import.js';
import { exportConnections } from './export.js';
import { readImport } from './read-import.js';

const sample = (name: string) => readFile(fileURLToPath(new URL(`./samples/${name}`, import.meta.url)), 'utf8');
let dir: string;
let stores: Stores;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgconnect-import-'));
  ({ stores } = await openStores({ userDir: dir, secretStore: 'encrypted-file', env: {} }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('importing into the stores', () => {
  it('reports what was imported, merged with a saved connection, or skipped and why', async () => {
    await stores.profiles.save(createProfile({ name: 'mine', hosts: [{ host: 'localhost', port: 5432 }], database: 'postgres', auth: { type: 'password', user: 'postgres', savePassword: false } }));
    const report = await applyImport(stores, readImport('pgadmin', await sample('pgadmin-servers.json')));
    expect(report.imported.map((i) => i.name)).toEqual(['Orders (production)']);
    expect(report.merged.map((m) => m.name)).toEqual(['Local development']);
    expect(report.skipped.map((s) => s.item)).toEqual(['Broken port', 'Nothing to connect to']);
    expect(report.groupsCreated.map((g) => g.name)).toEqual(['Development', 'Production']);
    // The saved profile is kept, and joins the imported group since it had none.
    const mine = (await stores.profiles.list()).find((p) => p.name === 'mine');
    expect(mine?.groupId).toBe(report.groupsCreated[0]?.id);

    const again = await applyImport(stores, readImport('pgadmin', await sample('pgadmin-servers.json')));
    expect(again.imported).toEqual([]);
    expect(again.groupsCreated).toEqual([]);
  });

  it('exports secret-free JSON that imports back', async () => {
    await applyImport(stores, readImport('dbeaver', await sample('dbeaver-data-sources.json')));
    const first = (await stores.profiles.list())[0];
    await stores.saveSecrets({ profileId: first?.id ?? '', secrets: { password: 'CANARY_PW_export' } });
    for (const format of ['pgconnect', 'pgadmin', 'vscode-pgsql'] as const) {
      const { text } = await exportConnections(stores, { format });
      expect(text).not.toContain('CANARY_PW_export');
      expect(text).not.toContain('hasSslPassword');
    }
    const { text } = await exportConnections(stores, { format: 'pgconnect' });
    const back = readImport('pgconnect', text);
    expect(back.profiles.map((p) => p.name)).toEqual(['Staging - inventory', 'Local analytics']);
    expect(back.groups.map((g) => g.name)).toEqual(['Staging']);
    expect(readImport('pgadmin', (await exportConnections(stores, { format: 'pgadmin' })).text).profiles).toHaveLength(2);
    expect(readImport('vscode-pgsql', (await exportConnections(stores, { format: 'vscode-pgsql' })).text).profiles).toHaveLength(2);
  });
});
