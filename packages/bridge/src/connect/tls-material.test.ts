import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SslSettings } from '@pgconnect/core';
import { makeTempDir, removeTempDir } from '../../../../test/harness/index.js';
import { loadTlsMaterial } from './tls-material.js';

const OPTIONS = { homeDir: null, systemCaFile: undefined, sslpassword: undefined };
const withRoot = (path: string) => ({ sslmode: 'verify-full', rootCert: { path } }) as SslSettings;

describe('loadTlsMaterial', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('tls-material');
  });
  afterAll(async () => {
    if (dir) await removeTempDir(dir);
  });

  it('sees a root certificate file edited between two connects', async () => {
    const path = join(dir, 'edited.crt');
    await writeFile(path, 'first CA\n');
    expect((await loadTlsMaterial(withRoot(path), OPTIONS)).ca).toBe('first CA\n');
    await writeFile(path, 'the second CA\n');
    expect((await loadTlsMaterial(withRoot(path), OPTIONS)).ca).toBe('the second CA\n');
  });

  it('sees a root certificate file replaced by another one', async () => {
    const path = join(dir, 'replaced.crt');
    await writeFile(path, 'old CA\n');
    expect((await loadTlsMaterial(withRoot(path), OPTIONS)).ca).toBe('old CA\n');
    await writeFile(join(dir, 'next.crt'), 'new CA\n');
    await rename(join(dir, 'next.crt'), path);
    expect((await loadTlsMaterial(withRoot(path), OPTIONS)).ca).toBe('new CA\n');
  });

  it('reports a root certificate file that has gone as unreadable, even after it was read once', async () => {
    const path = join(dir, 'gone.crt');
    await writeFile(path, 'CA\n');
    await loadTlsMaterial(withRoot(path), OPTIONS);
    await rename(path, join(dir, 'elsewhere.crt'));
    await expect(loadTlsMaterial(withRoot(path), OPTIONS)).rejects.toMatchObject({ code: 'TLS_FILE_UNREADABLE' });
  });
});
