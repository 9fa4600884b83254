/**
 * Server facts for Test Connection: what the server is, what state it is in, how this session reached it and
 * who the session is — read in one round trip from an open `pg.Client`.
 *
 * The statement runs on a backend that has just started, with empty catalog caches, so its cost is mostly the
 * catalog lookups it needs, not the round trip. It therefore reads only built-in functions and settings (and
 * this backend's row of the activity statistics) and touches no catalog table or view. Two things are read
 * elsewhere, in the privilege report, because they need catalogs: the role's attributes (`pg_roles`, about as
 * costly on a fresh backend as everything below together) and the role's memberships (a recursive walk of
 * `pg_auth_members`, several times the cost).
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
  /** This backend's row of the activity statistics (what `pg_stat_ssl` shows): what the server negotiated, whatever the client believes. */
  tls: { encrypted: boolean; protocol: string | null; cipher: string | null; bits: number | null };
  currentUser: string;
  sessionUser: string;
  /** `is_superuser`: whether the current user is a superuser, to whom no privilege check applies. */
  superuser: boolean;
  database: string;
  /** The address and port the server accepted this connection on; null over a Unix socket. */
  serverAddress: string | null;
  serverPort: number | null;
  /** The client address the server saw (what pg_hba.conf matches); null over a Unix socket. */
  clientAddress: string | null;
  backendPid: number;
  settings: {
    serverEncoding: string;
    timeZone: string;
    maxConnections: number | null;
    /** The server's `ssl` setting: whether it accepts TLS at all. */
    ssl: boolean | null;
    passwordEncryption: string | null;
  };
}

/**
 * One statement, one round trip, one row. Every function in it is available to an unprivileged role on PG15+
 * and on a standby. `current_setting(name, true)` returns NULL instead of failing where a managed service hides
 * a setting.
 *
 * On a fresh backend each distinct function, cast and view costs a catalog lookup, so the statement is kept to
 * few of them: settings come back as text and are typed in JavaScript, `CURRENT_USER`, `SESSION_USER` and
 * `CURRENT_CATALOG` are SQL keywords rather than functions, inet values print without a mask for a host
 * address, and TLS comes from `pg_stat_get_activity(pid)` — the function under the `pg_stat_ssl` view, asked
 * for this backend's row only (the view reads every backend's and costs a view expansion).
 */
export const SERVER_FACTS_SQL = `
SELECT
  version() AS "versionString",
  current_setting('server_version') AS "version",
  current_setting('server_version_num') AS "versionNumber",
  pg_catalog.pg_is_in_recovery() AS "inRecovery",
  current_setting('transaction_read_only') AS "transactionReadOnly",
  current_setting('default_transaction_read_only') AS "defaultTransactionReadOnly",
  a.ssl AS "tlsEncrypted",
  a.sslversion AS "tlsProtocol",
  a.sslcipher AS "tlsCipher",
  a.sslbits AS "tlsBits",
  CURRENT_USER AS "currentUser",
  SESSION_USER AS "sessionUser",
  current_setting('is_superuser') AS "superuser",
  CURRENT_CATALOG AS "database",
  inet_server_addr() AS "serverAddress",
  inet_server_port() AS "serverPort",
  inet_client_addr() AS "clientAddress",
  a.pid AS "backendPid",
  current_setting('server_encoding') AS "serverEncoding",
  current_setting('TimeZone') AS "timeZone",
  current_setting('max_connections', true) AS "maxConnections",
  current_setting('ssl', true) AS "ssl",
  current_setting('password_encryption', true) AS "passwordEncryption"
FROM pg_catalog.pg_stat_get_activity(pg_catalog.pg_backend_pid()) a`;

/** The row as {@link SERVER_FACTS_SQL} returns it: settings as the text `current_setting` gives. */
interface FactsRow {
  versionString: string;
  version: string;
  versionNumber: string;
  inRecovery: boolean;
  transactionReadOnly: string;
  defaultTransactionReadOnly: string;
  tlsEncrypted: boolean | null;
  tlsProtocol: string | null;
  tlsCipher: string | null;
  tlsBits: number | null;
  currentUser: string;
  sessionUser: string;
  superuser: string;
  database: string;
  serverAddress: string | null;
  serverPort: number | null;
  clientAddress: string | null;
  backendPid: number;
  serverEncoding: string;
  timeZone: string;
  maxConnections: string | null;
  ssl: string | null;
  passwordEncryption: string | null;
}

/** Reads the facts of the server `client` is connected to. */
export async function readServerFacts(client: pg.ClientBase): Promise<ServerFactsDetail> {
  const { rows } = await client.query<FactsRow>(SERVER_FACTS_SQL);
  const row = rows[0];
  // The server keeps an activity entry for every backend from its start; no row means something is badly off.
  if (!row) throw new Error('the server reported no activity entry for this session');
  return {
    versionString: row.versionString,
    version: row.version,
    versionNumber: Number(row.versionNumber),
    inRecovery: row.inRecovery,
    transactionReadOnly: setting(row.transactionReadOnly),
    defaultTransactionReadOnly: setting(row.defaultTransactionReadOnly),
    tls: { encrypted: row.tlsEncrypted === true, protocol: row.tlsProtocol, cipher: row.tlsCipher, bits: row.tlsBits },
    currentUser: row.currentUser,
    sessionUser: row.sessionUser,
    superuser: setting(row.superuser),
    database: row.database,
    serverAddress: row.serverAddress,
    serverPort: row.serverPort,
    clientAddress: row.clientAddress,
    backendPid: row.backendPid,
    settings: {
      serverEncoding: row.serverEncoding,
      timeZone: row.timeZone,
      maxConnections: row.maxConnections === null ? null : Number(row.maxConnections),
      ssl: row.ssl === null ? null : setting(row.ssl),
      passwordEncryption: row.passwordEncryption,
    },
  };
}

/** A boolean setting as `current_setting` prints it: `on` or `off`. */
function setting(value: string): boolean {
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
