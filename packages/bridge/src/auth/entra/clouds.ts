/**
 * The Microsoft clouds pgconnect knows: where to sign in, where Azure Resource Manager is, and the token scopes
 * for Azure Database for PostgreSQL and for ARM. Values follow azure-cli's `cloud.py` (`ossrdbms_resource_id`,
 * `active_directory`, `resource_manager`). Tests and private clouds override the URLs through `EntraOptions`.
 */
import type { AzureCloud } from '@pgconnect/core';

export interface EntraCloud {
  id: AzureCloud;
  /** `https://login.microsoftonline.com`: the tenant is appended as the authority's path. */
  authorityHost: string;
  armBaseUrl: string;
  /** The scope of a token that is a PostgreSQL password (one audience for every server in the cloud). */
  postgresScope: string;
  /** The scope of a token for ARM (Browse Azure, Fetch Azure Metadata). */
  managementScope: string;
  /** Host names of flexible servers in this cloud; only these get a token unless the operator allows more. */
  postgresHostSuffix: string;
}

export const ENTRA_CLOUDS: Readonly<Record<AzureCloud, EntraCloud>> = {
  public: {
    id: 'public',
    authorityHost: 'https://login.microsoftonline.com',
    armBaseUrl: 'https://management.azure.com',
    postgresScope: 'https://ossrdbms-aad.database.windows.net/.default',
    managementScope: 'https://management.azure.com/.default',
    postgresHostSuffix: '.postgres.database.azure.com',
  },
  usgov: {
    id: 'usgov',
    authorityHost: 'https://login.microsoftonline.us',
    armBaseUrl: 'https://management.usgovcloudapi.net',
    postgresScope: 'https://ossrdbms-aad.database.usgovcloudapi.net/.default',
    managementScope: 'https://management.core.usgovcloudapi.net/.default',
    postgresHostSuffix: '.postgres.database.usgovcloudapi.net',
  },
  china: {
    id: 'china',
    authorityHost: 'https://login.chinacloudapi.cn',
    armBaseUrl: 'https://management.chinacloudapi.cn',
    postgresScope: 'https://ossrdbms-aad.database.chinacloudapi.cn/.default',
    managementScope: 'https://management.core.chinacloudapi.cn/.default',
    postgresHostSuffix: '.postgres.database.chinacloudapi.cn',
  },
};

/** Hosts MSAL has built-in instance metadata for; any other authority host must be listed in `knownAuthorities`. */
export const BUILT_IN_AUTHORITY_HOSTS: ReadonlySet<string> = new Set(Object.values(ENTRA_CLOUDS).map((c) => new URL(c.authorityHost).host));
