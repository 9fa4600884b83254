import { html } from 'lit';
import './pg-server-groups.js';
import type { Meta, Story } from '../test-support/csf.js';
import { FakeBridgeClient, sampleGroups, sampleSaved } from '../test-support/fixtures.js';
import type { ProfileListItem, ServerGroup } from '../client/protocol.js';

interface GroupsArgs {
  groups: ServerGroup[] | undefined;
  profiles: ProfileListItem[] | undefined;
  /** Load groups and connections from a fake bridge instead. */
  bridge: boolean;
}

const meta: Meta<GroupsArgs> = {
  title: 'Elements/pg-server-groups',
  component: 'pg-server-groups',
  args: { groups: sampleGroups, profiles: sampleSaved, bridge: false },
  render: (args) => {
    const client = args.bridge
      ? new FakeBridgeClient().on('groups.list', () => ({ groups: sampleGroups })).on('profiles.list', () => ({ profiles: sampleSaved }))
      : undefined;
    return html`<pg-server-groups .groups=${args.bridge ? undefined : args.groups} .profiles=${args.bridge ? undefined : args.profiles} .client=${client}></pg-server-groups>`;
  },
};
export default meta;

export const GroupsWithConnections: Story<GroupsArgs> = {};

export const Empty: Story<GroupsArgs> = { args: { groups: [], profiles: [] } };

export const FromTheBridge: Story<GroupsArgs> = { args: { bridge: true } };
