import type { ConnectionStringFormat, OutputFormat } from '../internal/core.js';
import type { TestStage } from '../client/protocol.js';

export const STAGE_LABELS: Record<TestStage, string> = {
  dns: 'Resolve host name',
  tcp: 'Open TCP connection',
  ssh: 'SSH tunnel',
  tls: 'TLS handshake',
  auth: 'Authenticate',
  ready: 'Session ready',
  facts: 'Server facts',
  privileges: 'Check privileges',
};

export const FORMAT_LABELS: Record<ConnectionStringFormat, string> = {
  uri: 'PostgreSQL URI',
  keyValue: 'libpq key=value',
  jdbc: 'JDBC URL',
  npgsql: 'Npgsql / ADO.NET',
  psql: 'psql command',
  env: 'Environment exports',
  node: 'Node.js (pg)',
  psycopg2: 'Python (psycopg2)',
  php: 'PHP pg_connect',
  ruby: 'Ruby PG::Connection',
};

export const OUTPUT_FORMATS: { format: OutputFormat; label: string }[] = [
  { format: 'uri', label: 'PostgreSQL URI' },
  { format: 'keyValue', label: 'libpq key=value' },
  { format: 'jdbc', label: 'JDBC URL' },
  { format: 'npgsql', label: 'Npgsql / ADO.NET' },
  { format: 'psql', label: 'psql command' },
  { format: 'env', label: 'Environment exports' },
  { format: 'pgpass', label: '.pgpass line' },
];
