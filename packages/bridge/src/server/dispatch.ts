/**
 * The one switch from a validated request to its handler. It ends in `msg satisfies never`, so a message type
 * added to core's union does not compile until it is handled here.
 */
import type { ClientRequest, RequestType, ResultPayload } from '@pgconnect/core';
import type { SessionScope } from './context.js';
import { cancelTestOp, testConnectionOp } from './handlers/connection-test.js';
import { closeConnectionOp, listConnectionsOp, openConnectionOp } from './handlers/connections.js';
import { listDatabasesOp } from './handlers/databases.js';
import { envCheckOp } from './handlers/env.js';
import {
  addEntraAccountOp,
  clearEntraCacheOp,
  fetchAzureMetadataOp,
  listAwsProfilesOp,
  listAzureResourceGroupsOp,
  listAzureServersOp,
  listAzureSubscriptionsOp,
  listEntraAccountsOp,
  listEntraTenantsOp,
  removeEntraAccountOp,
} from './handlers/cloud.js';
import { exportOp, importApplyOp, importOp } from './handlers/import-export.js';
import { queryOp } from './handlers/query.js';
import {
  deleteGroupOp,
  deleteProfileOp,
  deleteSecretsOp,
  duplicateProfileOp,
  getProfileOp,
  hasSecretsOp,
  listGroupsOp,
  listProfilesOp,
  listRecentOp,
  removeRecentOp,
  saveGroupOp,
  saveProfileOp,
  saveSecretsOp,
  secretsStatusOp,
} from './handlers/stores.js';
import { confirmHostKeyOp } from './handlers/ssh.js';

/** Resolves to the result's fields (without id and type); throws a BridgeError for an `error` frame. */
export async function dispatch(scope: SessionScope, msg: ClientRequest): Promise<ResultPayload<RequestType>> {
  switch (msg.type) {
    case 'connection.test':
      return testConnectionOp(scope, msg);
    case 'connection.test.cancel':
      return cancelTestOp(scope, msg);
    case 'connection.open':
      return openConnectionOp(scope, msg);
    case 'connection.close':
      return closeConnectionOp(scope, msg);
    case 'connection.list':
      return listConnectionsOp(scope);
    case 'databases.list':
      return listDatabasesOp(scope, msg);
    case 'query':
      return queryOp(scope, msg);
    case 'profiles.list':
      return listProfilesOp(scope, msg);
    case 'profiles.get':
      return getProfileOp(scope, msg);
    case 'profiles.save':
      return saveProfileOp(scope, msg);
    case 'profiles.delete':
      return deleteProfileOp(scope, msg);
    case 'profiles.duplicate':
      return duplicateProfileOp(scope, msg);
    case 'groups.list':
      return listGroupsOp(scope);
    case 'groups.save':
      return saveGroupOp(scope, msg);
    case 'groups.delete':
      return deleteGroupOp(scope, msg);
    case 'recent.list':
      return listRecentOp(scope);
    case 'recent.remove':
      return removeRecentOp(scope, msg);
    case 'secrets.save':
      return saveSecretsOp(scope, msg);
    case 'secrets.delete':
      return deleteSecretsOp(scope, msg);
    case 'secrets.has':
      return hasSecretsOp(scope, msg);
    case 'secrets.status':
      return secretsStatusOp(scope);
    case 'import':
      return importOp(scope, msg);
    case 'import.apply':
      return importApplyOp(scope, msg);
    case 'export':
      return exportOp(scope, msg);
    case 'env.check':
      return envCheckOp(scope, msg);
    case 'ssh.hostKey.confirm':
      return confirmHostKeyOp(scope, msg);
    case 'aws.profiles.list':
      return listAwsProfilesOp(scope);
    case 'entra.accounts.list':
      return listEntraAccountsOp(scope);
    case 'entra.accounts.add':
      return addEntraAccountOp(scope, msg);
    case 'entra.accounts.remove':
      return removeEntraAccountOp(scope, msg);
    case 'entra.accounts.clearCache':
      return clearEntraCacheOp(scope, msg);
    case 'entra.tenants.list':
      return listEntraTenantsOp(scope, msg);
    case 'azure.subscriptions.list':
      return listAzureSubscriptionsOp(scope, msg);
    case 'azure.resourceGroups.list':
      return listAzureResourceGroupsOp(scope, msg);
    case 'azure.servers.list':
      return listAzureServersOp(scope, msg);
    case 'azure.metadata.fetch':
      return fetchAzureMetadataOp(scope, msg);
  }
  return msg satisfies never;
}
