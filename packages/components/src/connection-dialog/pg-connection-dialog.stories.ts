/**
 * Every state of the dialog, against a fake bridge (the tests' `FakeBridgeClient`), plus a Live story that talks
 * to a running `pgconnect serve`. The play functions put the dialog into its state the way a user would.
 */
import { html } from 'lit';
import { createProfile } from '@pgconnect/core/profile/defaults.js';
import './pg-connection-dialog.js';
import type { PgConnectionDialog } from './pg-connection-dialog.js';
import { BridgeClient } from '../client/bridge-client.js';
import { WebSocketTransport } from '../client/websocket-transport.js';
import { until } from '../test-support/csf.js';
import type { Meta, Story, StoryContext } from '../test-support/csf.js';
import type { FakeBridgeClient } from '../test-support/fixtures.js';
import { sampleGroups } from '../test-support/fixtures.js';
import { storyClient } from '../test-support/story-client.js';
import type { Scenario } from '../test-support/story-client.js';

interface DialogArgs {
  open: boolean;
  noSidePanel: boolean;
  /** Load a saved profile: the header says Edit Connection. */
  editing: boolean;
  /** What the fake bridge does. */
  scenario: Scenario;
  /** Live story only: connect to a running bridge. */
  live: boolean;
  url: string;
  token: string;
}

const editProfile = () =>
  createProfile({
    id: 'p-orders',
    name: 'Orders primary',
    hosts: [{ host: 'db.example.com', port: 5432 }],
    database: 'app',
    auth: { type: 'password', user: 'app_user', savePassword: true },
  });

const sshProfile = () =>
  createProfile({
    id: 'p-internal',
    name: 'Internal reporting',
    hosts: [{ host: 'reporting.internal', port: 5432 }],
    database: 'reports',
    auth: { type: 'password', user: 'analyst', savePassword: false },
    ssh: { enabled: true, host: 'bastion.example.com', port: 22, user: 'ops', auth: { type: 'agent' } },
  });

let liveClient: BridgeClient | undefined;

function renderDialog(args: DialogArgs) {
  const client = args.scenario === 'none' ? undefined : storyClient(args.scenario);
  const profile = args.scenario === 'hostKey' || args.scenario === 'hostKeyChanged' ? sshProfile() : args.editing ? editProfile() : undefined;
  return html`<pg-connection-dialog .client=${client} .groups=${sampleGroups} .profile=${profile} ?has-password=${args.editing}
    ?no-side-panel=${args.noSidePanel} ?open=${args.open}></pg-connection-dialog>`;
}

const meta: Meta<DialogArgs> = {
  title: 'Elements/pg-connection-dialog',
  component: 'pg-connection-dialog',
  args: { open: true, noSidePanel: false, editing: false, scenario: 'success', live: false, url: '', token: '' },
  argTypes: {
    scenario: { control: 'select', options: ['success', 'failure', 'testing', 'hostKey', 'hostKeyChanged', 'reconnecting', 'unverified', 'none'] },
    live: { table: { disable: true } },
    url: { table: { disable: true } },
    token: { table: { disable: true } },
  },
  parameters: { layout: 'fullscreen' },
  render: renderDialog,
};
export default meta;

const dialogIn = (canvas: HTMLElement) => until(() => canvas.querySelector('pg-connection-dialog'));
const inShadow = <T extends Element>(dialog: PgConnectionDialog, selector: string) => until(() => dialog.shadowRoot?.querySelector<T>(selector));

async function clickTab(dialog: PgConnectionDialog, tab: string): Promise<void> {
  (await inShadow<HTMLButtonElement>(dialog, `#tab-${tab}`)).click();
  await dialog.updateComplete;
}

async function typeString(dialog: PgConnectionDialog, text: string): Promise<void> {
  await clickTab(dialog, 'connectionString');
  const area = await until(() => {
    const el = dialog.shadowRoot?.querySelector<HTMLTextAreaElement>('#connection-string');
    return el && !el.disabled ? el : undefined;
  });
  area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await dialog.updateComplete;
}

async function testConnection({ canvasElement }: StoryContext<DialogArgs>): Promise<PgConnectionDialog> {
  const dialog = await dialogIn(canvasElement);
  await dialog.updateComplete;
  (await inShadow<HTMLButtonElement>(dialog, '.test-button')).click();
  return dialog;
}

export const New: Story<DialogArgs> = {};

export const Edit: Story<DialogArgs> = { args: { editing: true } };

export const WithoutSidePanel: Story<DialogArgs> = { args: { noSidePanel: true } };

export const ConnectionStringTab: Story<DialogArgs> = {
  play: async ({ canvasElement }) => clickTab(await dialogIn(canvasElement), 'connectionString'),
};

export const ParsedString: Story<DialogArgs> = {
  play: async ({ canvasElement }) =>
    typeString(await dialogIn(canvasElement), 'postgresql://app_user@orders.cluster-c8x1.eu-west-1.rds.amazonaws.com:5432/orders?sslmode=verify-full&application_name=billing'),
};

export const StringError: Story<DialogArgs> = {
  play: async ({ canvasElement }) => typeString(await dialogIn(canvasElement), "host=db.example.com port=5432 dbname=app user=alice sslmode='verify-full"),
};

