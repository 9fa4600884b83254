/** The shapes every provider module returns, so detect.ts and the dialog treat them alike. */
import type { AuthType, SslMode } from '../profile/profile.js';

export type ProviderId = 'rds' | 'azure' | 'supabase' | 'neon' | 'cloudsql';

/** Which root certificate verifies this provider's servers. */
export type RootCertChoice =
  /** Publicly trusted: libpq's `sslrootcert=system` works. */
  | { kind: 'system' }
  /** A provider CA that no trust store carries: the user has to download it and choose the file. */
  | { kind: 'download'; name: string; url?: string };

/** The settings a provider proposes; the dialog offers them, the user decides. */
export interface ProviderPreset {
  sslmode: SslMode;
  rootCert: RootCertChoice;
  port: number;
  /** Authentication types that work with this provider, in the order the dialog should list them. */
  authTypes: readonly AuthType[];
  /** A user name the provider dictates, when the host tells us enough to know it. */
  user?: string;
}

export interface ProviderMatchBase {
  provider: ProviderId;
  /** The product name to show, for example "Amazon Aurora PostgreSQL". */
  service: string;
  preset: ProviderPreset;
  /** What the user should know before connecting, in plain words. */
  notes: string[];
}

/** Host names compare case-insensitively and may end in the DNS root's dot. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}
