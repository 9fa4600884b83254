/**
 * Server facts for Test Connection: what the server is, what state it is in and who the session is — read in
 * one round trip from an open `pg.Client`. How the session reached the server (TLS protocol, cipher, whether the
 * certificate was verified) is the connect engine's to report: it holds the socket.
 *
 * The statement runs on a backend that has just started, with empty catalog caches, so its cost is mostly the
 * catalog lookups it needs, not the round trip. It therefore reads only built-in functions and settings and
 * touches no catalog table or view. Two things are read elsewhere, in the privilege report, because they need
 * catalogs: the role's attributes (`pg_roles`, about as costly on a fresh backend as everything below
 * together) and the role's memberships (a recursive walk of `pg_auth_members`, several times the cost).
 */
import type pg from 'pg';
import type { ServerFacts, ServerReport } from '@pgconnect/core';

/** Everything {@link readServerFacts} learns. `toServerFacts()` and `toServerReport()` narrow it to the protocol. */
export interface ServerFactsDetail {
  /** `version()`: product, version, platform and compiler. */
  versionString: string;
  /** `server_version`, e.g. "18.4" or "15.13 (Debian 15.13-1.pgdg120+1)". */
  version: string;
  /** `server_version_num`, e.g. 180004. */
  versionNumber: number;
  /** A standby (or a server still replaying WAL). */
  inRecovery: boolean;
  /** `transaction_read_only` as this session starts a transaction (on for a standby). */
  transactionReadOnly: boolean;
  /** `default_transaction_read_only`: set by the profile, the role, the database or the server. */
  defaultTransactionReadOnly: boolean;
  currentUser: string;
  sessionUser: string;
  /** `is_superuser`: whether the current user is a superuser, to whom no privilege check applies. */
  superuser: boolean;
  database: string;
  backendPid: number;
  settings: {
    serverEncoding: string;
    timeZone: string;
    maxConnections: number | null;
  };
}

/**
 * One statement, one round trip, one row. Every function in it is available to an unprivileged role on PG15+
 * and on a standby, and all of it is read through SQL rather than taken from the ParameterStatus messages of
 * the login, which a connection pooler in between may not pass on. `current_setting(name, true)` returns NULL
 * instead of failing where a managed service hides a setting.
 *
 * On a fresh backend each distinct function, cast and view costs a catalog lookup, so the statement uses few
 * of them: one `current_setting` (the same two-argument form throughout) for every setting, typed in
 * JavaScript; `CURRENT_USER`, `SESSION_USER` and `CURRENT_CATALOG`, which are SQL keywords rather than
 * functions. (Asking the activity statistics for this backend's TLS and addresses, as an earlier version did,
 * more than doubled the cost of the statement — which was then well over half the cost of the whole login.)
 */
export const SERVER_FACTS_SQL = `
SELECT
  version() AS "versionString",
  current_setting('server_version', true) AS "version",
  current_setting('server_version_num', true) AS "versionNumber",
  pg_catalog.pg_is_in_recovery() AS "inRecovery",
  current_setting('transaction_read_only', true) AS "transactionReadOnly",
  current_setting('default_transaction_read_only', true) AS "defaultTransactionReadOnly",
  CURRENT_USER AS "currentUser",
  SESSION_USER AS "sessionUser",
  current_setting('is_superuser', true) AS "superuser",
  CURRENT_CATALOG AS "database",
  pg_catalog.pg_backend_pid() AS "backendPid",
  current_setting('server_encoding', true) AS "serverEncoding",
  current_setting('TimeZone', true) AS "timeZone",
  current_setting('max_connections', true) AS "maxConnections"`;

/** The row as {@link SERVER_FACTS_SQL} returns it: settings as the text `current_setting` gives (NULL if hidden). */
interface FactsRow {
  versionString: string;
  version: string | null;
  versionNumber: string | null;
  inRecovery: boolean;
  transactionReadOnly: string | null;
  defaultTransactionReadOnly: string | null;
  currentUser: string;
  sessionUser: string;
  superuser: string | null;
  database: string;
  backendPid: number;
  serverEncoding: string | null;
  timeZone: string | null;
  maxConnections: string | null;
}

/** Reads the facts of the server `client` is connected to. */
export async function readServerFacts(client: pg.ClientBase): Promise<ServerFactsDetail> {
  const { rows } = await client.query<FactsRow>(SERVER_FACTS_SQL);
  const row = rows[0];
  if (!row) throw new Error('the server returned no row for a SELECT without FROM');
  return {
    versionString: row.versionString,
    version: required(row.version, 'server_version'),
    versionNumber: Number(required(row.versionNumber, 'server_version_num')),
    inRecovery: row.inRecovery,
    transactionReadOnly: setting(row.transactionReadOnly),
    defaultTransactionReadOnly: setting(row.defaultTransactionReadOnly),
    currentUser: row.currentUser,
    sessionUser: row.sessionUser,
    superuser: setting(row.superuser),
    database: row.database,
    backendPid: row.backendPid,
    settings: {
      serverEncoding: required(row.serverEncoding, 'server_encoding'),
      timeZone: required(row.timeZone, 'TimeZone'),
      maxConnections: row.maxConnections === null ? null : Number(row.maxConnections),
    },
  };
}

/** A setting every PostgreSQL has: its absence means something else answered (a proxy or another product). */
function required(value: string | null, name: string): string {
  if (value === null) throw new Error(`the server has no ${name} setting, which every PostgreSQL has`);
  return value;
}

/** A boolean setting as `current_setting` prints it: `on` or `off`. */
function setting(value: string | null): boolean {
  return value === 'on';
}

/** The protocol's `facts`. */
export function toServerFacts(facts: ServerFactsDetail): ServerFacts {
  return {
    versionString: facts.versionString,
    versionNumber: facts.versionNumber,
    serverEncoding: facts.settings.serverEncoding,
    timeZone: facts.settings.timeZone,
    // What a session of this profile would see: read-only by default, or on a standby.
    transactionReadOnly: facts.transactionReadOnly || facts.defaultTransactionReadOnly || facts.inRecovery,
    sessionUser: facts.sessionUser,
    backendPid: facts.backendPid,
    ...(facts.settings.maxConnections !== null && { maxConnections: facts.settings.maxConnections }),
  };
}

/**
 * The protocol's `server`. Host and port are the ones the client dialled (the server's own view of its
 * address is a private or container address behind NAT, a proxy or a tunnel, and null over a socket).
 */
export function toServerReport(facts: ServerFactsDetail, dialled: { host: string; port: number }): ServerReport {
  return {
    version: facts.version,
    inRecovery: facts.inRecovery,
    user: facts.currentUser,
    database: facts.database,
    host: dialled.host,
    port: dialled.port,
  };
}
