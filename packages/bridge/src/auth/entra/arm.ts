/**
 * Azure Resource Manager REST for Browse Azure and Fetch Azure Metadata: tenants, subscriptions, resource
 * groups and PostgreSQL flexible servers, each list followed through `nextLink` to its end. Every call names the
 * account it runs as, which may differ from the account that logs in to the database (the dual-account model).
 * Only the fields the dialog shows are kept.
 */
import { BridgeError, normalizeHost, type ResultPayload } from '@pgconnect/core';
import type { HttpsJsonClient, JsonResponse } from './https-client.js';

export const ARM_API_VERSIONS = {
  tenants: '2022-12-01',
  subscriptions: '2022-12-01',
  resourceGroups: '2021-04-01',
  flexibleServers: '2024-08-01',
} as const;

/** A safety stop for a service (or an impostor) whose nextLink never ends. */
const MAX_PAGES = 200;

export type AzureTenant = ResultPayload<'entra.tenants.list'>['tenants'][number];
export type AzureSubscription = ResultPayload<'azure.subscriptions.list'>['subscriptions'][number];
export type AzureResourceGroup = ResultPayload<'azure.resourceGroups.list'>['resourceGroups'][number];
export type AzureServer = ResultPayload<'azure.servers.list'>['servers'][number];
export type AzureServerMetadata = ResultPayload<'azure.metadata.fetch'>;

/** Gets an ARM token for the account, in the given tenant (default: its home tenant). */
export type ArmTokenSource = (accountId: string, tenantId: string | undefined, signal?: AbortSignal) => Promise<{ token: string }>;

interface ArmPage<T> {
  value?: T[];
  nextLink?: string | null;
  error?: { code?: string; message?: string };
}

interface ArmTenant {
  tenantId: string;
  displayName?: string;
  defaultDomain?: string;
}

interface ArmSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state?: string;
}

interface ArmResourceGroup {
  name: string;
  location: string;
}

interface ArmFlexibleServer {
  id: string;
  name: string;
  location: string;
  properties?: {
    fullyQualifiedDomainName?: string;
    state?: string;
    version?: string;
    authConfig?: { activeDirectoryAuth?: string; passwordAuth?: string };
  };
}

export class ArmClient {
  constructor(
    private readonly baseUrl: string,
    private readonly http: HttpsJsonClient,
    private readonly tokens: ArmTokenSource,
  ) {}

  async tenants(accountId: string, signal?: AbortSignal): Promise<AzureTenant[]> {
    const rows = await this.#list<ArmTenant>(accountId, undefined, `/tenants?api-version=${ARM_API_VERSIONS.tenants}`, 'the tenants', signal);
    return rows.map((t) => ({ tenantId: t.tenantId, ...(t.displayName ? { displayName: t.displayName } : {}), ...(t.defaultDomain ? { defaultDomain: t.defaultDomain } : {}) }));
  }

