/**
 * `databases.list`: on an open connection, or — for the dialog's Database picker before anything is saved —
 * on a short-lived connection made from a profile.
 */
import type { RequestOf, ResultPayload } from '@pgconnect/core';
import type pg from 'pg';
import { translateError } from '../../errors/translate.js';
import { connectWithPlan } from '../connect-plan.js';
import type { SessionScope } from '../context.js';
import { resolveTarget } from '../target.js';

type DatabaseList = ResultPayload<'databases.list'>;

/**
 * Sizes only where the role may connect: `pg_database_size` needs CONNECT (or pg_read_all_stats) and would
 * fail the whole statement otherwise.
 */
export const DATABASES_SQL = `
SELECT d.datname AS "name",
       pg_catalog.pg_get_userbyid(d.datdba) AS "owner",
       d.datistemplate AS "isTemplate",
       d.datallowconn AS "allowConnections",
       pg_catalog.has_database_privilege(d.oid, 'CONNECT') AS "canConnect",
       CASE WHEN pg_catalog.has_database_privilege(d.oid, 'CONNECT') THEN pg_catalog.pg_database_size(d.oid) END AS "sizeBytes"
FROM pg_catalog.pg_database d
ORDER BY d.datistemplate, d.datname
LIMIT 10000`;

interface DatabaseRow {
  name: string;
  owner: string;
  isTemplate: boolean;
  allowConnections: boolean;
  canConnect: boolean;
  /** bigint arrives as text. */
  sizeBytes: string | null;
}

export async function listDatabasesOp(scope: SessionScope, msg: RequestOf<'databases.list'>): Promise<DatabaseList> {
  if (msg.connectionId !== undefined) {
    const client = await scope.connections.client(msg.connectionId);
    try {
      return await readDatabases(client.pg);
    } finally {
      client.release();
    }
  }
  // The schema guarantees exactly one of connectionId and profile.
  const profile = msg.profile!;
  const release = scope.claimConnectSlot();
  try {
    const target = await resolveTarget(scope.bridge, profile, msg.secrets);
    const { client } = await connectWithPlan(scope, msg.id, target, {
      signal: scope.signal,
      logger: scope.logger,
      homeDir: scope.bridge.homeDir,
      ...(scope.bridge.targetPolicy === undefined ? {} : { targetPolicy: scope.bridge.targetPolicy }),
    });
    client.on('error', (error) => scope.logger.debug('database list connection error', { error }));
    try {
      return await readDatabases(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    release();
  }
}

async function readDatabases(client: pg.ClientBase): Promise<DatabaseList> {
  try {
    const { rows } = await client.query<DatabaseRow>(DATABASES_SQL);
    return {
      databases: rows.map(({ sizeBytes, ...row }) => ({ ...row, ...(sizeBytes === null ? {} : { sizeBytes: Number(sizeBytes) }) })),
    };
  } catch (error) {
    throw translateError(error, { stage: 'ready' });
  }
}
