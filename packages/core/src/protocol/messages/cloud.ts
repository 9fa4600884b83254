/**
 * Cloud sign-in: AWS profiles for RDS IAM, Microsoft Entra accounts for Azure Database for PostgreSQL,
 * and the Azure Resource Manager lists behind Browse Azure and Fetch Azure Metadata. Tokens stay in the
 * bridge; the page sees accounts, expiry times and device codes, never a token.
 */
import * as z from 'zod/mini';
import { event, Id, LIMITS, op, text, Timestamp } from './common.js';

const name = text(LIMITS.name);
/** MSAL home account ids (`<object id>.<tenant id>`) and ARM ids are longer than request ids. */
const AccountId = text(LIMITS.name);
const Guid = z.string().check(z.regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/));

export const awsProfilesList = op('aws.profiles.list', {}, {
  profiles: z.array(z.strictObject({ name, region: z.optional(text(64)), sso: z.boolean() })).check(z.maxLength(1_000)),
  /** From AWS_REGION / AWS_DEFAULT_REGION or the default profile. */
  defaultRegion: z.optional(text(64)),
});

export const EntraAccountSchema = z.strictObject({
  accountId: AccountId,
  /** The sign-in name, usually an email address. */
  username: name,
  displayName: z.optional(name),
  tenantId: Guid,
});

export const entraAccountsList = op('entra.accounts.list', {}, { accounts: z.array(EntraAccountSchema).check(z.maxLength(100)) });

/**
 * `authCode` opens the system browser with a loopback redirect (local mode); `deviceCode` pushes
 * `event.entra.deviceCode` and suits server mode and machines without a browser.
 */
export const entraAccountsAdd = op(
  'entra.accounts.add',
  { flow: z.enum(['authCode', 'deviceCode']), tenantId: z.optional(name) },
  { account: EntraAccountSchema },
);

export const entraAccountsRemove = op('entra.accounts.remove', { accountId: AccountId }, {});

/** Absent `accountId` clears the cached tokens of every account. */
export const entraAccountsClearCache = op('entra.accounts.clearCache', { accountId: z.optional(AccountId) }, {});

export const entraTenantsList = op('entra.tenants.list', { accountId: AccountId }, {
  tenants: z
    .array(z.strictObject({ tenantId: Guid, displayName: z.optional(name), defaultDomain: z.optional(name) }))
    .check(z.maxLength(1_000)),
});

export const azureSubscriptionsList = op('azure.subscriptions.list', { accountId: AccountId }, {
  subscriptions: z
    .array(z.strictObject({ subscriptionId: Guid, displayName: name, tenantId: Guid }))
    .check(z.maxLength(1_000)),
});

/**
 * `tenantId` is the subscription's tenant (from `azure.subscriptions.list`): a subscription in another tenant than
 * the account's home needs a token from that tenant. Absent means the account's home tenant.
 */
export const azureResourceGroupsList = op('azure.resourceGroups.list', { accountId: AccountId, subscriptionId: Guid, tenantId: z.optional(Guid) }, {
  resourceGroups: z.array(z.strictObject({ name, location: text(64) })).check(z.maxLength(10_000)),
});

export const AzureServerSchema = z.strictObject({
  name,
  resourceGroup: name,
  location: text(64),
  /** The host name to connect to: `<name>.postgres.database.azure.com`. */
  fqdn: text(LIMITS.host),
  version: z.optional(text(32)),
  state: z.optional(text(64)),
  entraAuth: z.optional(z.boolean()),
  passwordAuth: z.optional(z.boolean()),
});

export const azureServersList = op(
  'azure.servers.list',
  { accountId: AccountId, subscriptionId: Guid, resourceGroup: z.optional(name), tenantId: z.optional(Guid) },
  { servers: z.array(AzureServerSchema).check(z.maxLength(10_000)) },
);

/** Finds the server behind a host name across the account's subscriptions (the dialog's Azure Metadata panel). */
export const azureMetadataFetch = op('azure.metadata.fetch', { accountId: AccountId, host: text(LIMITS.host) }, {
  subscriptionId: Guid,
  resourceGroup: name,
  serverName: name,
  location: z.optional(text(64)),
});

export const entraDeviceCodeEvent = event('event.entra.deviceCode', {
  /** The `entra.accounts.add` request waiting for the user. */
  requestId: Id,
  userCode: text(64),
  verificationUri: z.url({ protocol: /^https$/ }),
  expiresAt: Timestamp,
});

/** A cloud token was renewed for a pooled connection; the page can show the new expiry. */
export const tokenRefreshedEvent = event('event.token.refreshed', {
  connectionId: Id,
  provider: z.enum(['awsIam', 'entra']),
  expiresAt: Timestamp,
});
