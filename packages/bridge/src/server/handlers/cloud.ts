/**
 * Cloud sign-in and browsing: the AWS profiles behind RDS IAM, Microsoft Entra accounts and tenants, and the
 * Azure Resource Manager lists behind Browse Azure and Fetch Azure Metadata. Tokens stay in the bridge: the
 * page gets accounts, device codes and lists, never a token.
 */
import { BridgeError, type RequestOf, type ResultPayload } from '@pgconnect/core';
import type { EntraAuth } from '../../auth/entra.js';
import type { SessionScope } from '../context.js';

export async function listAwsProfilesOp(scope: SessionScope): Promise<ResultPayload<'aws.profiles.list'>> {
  // The profiles in ~/.aws belong to the user running the bridge: listed for that user's own page only.
  if (scope.bridge.mode !== 'local') throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'AWS profiles' } });
  const { profiles, defaultRegion } = await planning(scope).aws().listProfiles();
  return { profiles, ...(defaultRegion === undefined ? {} : { defaultRegion }) };
}

export async function listEntraAccountsOp(scope: SessionScope): Promise<ResultPayload<'entra.accounts.list'>> {
  return { accounts: await (await entra(scope)).listAccounts() };
}

/**
 * Signs an account in. The device code flow pushes the code to the page (`event.entra.deviceCode`) and waits
 * for the user to enter it; the auth code flow opens the system browser, which only makes sense on the user's
 * own machine.
 */
export async function addEntraAccountOp(scope: SessionScope, msg: RequestOf<'entra.accounts.add'>): Promise<ResultPayload<'entra.accounts.add'>> {
  if (msg.flow === 'authCode' && scope.bridge.mode !== 'local') {
    throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', {
      data: { capability: 'browser sign-in' },
      hint: 'This bridge serves pages on other machines, so it cannot open your browser. Use the device code sign-in.',
    });
  }
  const auth = await entra(scope);
  const account = await auth.addAccount({
    flow: msg.flow,
    ...(msg.tenantId === undefined ? {} : { tenantId: msg.tenantId }),
    signal: scope.signal,
    onDeviceCode: ({ userCode, verificationUri, expiresAt }) =>
      scope.push({ type: 'event.entra.deviceCode', requestId: msg.id, userCode, verificationUri, expiresAt: expiresAt.toISOString() }),
  });
  return { account };
}

export async function removeEntraAccountOp(scope: SessionScope, msg: RequestOf<'entra.accounts.remove'>): Promise<ResultPayload<'entra.accounts.remove'>> {
  await (await entra(scope)).removeAccount(msg.accountId);
  return {};
}

export async function clearEntraCacheOp(scope: SessionScope, msg: RequestOf<'entra.accounts.clearCache'>): Promise<ResultPayload<'entra.accounts.clearCache'>> {
  await (await entra(scope)).clearCache(msg.accountId);
  return {};
}

export async function listEntraTenantsOp(scope: SessionScope, msg: RequestOf<'entra.tenants.list'>): Promise<ResultPayload<'entra.tenants.list'>> {
  return { tenants: await (await entra(scope)).listTenants(msg.accountId, scope.signal) };
}

export async function listAzureSubscriptionsOp(scope: SessionScope, msg: RequestOf<'azure.subscriptions.list'>): Promise<ResultPayload<'azure.subscriptions.list'>> {
  return { subscriptions: await (await entra(scope)).arm.subscriptions(msg.accountId, { signal: scope.signal }) };
}

export async function listAzureResourceGroupsOp(scope: SessionScope, msg: RequestOf<'azure.resourceGroups.list'>): Promise<ResultPayload<'azure.resourceGroups.list'>> {
  const arm = (await entra(scope)).arm;
  const resourceGroups = await arm.resourceGroups(msg.accountId, msg.subscriptionId, {
    signal: scope.signal,
    ...(msg.tenantId === undefined ? {} : { tenantId: msg.tenantId }),
  });
  return { resourceGroups };
}

export async function listAzureServersOp(scope: SessionScope, msg: RequestOf<'azure.servers.list'>): Promise<ResultPayload<'azure.servers.list'>> {
  const arm = (await entra(scope)).arm;
  const servers = await arm.servers(msg.accountId, msg.subscriptionId, {
    signal: scope.signal,
    ...(msg.resourceGroup === undefined ? {} : { resourceGroup: msg.resourceGroup }),
    ...(msg.tenantId === undefined ? {} : { tenantId: msg.tenantId }),
  });
  return { servers };
}

export async function fetchAzureMetadataOp(scope: SessionScope, msg: RequestOf<'azure.metadata.fetch'>): Promise<ResultPayload<'azure.metadata.fetch'>> {
  return (await entra(scope)).arm.metadata(msg.accountId, msg.host, scope.signal);
}

function planning(scope: SessionScope) {
  const services = scope.bridge.planning;
  if (!services) throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: 'cloud sign-in' } });
  return services;
}

/** The bridge's Entra client; `ENTRA_NOT_CONFIGURED` (with how to configure it) when it has no client id. */
function entra(scope: SessionScope): Promise<EntraAuth> {
  return planning(scope).entra();
}
