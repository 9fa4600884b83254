import { html } from 'lit';
import './pg-auth-settings.js';
import type { PgAuthSettings } from './pg-auth-settings.js';
import type { AuthSettings } from '../internal/core.js';
import { until } from '../test-support/csf.js';
import type { Meta, Story } from '../test-support/csf.js';
import { FakeBridgeClient } from '../test-support/fixtures.js';

interface AuthArgs {
  value: AuthSettings;
  host: string;
  hasPassword: boolean;
  tokenExpiresAt: string | undefined;
  /** Give the element a fake bridge (Entra accounts, AWS profiles, Add account). */
  bridge: boolean;
}

const bridge = () =>
  new FakeBridgeClient()
    .on('entra.accounts.list', () => ({ accounts: [{ accountId: 'oid-1.tid-1', username: 'alice@contoso.com', displayName: 'Alice', tenantId: '11111111-1111-1111-1111-111111111111' }] }))
    .on('entra.accounts.add', () => new Promise(() => undefined))
    .on('aws.profiles.list', () => ({ profiles: [{ name: 'default', region: 'eu-west-1', sso: false }, { name: 'prod-sso', region: 'us-east-2', sso: true }], defaultRegion: 'eu-west-1' }));

const meta: Meta<AuthArgs> = {
  title: 'Elements/pg-auth-settings',
  component: 'pg-auth-settings',
  args: { value: { type: 'password', user: 'alice', savePassword: false }, host: 'db.example.com', hasPassword: false, tokenExpiresAt: undefined, bridge: true },
  render: (args) => html`<pg-auth-settings .value=${args.value} host=${args.host} ?has-password=${args.hasPassword} .tokenExpiresAt=${args.tokenExpiresAt}
    .client=${args.bridge ? bridge() : undefined}></pg-auth-settings>`,
};
export default meta;

export const Password: Story<AuthArgs> = {};

export const SavedPassword: Story<AuthArgs> = { args: { hasPassword: true, value: { type: 'password', user: 'alice', savePassword: true } } };

export const Entra: Story<AuthArgs> = { args: { value: { type: 'entra', account: '', tenant: '', user: 'alice@contoso.com' } } };

export const EntraDeviceCode: Story<AuthArgs> = {
  args: { value: { type: 'entra', account: '', tenant: '', user: 'alice@contoso.com' } },
  play: async ({ canvasElement }) => {
    const el = await until(() => canvasElement.querySelector<PgAuthSettings>('pg-auth-settings'));
    (await until(() => el.shadowRoot?.querySelector<HTMLButtonElement>('[data-flow="deviceCode"]'))).click();
    const client = el.client as FakeBridgeClient;
    const sent = await until(() => client.last('entra.accounts.add'));
    client.push('event.entra.deviceCode', {
      requestId: sent.options?.id ?? '',
      userCode: 'F7QK-9XZT',
      verificationUri: 'https://microsoft.com/devicelogin',
      expiresAt: new Date(Date.now() + 14 * 60_000).toISOString(),
    });
    await until(() => el.shadowRoot?.querySelector('[part="device-code"]'));
  },
};

export const AwsIamWithProfiles: Story<AuthArgs> = {
  args: { host: 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com', value: { type: 'awsIam', user: 'app_user', profile: 'prod-sso' } },
};

export const AwsIamTokenExpiry: Story<AuthArgs> = {
  args: { host: 'orders.cluster-c8x1.eu-west-1.rds.amazonaws.com', value: { type: 'awsIam', user: 'app_user' }, tokenExpiresAt: '2030-01-01T12:45:00.000Z' },
};

export const WithoutBridge: Story<AuthArgs> = { args: { bridge: false, value: { type: 'awsIam', user: 'app_user' }, host: 'pg.internal' } };

export const NoAuthentication: Story<AuthArgs> = { args: { value: { type: 'none' } } };