  /**
   * The account's subscriptions: in one tenant when given, otherwise in every tenant the account can reach
   * silently (a tenant that needs a new sign-in, MFA for example, is skipped rather than failing the list).
   */
  async subscriptions(accountId: string, options: { tenantId?: string; signal?: AbortSignal } = {}): Promise<AzureSubscription[]> {
    const tenantIds = options.tenantId ? [options.tenantId] : (await this.tenants(accountId, options.signal)).map((t) => t.tenantId);
    const seen = new Set<string>();
    const out: AzureSubscription[] = [];
    for (const tenantId of tenantIds) {
      let rows: ArmSubscription[];
      try {
        rows = await this.#list<ArmSubscription>(accountId, tenantId, `/subscriptions?api-version=${ARM_API_VERSIONS.subscriptions}`, 'the subscriptions', options.signal);
      } catch (error) {
        if (!options.tenantId && error instanceof BridgeError && error.code.startsWith('ENTRA_')) continue;
        throw error;
      }
      for (const s of rows) {
        if (seen.has(s.subscriptionId)) continue;
        seen.add(s.subscriptionId);
        out.push({ subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId });
      }
    }
    return out.sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async resourceGroups(accountId: string, subscriptionId: string, options: { tenantId?: string; signal?: AbortSignal } = {}): Promise<AzureResourceGroup[]> {
    const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/resourcegroups?api-version=${ARM_API_VERSIONS.resourceGroups}`;
    const rows = await this.#list<ArmResourceGroup>(accountId, options.tenantId, path, 'the resource groups', options.signal);
    return rows.map((g) => ({ name: g.name, location: g.location })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async servers(accountId: string, subscriptionId: string, options: { resourceGroup?: string; tenantId?: string; signal?: AbortSignal } = {}): Promise<AzureServer[]> {
    const scope = `/subscriptions/${encodeURIComponent(subscriptionId)}${options.resourceGroup ? `/resourceGroups/${encodeURIComponent(options.resourceGroup)}` : ''}`;
    const path = `${scope}/providers/Microsoft.DBforPostgreSQL/flexibleServers?api-version=${ARM_API_VERSIONS.flexibleServers}`;
    const rows = await this.#list<ArmFlexibleServer>(accountId, options.tenantId, path, 'the PostgreSQL servers', options.signal);
    return rows.map(toServer).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Fetch Azure Metadata: the subscription and resource group of the server behind `host`. */
  async metadata(accountId: string, host: string, signal?: AbortSignal): Promise<AzureServerMetadata> {
    const wanted = normalizeHost(host);
    for (const subscription of await this.subscriptions(accountId, signal ? { signal } : {})) {
      const servers = await this.servers(accountId, subscription.subscriptionId, { tenantId: subscription.tenantId, ...(signal && { signal }) }).catch((error: unknown) => {
        // A subscription the account may list but not read is not where the server is.
        if (error instanceof BridgeError && error.code === 'AZURE_ACCESS_DENIED') return [];
        throw error;
      });
      const server = servers.find((s) => normalizeHost(s.fqdn) === wanted);
      if (server) {
        return { subscriptionId: subscription.subscriptionId, resourceGroup: server.resourceGroup, serverName: server.name, location: server.location };
      }
    }
    throw new BridgeError('AZURE_SERVER_NOT_FOUND', { data: { host } });
  }

  async #list<T>(accountId: string, tenantId: string | undefined, path: string, resource: string, signal?: AbortSignal): Promise<T[]> {
    const { token } = await this.tokens(accountId, tenantId, signal);
    const rows: T[] = [];
    let url: string | undefined = `${this.baseUrl}${path}`;
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES) throw new BridgeError('AZURE_ACCESS_DENIED', { message: `Azure returned more than ${MAX_PAGES} pages of ${resource}.`, data: { resource } });
      // nextLink must stay on ARM: the bearer token goes with it.
      if (new URL(url).origin !== new URL(this.baseUrl).origin) throw new BridgeError('BRIDGE_INTERNAL_ERROR', { message: 'Azure returned a nextLink to another host; it was not followed.' });
      const response: JsonResponse<ArmPage<T>> = await this.http.getJson<ArmPage<T>>(url, { authorization: `Bearer ${token}` }, signal).catch((error: unknown) => {
        throw new BridgeError('NET_CONNECT_FAILED', { data: { host: new URL(this.baseUrl).host }, cause: error });
      });
      if (response.status === 401 || response.status === 403) throw new BridgeError('AZURE_ACCESS_DENIED', { data: { resource }, cause: response.body.error });
      if (response.status !== 200) {
        throw new BridgeError('BRIDGE_INTERNAL_ERROR', { message: `Azure Resource Manager answered HTTP ${response.status} when listing ${resource}.`, cause: response.body.error });
      }
      rows.push(...(response.body.value ?? []));
      url = response.body.nextLink || undefined;
    }
    return rows;
  }
}

function toServer(server: ArmFlexibleServer): AzureServer {
  const props = server.properties ?? {};
  const resourceGroup = /\/resourceGroups\/([^/]+)\//i.exec(server.id)?.[1] ?? '';
  const enabled = (value: string | undefined) => (value === undefined ? undefined : value.toLowerCase() === 'enabled');
  const entraAuth = enabled(props.authConfig?.activeDirectoryAuth);
  const passwordAuth = enabled(props.authConfig?.passwordAuth);
  return {
    name: server.name,
    resourceGroup: decodeURIComponent(resourceGroup),
    location: server.location,
    fqdn: props.fullyQualifiedDomainName ?? '',
    ...(props.version !== undefined && { version: props.version }),
    ...(props.state !== undefined && { state: props.state }),
    ...(entraAuth !== undefined && { entraAuth }),
    ...(passwordAuth !== undefined && { passwordAuth }),
  };
}
