/**
 * A stand-in for Azure Resource Manager: the list operations Browse Azure uses (tenants, subscriptions, resource
 * groups, PostgreSQL flexible servers per subscription or resource group), paged with `nextLink` as ARM pages,
 * behind a bearer-token check against the Entra stand-in's signing key and the ARM audience. Every call is
 * recorded with the caller's oid and tenant, so tests can tell which account browsed.
 */
import { createServer, type Server } from 'node:https';
import type { ServerCert } from './certs.js';
import type { DirectoryUser } from './entra-authority.js';
import { verifyJwt, type SigningKey } from './jwt.js';

export interface ArmTenantRecord { tenantId: string; displayName: string; defaultDomain: string }
export interface ArmSubscriptionRecord { subscriptionId: string; displayName: string; tenantId: string; readers: string[] }
export interface ArmResourceGroupRecord { subscriptionId: string; name: string; location: string }
export interface ArmServerRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  version: string;
  entraAuth: boolean;
  passwordAuth: boolean;
}

export interface ArmData {
  tenants: ArmTenantRecord[];
  subscriptions: ArmSubscriptionRecord[];
  resourceGroups: ArmResourceGroupRecord[];
  servers: ArmServerRecord[];
}

export interface ArmCall { path: string; oid: string; tid: string; status: number }

export interface ArmStandIn {
  url: string;
  calls: ArmCall[];
  close(): Promise<void>;
}

export async function startArmServer(options: { tls: ServerCert; key: SigningKey; users: DirectoryUser[]; data: ArmData; pageSize?: number; audience?: string }): Promise<ArmStandIn> {
  const { data } = options;
  const pageSize = options.pageSize ?? 2;
  const audience = options.audience ?? 'https://management.azure.com';
  const calls: ArmCall[] = [];
  let base = '';

  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, body: unknown, who: { oid: string; tid: string } = { oid: '', tid: '' }) => {
      calls.push({ path: url.pathname, ...who, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const verdict = verifyJwt(bearer, options.key, { audience });
    if (!verdict.ok) return send(401, { error: { code: 'InvalidAuthenticationToken', message: verdict.reason } });
    const who = { oid: String(verdict.claims.oid), tid: String(verdict.claims.tid) };
    const user = options.users.find((u) => u.oid === who.oid);

    const page = <T>(rows: T[]) => {
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const next = skip + pageSize < rows.length ? new URL(url) : undefined;
      next?.searchParams.set('$skiptoken', String(skip + pageSize));
      send(200, { value: rows.slice(skip, skip + pageSize), ...(next && { nextLink: next.toString() }) }, who);
    };
    const subscription = (id: string | undefined) => {
      const sub = data.subscriptions.find((s) => s.subscriptionId === id);
      if (!sub || !sub.readers.includes(who.oid)) {
        send(403, { error: { code: 'AuthorizationFailed', message: `The client '${who.oid}' does not have authorization to perform action over scope '/subscriptions/${id}'.` } }, who);
        return undefined;
      }
      if (sub.tenantId !== who.tid) {
        send(401, { error: { code: 'InvalidAuthenticationTokenTenant', message: `The access token is from the wrong issuer '${who.tid}'.` } }, who);
        return undefined;
      }
      return sub;
    };

    const parts = url.pathname.split('/').filter((p) => p !== '');
    const lower = parts.map((p) => p.toLowerCase());
    if (lower.length === 1 && lower[0] === 'tenants') {
      return page(data.tenants.filter((t) => user?.tenants.includes(t.tenantId)).map((t) => ({ id: `/tenants/${t.tenantId}`, tenantCategory: 'Home', ...t })));
    }
    if (lower.length === 1 && lower[0] === 'subscriptions') {
      return page(data.subscriptions.filter((s) => s.tenantId === who.tid && s.readers.includes(who.oid)).map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`, subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId, state: 'Enabled',
      })));
    }
    if (lower[0] === 'subscriptions' && lower.length === 3 && lower[2] === 'resourcegroups') {
      const sub = subscription(parts[1]);
      if (!sub) return;
      return page(data.resourceGroups.filter((g) => g.subscriptionId === sub.subscriptionId).map((g) => ({
        id: `/subscriptions/${sub.subscriptionId}/resourceGroups/${g.name}`, name: g.name, type: 'Microsoft.Resources/resourceGroups', location: g.location, properties: { provisioningState: 'Succeeded' },
      })));
    }
    const provider = lower.indexOf('providers');
    if (lower[0] === 'subscriptions' && provider > 0 && lower.slice(provider + 1).join('/') === 'microsoft.dbforpostgresql/flexibleservers') {
      const sub = subscription(parts[1]);
      if (!sub) return;
      const group = lower[2] === 'resourcegroups' ? parts[3]?.toLowerCase() : undefined;
      return page(data.servers.filter((s) => s.subscriptionId === sub.subscriptionId && (group === undefined || s.resourceGroup.toLowerCase() === group)).map((s) => ({
        id: `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${s.name}`,
        name: s.name,
        type: 'Microsoft.DBforPostgreSQL/flexibleServers',
        location: s.location,
        sku: { name: 'Standard_D2ds_v5', tier: 'GeneralPurpose' },
        properties: {
          fullyQualifiedDomainName: `${s.name}.postgres.database.azure.com`,
          state: 'Ready',
          version: s.version,
          administratorLogin: s.passwordAuth ? 'azureadmin' : undefined,
          authConfig: { activeDirectoryAuth: s.entraAuth ? 'Enabled' : 'Disabled', passwordAuth: s.passwordAuth ? 'Enabled' : 'Disabled' },
          network: { publicNetworkAccess: 'Enabled' },
        },
      })));
    }
    send(404, { error: { code: 'InvalidResourceType', message: 'not found' } }, who);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ARM stand-in did not bind');
  base = `https://127.0.0.1:${address.port}`;
  return {
    url: base,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
