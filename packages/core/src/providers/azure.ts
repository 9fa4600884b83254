/**
 * Azure Database for PostgreSQL flexible server: `<server>.postgres.database.azure.com` and its sovereign-cloud
 * counterparts. The retired Single Server used the same public suffix; flexible server is what exists today.
 */
import { normalizeHost, type ProviderMatchBase } from './types.js';

export type AzureCloud = 'public' | 'usgov' | 'china';

export interface AzureMatch extends ProviderMatchBase {
  provider: 'azure';
  cloud: AzureCloud;
  /** The flexible server's name: the first label of the host. */
  serverName: string;
  /** Whether this is the private-endpoint (VNet) name, which resolves only inside the virtual network. */
  privateLink: boolean;
  /** The OAuth scope of a Microsoft Entra token for this cloud's PostgreSQL servers. */
  entraScope: string;
}

const CLOUDS: readonly { suffix: string; cloud: AzureCloud; entraScope: string }[] = [
  { suffix: 'postgres.database.azure.com', cloud: 'public', entraScope: 'https://ossrdbms-aad.database.windows.net/.default' },
  { suffix: 'postgres.database.usgovcloudapi.net', cloud: 'usgov', entraScope: 'https://ossrdbms-aad.database.usgovcloudapi.net/.default' },
  { suffix: 'postgres.database.chinacloudapi.cn', cloud: 'china', entraScope: 'https://ossrdbms-aad.database.chinacloudapi.cn/.default' },
];

export function detectAzure(host: string): AzureMatch | null {
  const name = normalizeHost(host);
  for (const { suffix, cloud, entraScope } of CLOUDS) {
    const match = new RegExp(`^(?<server>[a-z0-9][a-z0-9-]*)\\.(?<private>private\\.)?${suffix.replaceAll('.', '\\.')}$`).exec(name);
    if (!match?.groups) continue;
    const privateLink = match.groups.private !== undefined;
    const notes = [
      'Azure requires TLS. Flexible server certificates chain to public roots (DigiCert Global Root G2, Microsoft ' +
        'RSA Root CA 2017), so the system trust store verifies them.',
      'With Microsoft Entra authentication the user name is the Entra principal (for a person, the UPN, case-sensitive).',
    ];
    if (privateLink) notes.push('This private name resolves only inside the virtual network (or over a VPN or SSH tunnel).');
    return {
      provider: 'azure',
      service: 'Azure Database for PostgreSQL flexible server',
      cloud,
      serverName: match.groups.server ?? '',
      privateLink,
      entraScope,
      preset: { sslmode: 'verify-full', rootCert: { kind: 'system' }, port: 5432, authTypes: ['password', 'entra'] },
      notes,
    };
  }
  return null;
}
