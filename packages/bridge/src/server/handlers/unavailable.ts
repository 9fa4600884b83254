/**
 * Operations whose modules this bridge does not ship yet (SSH host-key prompts, AWS profiles, Microsoft Entra
 * and Azure browsing). `hello.result` does not list their capabilities, so a page hides them; a page that asks
 * anyway gets a clear answer naming the feature rather than a generic failure.
 */
import { BridgeError, type RequestType } from '@pgconnect/core';

const FEATURES: Partial<Record<RequestType, string>> = {
  'ssh.hostKey.confirm': 'SSH tunnels',
  'aws.profiles.list': 'AWS profiles',
  'entra.accounts.list': 'Microsoft Entra accounts',
  'entra.accounts.add': 'Microsoft Entra accounts',
  'entra.accounts.remove': 'Microsoft Entra accounts',
  'entra.accounts.clearCache': 'Microsoft Entra accounts',
  'entra.tenants.list': 'Microsoft Entra accounts',
  'azure.subscriptions.list': 'Browse Azure',
  'azure.resourceGroups.list': 'Browse Azure',
  'azure.servers.list': 'Browse Azure',
  'azure.metadata.fetch': 'Fetch Azure Metadata',
};

export function unavailableOp(type: RequestType): never {
  throw new BridgeError('BRIDGE_CAPABILITY_UNAVAILABLE', { data: { capability: FEATURES[type] ?? type } });
}