export const BrowseAzureTab: Story<DialogArgs> = {
  play: async ({ canvasElement }) => clickTab(await dialogIn(canvasElement), 'azure'),
};

export const EnvironmentVariableTab: Story<DialogArgs> = {
  play: async ({ canvasElement }) => clickTab(await dialogIn(canvasElement), 'envVar'),
};

export const AdvancedOpen: Story<DialogArgs> = {
  args: { editing: true },
  play: async ({ canvasElement }) => {
    const dialog = await dialogIn(canvasElement);
    (await inShadow<HTMLButtonElement>(dialog, '.advanced-toggle')).click();
    const ssl = await inShadow<HTMLDetailsElement>(dialog, 'details[data-section="ssl"]');
    ssl.open = true;
  },
};

export const Testing: Story<DialogArgs> = {
  args: { editing: true, scenario: 'testing' },
  play: async (context) => {
    const dialog = await testConnection(context);
    await inShadow(dialog, '.test.running');
  },
};

export const SuccessWithPrivileges: Story<DialogArgs> = {
  args: { editing: true, scenario: 'success' },
  play: async (context) => {
    const dialog = await testConnection(context);
    await inShadow(dialog, '.test.ok');
  },
};

export const FailureWithHint: Story<DialogArgs> = {
  args: { editing: true, scenario: 'failure' },
  play: async (context) => {
    const dialog = await testConnection(context);
    await inShadow(dialog, '.test.failed');
  },
};

export const BridgeUnavailable: Story<DialogArgs> = { args: { scenario: 'reconnecting' } };

export const BridgeNotVerified: Story<DialogArgs> = { args: { scenario: 'unverified' } };

export const NoBridge: Story<DialogArgs> = {
  args: { editing: true, scenario: 'none' },
  play: async (context) => {
    const dialog = await testConnection(context);
    await inShadow(dialog, '.test.failed');
  },
};

export const HostKeyPrompt: Story<DialogArgs> = {
  args: { scenario: 'hostKey' },
  play: async (context) => {
    const dialog = await testConnection(context);
    await until(() => dialog.shadowRoot?.querySelector<HTMLDialogElement>('dialog.prompt')?.open);
  },
};

export const HostKeyChanged: Story<DialogArgs> = {
  args: { scenario: 'hostKeyChanged' },
  play: async (context) => {
    const dialog = await testConnection(context);
    await inShadow(dialog, '[part="host-key-changed"]');
  },
};

export const DeviceCode: Story<DialogArgs> = {
  args: { editing: true },
  play: async ({ canvasElement }) => {
    const dialog = await dialogIn(canvasElement);
    const auth = await inShadow<HTMLElement & { updateComplete: Promise<boolean> }>(dialog, 'pg-auth-settings');
    const type = await until(() => auth.shadowRoot?.querySelector<HTMLSelectElement>('#type'));
    type.value = 'entra';
    type.dispatchEvent(new Event('change'));
    await auth.updateComplete;
    (await until(() => auth.shadowRoot?.querySelector<HTMLButtonElement>('[data-flow="deviceCode"]'))).click();
    const client = dialog.client as FakeBridgeClient;
    const sent = await until(() => client.last('entra.accounts.add'));
    client.push('event.entra.deviceCode', {
      requestId: sent.options?.id ?? '',
      userCode: 'F7QK-9XZT',
      verificationUri: 'https://microsoft.com/devicelogin',
      expiresAt: new Date(Date.now() + 14 * 60_000 + 32_000).toISOString(),
    });
    await until(() => auth.shadowRoot?.querySelector('[part="device-code"]'));
  },
};

export const ConnectionLost: Story<DialogArgs> = {
  args: { editing: true },
  play: async ({ canvasElement }) => {
    const dialog = await dialogIn(canvasElement);
    (dialog.client as FakeBridgeClient).push('event.connection.lost', {
      connectionId: 'c1',
      reconnecting: true,
      error: { code: 'PG_CONNECTION_LOST', message: 'The server closed the connection unexpectedly.', hint: 'The bridge is reconnecting; your work is kept.' },
    });
    await inShadow(dialog, '[part="connection-notice"]');
  },
};

/**
 * A real bridge: run `pgconnect serve --origin http://localhost:6006`, paste the URL and token it prints into
 * the controls, then turn on `live`. Off by default, so nothing connects unless asked.
 */
export const Live: Story<DialogArgs> = {
  args: { live: false, url: 'ws://127.0.0.1:7345/', token: '' },
  argTypes: { live: { control: 'boolean' }, url: { control: 'text' }, token: { control: 'text' }, scenario: { table: { disable: true } } },
  render: (args) => {
    liveClient?.close();
    liveClient = args.live && args.url && args.token ? new BridgeClient(new WebSocketTransport({ url: args.url, token: args.token })) : undefined;
    return html`<div>
      ${liveClient ? '' : html`<p style="font:14px system-ui;padding:12px 16px;margin:0">Enter the URL and token <code>pgconnect serve --origin http://localhost:6006</code> prints, then turn on <b>live</b>.</p>`}
      <pg-connection-dialog .client=${liveClient} ?open=${args.live && args.open}></pg-connection-dialog>
    </div>`;
  },
};
