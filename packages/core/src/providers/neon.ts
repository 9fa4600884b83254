/**
 * Neon: compute endpoints `ep-<name>-<id>[-pooler].<region>.<aws|azure>.neon.tech`. The `-pooler` suffix routes
 * through PgBouncer in transaction mode. Neon finds the endpoint from TLS SNI, so the host name must reach the
 * server unchanged (keep `sslsni` on).
 */
import { normalizeHost, type ProviderMatchBase } from './types.js';

export interface NeonMatch extends ProviderMatchBase {
  provider: 'neon';
  /** The compute endpoint id, without `-pooler`, for example `ep-cool-darkness-a1b2c3d4`. */
  endpointId: string;
  pooled: boolean;
  /** For example `us-east-2` (AWS) or `eastus2` (Azure); null for the legacy `*.cloud.neon.tech` names. */
  region: string | null;
  cloud: 'aws' | 'azure' | null;
}

const MODERN = /^(?<id>ep-[a-z0-9-]+?)(?<pooler>-pooler)?\.(?<region>[a-z0-9-]+)\.(?<cloud>aws|azure)\.neon\.tech$/;
const LEGACY = /^(?<id>ep-[a-z0-9-]+?)(?<pooler>-pooler)?\.cloud\.neon\.tech$/;

export function detectNeon(host: string): NeonMatch | null {
  const name = normalizeHost(host);
  const groups = (MODERN.exec(name) ?? LEGACY.exec(name))?.groups;
  if (!groups) return null;
  const pooled = groups.pooler !== undefined;
  const notes = [
    'Neon requires TLS and its certificates are publicly trusted, so verify-full with the system trust store works.',
    'Neon also recommends channel_binding=require, which keeps the SCRAM password exchange bound to this TLS session.',
  ];
  if (pooled) {
    notes.push('This is the pooled (PgBouncer, transaction mode) endpoint: use the host without -pooler for ' +
      'migrations, pg_dump, LISTEN/NOTIFY or session settings.');
  }
  return {
    provider: 'neon',
    service: pooled ? 'Neon (pooled)' : 'Neon',
    endpointId: groups.id ?? '',
    pooled,
    region: groups.region ?? null,
    cloud: (groups.cloud as 'aws' | 'azure' | undefined) ?? null,
    preset: { sslmode: 'verify-full', rootCert: { kind: 'system' }, port: 5432, authTypes: ['password'] },
    notes,
  };
}
