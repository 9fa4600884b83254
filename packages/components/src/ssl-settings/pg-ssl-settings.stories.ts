import { html } from 'lit';
import './pg-ssl-settings.js';
import type { SslSettings, ValidationIssue } from '../internal/core.js';
import type { Meta, Story } from '../test-support/csf.js';

interface SslArgs {
  value: SslSettings;
  host: string;
  noFilePaths: boolean;
  issues: ValidationIssue[];
}

const meta: Meta<SslArgs> = {
  title: 'Elements/pg-ssl-settings',
  component: 'pg-ssl-settings',
  args: { value: { sslmode: 'verify-full', rootCert: 'system' }, host: 'db.example.com', noFilePaths: false, issues: [] },
  render: (args) => html`<pg-ssl-settings .value=${args.value} host=${args.host} ?no-file-paths=${args.noFilePaths} .issues=${args.issues}></pg-ssl-settings>`,
};
export default meta;

export const VerifyFullWithSystemRoots: Story<SslArgs> = {};

export const RequireWithoutVerification: Story<SslArgs> = { args: { value: { sslmode: 'require' } } };

export const PastedRootAndClientCertificate: Story<SslArgs> = {
  args: {
    value: {
      sslmode: 'verify-ca',
      rootCert: { pem: '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----' },
      clientCert: { path: '/home/alice/.postgresql/postgresql.crt' },
      clientKey: { path: '/home/alice/.postgresql/postgresql.key' },
    },
  },
};

export const ServerModeNoFilePaths: Story<SslArgs> = { args: { noFilePaths: true, value: { sslmode: 'verify-full' } } };

export const WithIssue: Story<SslArgs> = {
  args: {
    host: '10.0.0.5',
    value: { sslmode: 'verify-full' },
    issues: [{ field: 'ssl.sslmode', code: 'SSL_VERIFY_FULL_NO_HOST_NAME', message: 'verify-full checks the server name, and 10.0.0.5 is an IP address.', severity: 'error' }],
  },
};
