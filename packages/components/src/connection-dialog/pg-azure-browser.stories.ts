import { html } from 'lit';
import './pg-azure-browser.js';
import type { Meta, Story } from '../test-support/csf.js';
import { storyClient } from '../test-support/story-client.js';

interface AzureArgs {
  bridge: boolean;
}

const meta: Meta<AzureArgs> = {
  title: 'Elements/pg-azure-browser',
  component: 'pg-azure-browser',
  args: { bridge: true },
  render: (args) => html`<pg-azure-browser .client=${args.bridge ? storyClient('success') : undefined}></pg-azure-browser>`,
};
export default meta;

export const ServersInASubscription: Story<AzureArgs> = {};

export const WithoutBridge: Story<AzureArgs> = { args: { bridge: false } };
