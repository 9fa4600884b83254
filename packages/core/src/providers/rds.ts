/**
 * Amazon RDS and Aurora endpoints. The endpoint shapes follow the AWS Advanced JDBC Wrapper's RdsUtils: the
 * region is the label before `rds`/`rds-fips` (or after it in China's newer form). @aws-sdk/rds-signer does
 * not read the region from the host name, so IAM token signing depends on this.
 */
import { normalizeHost, type ProviderMatchBase } from './types.js';

export type RdsEndpointKind =
  | 'instance'
  | 'cluster' // Aurora writer
  | 'cluster-ro' // Aurora reader
  | 'cluster-custom'
  | 'shardgrp' // Aurora Limitless shard group
  | 'proxy'
  | 'proxy-endpoint'
  | 'global'; // Aurora global database writer: no region in the name

export interface RdsMatch extends ProviderMatchBase {
  provider: 'rds';
  endpoint: RdsEndpointKind;
  /** The AWS region from the host name; null for a global database endpoint. */
  region: string | null;
  /** The DB instance, cluster, proxy or proxy endpoint identifier. */
  identifier: string;
}

const KIND = '(?<kind>cluster-custom-|cluster-ro-|cluster-|shardgrp-|proxy-)?';
const REGION = '(?<region>[a-z]{2}(?:-[a-z]+)+-\\d+)';
/** Commercial, GovCloud (`us-gov-…` regions) and the ISO partitions. */
const STANDARD = new RegExp(
  `^(?<id>.+)\\.${KIND}[a-z0-9]+\\.${REGION}\\.rds(?:-fips)?\\.(?:amazonaws\\.com|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov|amazonaws\\.(?:eu|au|uk))$`,
);
/** China: `….rds.cn-north-1.amazonaws.com.cn` (current) and `….cn-north-1.rds.amazonaws.com.cn` (older). */
const CHINA_NEW = new RegExp(`^(?<id>.+)\\.${KIND}[a-z0-9]+\\.rds(?:-fips)?\\.${REGION}\\.amazonaws\\.com\\.cn$`);
const CHINA_OLD = new RegExp(`^(?<id>.+)\\.${KIND}[a-z0-9]+\\.${REGION}\\.rds(?:-fips)?\\.amazonaws\\.com\\.cn$`);
const GLOBAL = /^(?<id>.+)\.global-[a-z0-9]+\.global\.rds\.amazonaws\.com$/;

const COMMERCIAL_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

/** The AWS region in an RDS or Aurora endpoint name, or null (global database, IP address, CNAME, other host). */
export function inferRdsRegion(host: string): string | null {
  return detectRds(host)?.region ?? null;
}

export function detectRds(host: string): RdsMatch | null {
  const name = normalizeHost(host);
  const global = GLOBAL.exec(name);
  if (global?.groups) return rdsMatch('global', global.groups.id ?? '', null, false);

  const standard = STANDARD.exec(name);
  const china = standard ? null : (CHINA_NEW.exec(name) ?? CHINA_OLD.exec(name));
  const groups = (standard ?? china)?.groups;
  if (!groups) return null;
  let id = groups.id ?? '';
  let kind = endpointKind(groups.kind);
  if (kind === 'proxy' && id.endsWith('.endpoint')) {
    kind = 'proxy-endpoint';
    id = id.slice(0, -'.endpoint'.length);
  }
  const region = groups.region ?? null;
  const commercial = standard !== null && name.endsWith('.amazonaws.com') && !region?.startsWith('us-gov-');
  return rdsMatch(kind, id, region, commercial);
}

function endpointKind(prefix: string | undefined): RdsEndpointKind {
  return prefix ? (prefix.slice(0, -1) as RdsEndpointKind) : 'instance';
}

function rdsMatch(endpoint: RdsEndpointKind, identifier: string, region: string | null, commercial: boolean): RdsMatch {
  const aurora = endpoint.startsWith('cluster') || endpoint === 'shardgrp' || endpoint === 'global';
  const proxy = endpoint.startsWith('proxy');
  const notes: string[] = [];
  if (proxy) {
    notes.push('RDS Proxy presents an AWS Certificate Manager certificate, which the system trust store verifies.');
  } else {
    notes.push(
      'RDS certificates are signed by the Amazon RDS CAs, which are not in the system trust store: download the ' +
        'RDS certificate bundle for your AWS partition and choose it as the root certificate.',
    );
  }
  if (region === null) {
    notes.push('A global database endpoint does not contain a region: enter the AWS region for IAM authentication.');
  }
  notes.push('IAM authentication signs a 15-minute token for this exact endpoint; a CNAME or IP address will not do.');
  return {
    provider: 'rds',
    service: aurora ? 'Amazon Aurora PostgreSQL' : proxy ? 'Amazon RDS Proxy' : 'Amazon RDS for PostgreSQL',
    endpoint,
    region,
    identifier,
    preset: {
      sslmode: 'verify-full',
      rootCert: proxy
        ? { kind: 'system' }
        : {
            kind: 'download',
            name: 'Amazon RDS certificate bundle (global-bundle.pem)',
            ...(commercial ? { url: COMMERCIAL_BUNDLE_URL } : {}),
          },
      port: 5432,
      authTypes: ['password', 'awsIam'],
    },
    notes,
  };
}
