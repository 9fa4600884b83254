import { html } from 'lit';
import './pg-connection-list.js';
import type { Meta, Story } from '../test-support/csf.js';
import { sampleGroups, sampleRecent, sampleSaved } from '../test-support/fixtures.js';
import type { ProfileListItem, RecentEntry } from '../client/protocol.js';

interface ListArgs {
  saved: ProfileListItem[];
  recent: RecentEntry[];
  selectedId: string;
}

const meta: Meta<ListArgs> = {
  title: 'Elements/pg-connection-list',
  component: 'pg-connection-list',
  args: { saved: sampleSaved, recent: sampleRecent(), selectedId: '' },
  render: (args) => html`<div style="max-width:280px"><pg-connection-list .saved=${args.saved} .recent=${args.recent} .groups=${sampleGroups} selected-id=${args.selectedId}></pg-connection-list></div>`,
};
export default meta;

export const SavedAndRecent: Story<ListArgs> = {};

export const Selected: Story<ListArgs> = { args: { selectedId: 'p2' } };

export const Empty: Story<ListArgs> = { args: { saved: [], recent: [] } };
