import { html } from 'lit';
import './pg-permissions-view.js';
import type { Meta, Story } from '../test-support/csf.js';
import { samplePrivileges } from '../test-support/fixtures.js';
import type { PrivilegeReport } from '../client/protocol.js';

interface PermissionsArgs {
  report: PrivilegeReport;
}

const meta: Meta<PermissionsArgs> = {
  title: 'Elements/pg-permissions-view',
  component: 'pg-permissions-view',
  args: { report: samplePrivileges },
  render: (args) => html`<pg-permissions-view .report=${args.report}></pg-permissions-view>`,
};
export default meta;

export const InheritedGrants: Story<PermissionsArgs> = {};

export const Superuser: Story<PermissionsArgs> = {
  args: { report: { ...samplePrivileges, role: { ...samplePrivileges.role, name: 'postgres', superuser: true, createDb: true, createRole: true } } },
};

export const ReadOnlyRole: Story<PermissionsArgs> = {
  args: {
    report: {
      ...samplePrivileges,
      memberships: [],
      database: { ...samplePrivileges.database, create: false, temp: false },
      schemas: samplePrivileges.schemas.map((s) => ({ ...s, create: false })),
      tables: samplePrivileges.tables.map((t) => ({ ...t, privileges: ['SELECT' as const], via: {} })),
    },
  },
};
