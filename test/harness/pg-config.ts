/**
 * postgresql.conf and pg_hba.conf for throwaway clusters, written whole by the harness (nothing from initdb's
 * defaults is relied on) so a test can read here exactly what the server it talks to was told.
 */

export type HbaMethod = 'trust' | 'reject' | 'scram-sha-256' | 'md5' | 'password' | 'cert';

/** One pg_hba.conf line, as data. */
export interface HbaRule {
  /** `host` matches TCP with or without TLS; `hostssl` only TLS; `hostnossl` only plaintext; `local` the Unix socket. */
  type: 'local' | 'host' | 'hostssl' | 'hostnossl';
  /** Default `all`. */
  database?: string;
  /** Default `all`. A role name, `+group`, or a comma-separated list. */
  user?: string;
  /** For host types. Default: both loopbacks (127.0.0.1/32, and ::1/128 when the cluster listens on it). */
  address?: string;
  method: HbaMethod;
  /** Auth options, e.g. `clientcert=verify-full` or `map=certmap`. */
  options?: string;
}

/**
 * What the harness itself needs first in every pg_hba.conf: the superuser over the private Unix socket without a
 * password, for `sql()`, `psql()` and readiness checks, and for a standby's replication connection.
 */
const HARNESS_RULES: HbaRule[] = [
  { type: 'local', database: 'all', user: 'postgres', method: 'trust' },
  { type: 'local', database: 'replication', user: 'postgres', method: 'trust' },
];

/** Used when the test gives no rules: anyone over the socket, SCRAM over TCP. */
export const DEFAULT_HBA: HbaRule[] = [
  { type: 'local', method: 'trust' },
  { type: 'host', method: 'scram-sha-256' },
];

export function renderHba(rules: readonly HbaRule[], loopbacks: readonly string[]): string {
  const lines = ['# Written by the pgconnect test harness (test/harness/pg-config.ts).'];
  for (const rule of [...HARNESS_RULES, ...rules]) {
    const head = [rule.type, rule.database ?? 'all', rule.user ?? 'all'];
    const tail = [rule.method, ...(rule.options ? [rule.options] : [])];
    if (rule.type === 'local') {
      lines.push([...head, ...tail].join('\t'));
    } else {
      const addresses = rule.address ? [rule.address] : loopbacks.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`));
      for (const address of addresses) lines.push([...head, address, ...tail].join('\t'));
    }
  }
  return `${lines.join('\n')}\n`;
}

export type ConfValue = string | number | boolean;

export interface ServerConf {
  port: number;
  listen: readonly string[];
  socketDir: string;
  maxConnections: number;
  /** File names relative to the data dir; `caFile` turns on client certificate verification. */
  ssl?: { certFile: string; keyFile: string; caFile?: string };
  /** For a standby: where to stream from. */
  standby?: { primaryConninfo: string; slot: string };
  settings?: Readonly<Record<string, ConfValue>>;
}

export function renderPostgresqlConf(conf: ServerConf): string {
  const settings: Record<string, ConfValue> = {
    listen_addresses: conf.listen.join(','),
    port: conf.port,
    unix_socket_directories: conf.socketDir,
    max_connections: conf.maxConnections,
    // Small and unsafe on crash: these clusters hold nothing worth keeping and should start fast.
    shared_buffers: '16MB',
    fsync: false,
    synchronous_commit: false,
    password_encryption: 'scram-sha-256',
    ssl: conf.ssl !== undefined,
    ...(conf.ssl && { ssl_cert_file: conf.ssl.certFile, ssl_key_file: conf.ssl.keyFile }),
    ...(conf.ssl?.caFile && { ssl_ca_file: conf.ssl.caFile }),
    // Replication is on in every cluster, so any of them can become a primary for startStandby().
    wal_level: 'replica',
    max_wal_senders: 5,
    max_replication_slots: 5,
    hot_standby: true,
    ...(conf.standby && { primary_conninfo: conf.standby.primaryConninfo, primary_slot_name: conf.standby.slot }),
    logging_collector: false,
    log_destination: 'stderr',
    ...conf.settings,
  };
  const lines = ['# Written by the pgconnect test harness (test/harness/pg-config.ts).'];
  for (const [name, value] of Object.entries(settings)) lines.push(`${name} = ${confValue(value)}`);
  return `${lines.join('\n')}\n`;
}

function confValue(value: ConfValue): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
