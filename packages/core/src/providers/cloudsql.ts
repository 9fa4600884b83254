/**
 * Google Cloud SQL for PostgreSQL. What can be told from the text alone is limited: instances are usually
 * reached by IP address, which looks like any other IP. Only these forms are recognised:
 *  - the instance DNS name `<id>.<id>.<region>.sql.goog` (Private Service Connect and CAS-based instances);
 *  - the write endpoint `<id>.<id>.global.sql-psa.goog`, which follows the primary across failovers;
 *  - a connection name `project:region:instance` pasted where a host belongs. It is not a host name at all:
 *    it is what the Cloud SQL Auth Proxy and connectors take.
 */
import { normalizeHost, type ProviderMatchBase } from './types.js';

export interface CloudSqlMatch extends ProviderMatchBase {
  provider: 'cloudsql';
  endpoint: 'dns-name' | 'write-endpoint' | 'connection-name';
  region: string | null;
  /** Only for a connection name. */
  project: string | null;
  instance: string | null;
}

const DNS_NAME = /^[a-z0-9]+\.[a-z0-9]+\.(?<region>[a-z]+-[a-z]+\d+)\.sql\.goog$/;
const WRITE_ENDPOINT = /^[a-z0-9]+\.[a-z0-9]+\.global\.sql-psa\.goog$/;
/** `project:region:instance`, where a legacy project id may be domain-scoped (`example.com:project`). */
const CONNECTION_NAME = /^(?<project>(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]*):(?<region>[a-z]+-[a-z]+\d+):(?<instance>[a-z][a-z0-9-]*)$/;

/** Each Cloud SQL instance's server certificate comes from a Google CA that no trust store carries. */
const SERVER_CA = { kind: 'download', name: "the instance's server CA certificate (server-ca.pem, Connections → Security)" } as const;

export function detectCloudSql(host: string): CloudSqlMatch | null {
  const name = normalizeHost(host);
  const base = { provider: 'cloudsql', service: 'Google Cloud SQL for PostgreSQL', project: null, instance: null } as const;

  const dns = DNS_NAME.exec(name);
  if (dns?.groups) {
    return {
      ...base,
      endpoint: 'dns-name',
      region: dns.groups.region ?? null,
      preset: { sslmode: 'verify-full', rootCert: SERVER_CA, port: 5432, authTypes: ['password'] },
      notes: [
        'This DNS name is in the server certificate of instances that use a Google-managed CAS CA or Private ' +
          'Service Connect, so verify-full works with the server CA certificate. With a per-instance CA use verify-ca.',
      ],
    };
  }
  if (WRITE_ENDPOINT.test(name)) {
    return {
      ...base,
      endpoint: 'write-endpoint',
      region: null,
      preset: { sslmode: 'verify-ca', rootCert: SERVER_CA, port: 5432, authTypes: ['password'] },
      notes: [
        'The write endpoint resolves only inside the VPC. It follows the primary after a failover, so verify the ' +
          'CA rather than one instance name unless the certificate is known to carry this name.',
      ],
    };
  }
  const connection = CONNECTION_NAME.exec(name);
  if (connection?.groups) {
    return {
      ...base,
      endpoint: 'connection-name',
      region: connection.groups.region ?? null,
      project: connection.groups.project ?? null,
      instance: connection.groups.instance ?? null,
      preset: { sslmode: 'verify-ca', rootCert: SERVER_CA, port: 5432, authTypes: ['password'] },
      notes: [
        'This is an instance connection name, not a host: enter the instance IP address or DNS name instead, or ' +
          'run the Cloud SQL Auth Proxy and connect to it.',
        'Cloud SQL certificates usually name the instance rather than its IP address, so connect by IP with ' +
          'verify-ca and the server CA certificate.',
      ],
    };
  }
  return null;
}
