/**
 * Supabase: the direct connection `db.<project-ref>.supabase.co` and the shared Supavisor pooler
 * `aws-<n>-<region>.pooler.supabase.com` (5432 session mode, 6543 transaction mode). The pooler host is shared
 * by every project in the region; it finds the project from the user name, `postgres.<project-ref>`.
 */
import { normalizeHost, type ProviderMatchBase } from './types.js';

export interface SupabaseMatch extends ProviderMatchBase {
  provider: 'supabase';
  endpoint: 'direct' | 'pooler';
  /** From a direct host; a pooler host does not carry it. */
  projectRef: string | null;
  /** From a pooler host, for example `us-east-1`. */
  region: string | null;
}

const DIRECT = /^db\.(?<ref>[a-z0-9]+)\.supabase\.co$/;
const POOLER = /^aws-\d+-(?<region>[a-z]{2}(?:-[a-z]+)+-\d+)\.pooler\.supabase\.com$/;

/** Supabase servers present certificates from Supabase's own root CA, downloadable from the dashboard. */
const SUPABASE_ROOT = { kind: 'download', name: 'Supabase root certificate (prod-ca-2021.crt, Database Settings → SSL Configuration)' } as const;

export function detectSupabase(host: string): SupabaseMatch | null {
  const name = normalizeHost(host);
  const direct = DIRECT.exec(name);
  if (direct?.groups) {
    const ref = direct.groups.ref ?? '';
    return {
      provider: 'supabase',
      service: 'Supabase',
      endpoint: 'direct',
      projectRef: ref,
      region: null,
      preset: { sslmode: 'verify-full', rootCert: SUPABASE_ROOT, port: 5432, authTypes: ['password'], user: 'postgres' },
      notes: [
        'The direct connection is IPv6-only unless the project has the IPv4 add-on; from an IPv4-only network use ' +
          'the session pooler instead.',
        `On the shared pooler the user name is postgres.${ref}.`,
        'Supabase accepts unencrypted connections unless SSL enforcement is turned on in the dashboard.',
      ],
    };
  }
  const pooler = POOLER.exec(name);
  if (pooler?.groups) {
    return {
      provider: 'supabase',
      service: 'Supabase (Supavisor pooler)',
      endpoint: 'pooler',
      projectRef: null,
      region: pooler.groups.region ?? null,
      preset: { sslmode: 'verify-full', rootCert: SUPABASE_ROOT, port: 5432, authTypes: ['password'] },
      notes: [
        'Port 5432 is session mode (one server connection per client, right for this dialog); 6543 is ' +
          'transaction mode, for serverless clients, without session features such as SET or LISTEN.',
        'The user name must be postgres.<project-ref>: the pooler uses it to find your project.',
        'Copy the host from the dashboard: the aws-0/aws-1 prefix differs between projects in the same region.',
      ],
    };
  }
  return null;
}
