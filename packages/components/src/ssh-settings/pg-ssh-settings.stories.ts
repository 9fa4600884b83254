import { html } from 'lit';
import './pg-ssh-settings.js';
import { DEFAULT_SSH } from './defaults.js';
import type { SshSettings, ValidationIssue } from '../internal/core.js';
import type { Meta, Story } from '../test-support/csf.js';
import { SAMPLE_FINGERPRINT } from '../test-support/fixtures.js';

interface SshArgs {
  value: SshSettings;
  hasSecret: boolean;
  noFilePaths: boolean;
  issues: ValidationIssue[];
}

const meta: Meta<SshArgs> = {
  title: 'Elements/pg-ssh-settings',
  component: 'pg-ssh-settings',
  args: { value: DEFAULT_SSH, hasSecret: false, noFilePaths: false, issues: [] },
  render: (args) => html`<pg-ssh-settings .value=${args.value} ?has-secret=${args.hasSecret} ?no-file-paths=${args.noFilePaths} .issues=${args.issues}></pg-ssh-settings>`,
};
export default meta;

export const Off: Story<SshArgs> = {};

export const Password: Story<SshArgs> = {
  args: { value: { enabled: true, host: 'bastion.example.com', port: 22, user: 'ops', auth: { type: 'password', savePassword: true } }, hasSecret: true },
};

export const PrivateKeyWithPinnedHostKey: Story<SshArgs> = {
  args: {
    value: { enabled: true, host: 'bastion.example.com', port: 22, user: 'ops', auth: { type: 'privateKey', key: { path: '/home/ops/.ssh/id_ed25519' }, savePassphrase: false }, knownHostKey: SAMPLE_FINGERPRINT },
  },
};

export const AgentThroughJumpHosts: Story<SshArgs> = {
  args: {
    value: {
      enabled: true,
      host: 'db-bastion.internal',
      port: 22,
      user: 'ops',
      auth: { type: 'agent' },
      jumpHosts: [{ host: 'gateway.example.com', port: 2222, user: 'alice', auth: { type: 'agent' } }],
    },
  },
};

export const WithIssues: Story<SshArgs> = {
  args: {
    value: { enabled: true, host: '', port: 22, user: '', auth: { type: 'agent' } },
    issues: [
      { field: 'ssh.host', code: 'HOST_REQUIRED', message: 'Enter the SSH server name or IP address.', severity: 'error' },
      { field: 'ssh.user', code: 'USER_REQUIRED', message: 'Enter the SSH user name.', severity: 'error' },
    ],
  },
};
